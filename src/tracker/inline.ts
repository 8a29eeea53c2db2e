import type { PhrasingContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Source, Span } from './source.js';

/**
 * A piece of an item's head: one phrasing node of remark's tree (`strong`, `delete`, `link`,
 * `inlineCode`, …) with its span, or a run of text cut to the head. Heads are read from these
 * pieces, so emphasis, strikethrough, links and code are what remark says they are.
 */
export interface Piece {
  type: 'text' | 'strong' | 'delete' | 'emphasis' | 'link' | 'inlineCode' | 'other';
  start: number;
  end: number;
  node: PhrasingContent | null;
}

const KINDS = new Set(['strong', 'delete', 'emphasis', 'link', 'inlineCode']);

/** The pieces of `children` inside `span`; a node that only partly lies in it counts as text. */
export function piecesOf(source: Source, children: PhrasingContent[], span: Span): Piece[] {
  const pieces: Piece[] = [];
  for (const node of children) {
    const at = source.span(node);
    const start = Math.max(at.start, span.start);
    const end = Math.min(at.end, span.end);
    if (start >= end || node.type === 'break') continue;
    const whole = start === at.start && end === at.end;
    if (whole && KINDS.has(node.type)) {
      pieces.push({ type: node.type as Piece['type'], start, end, node });
    } else {
      pieces.push({ type: whole && node.type !== 'text' ? 'other' : 'text', start, end, node });
    }
  }
  return pieces;
}

/** The pieces that lie in `[start, end)`, text pieces cut to it. */
export function within(pieces: Piece[], start: number, end: number): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    if (p.end <= start || p.start >= end) continue;
    if (p.type === 'text')
      out.push({ ...p, start: Math.max(p.start, start), end: Math.min(p.end, end) });
    else if (p.start >= start && p.end <= end) out.push(p);
  }
  return out;
}

/** Matches a backslash escape of markdown punctuation (`\*`, `\_`, `\#`). */
const ESCAPE = /\\([!-/:-@[-`{-~])/g;

/** What a reader sees of the pieces: text without markup, one space between words. */
export function plainOf(source: Source, pieces: Piece[]): string {
  const text = pieces
    .map((p) => {
      if (p.type === 'text') return source.text.slice(p.start, p.end).replace(ESCAPE, '$1');
      if (p.type === 'other') return source.text.slice(p.start, p.end);
      return toString(p.node);
    })
    .join('');
  return tidy(text);
}

/** Matches a run of white space. */
const WHITE_SPACE = /\s+/g;
/** Matches what ends a title but is not part of it: trailing spaces and `:;,.-`. */
const TRAILING_PUNCTUATION = /[\s:;,.-]+$/;

/** One space between words, no trailing punctuation. */
export const tidy = (text: string): string =>
  text.replace(WHITE_SPACE, ' ').trim().replace(TRAILING_PUNCTUATION, '');

/**
 * The source of the pieces with code, links and raw HTML blanked out (same length, so offsets
 * hold): status words, dates and `#12` are read only from what the reader sees as prose.
 */
export function proseOf(source: Source, pieces: Piece[], start: number, end: number): string {
  let out = source.text.slice(start, end);
  for (const p of pieces) {
    if (p.type !== 'inlineCode' && p.type !== 'link' && p.type !== 'other') continue;
    const from = Math.max(p.start, start) - start;
    const to = Math.min(p.end, end) - start;
    if (from < to) out = out.slice(0, from) + ' '.repeat(to - from) + out.slice(to);
  }
  return out;
}

/** The span of a node's content: inside `**…**` or `~~…~~`. */
export function contentSpan(source: Source, piece: Piece): Span {
  const kids = piece.node && 'children' in piece.node ? piece.node.children : [];
  if (!kids.length) return { start: piece.start, end: piece.end };
  return { start: source.span(kids[0]!).start, end: source.span(kids[kids.length - 1]!).end };
}

/**
 * Markdown inline source as plain text (no emphasis, strikethrough, code marks or link
 * targets), for text that is no node of its own: the phrase of a `BLOCKED by …`.
 */
export function plainText(source: string): string {
  return tidy(
    source
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // a link `[text](url)`: its text
      .replace(/(\*\*|__|~~|`)/g, '') // bold, strikethrough and code marks
      .replace(/(^|\s)[*_](\S)/g, '$1$2') // an emphasis mark before a word
      .replace(/(\S)[*_](\s|$)/g, '$1$2'), // an emphasis mark after a word
  );
}
