import type { Piece } from './inline.js';
import { contentSpan } from './inline.js';
import type { Priority, StatusMark } from './schema.js';
import type { Source, Span } from './source.js';
import { priorityOf, statusOfWord } from './vocabulary.js';

/** Matches a checkbox written by hand: `[ ]`, `[x]`, `[-]`, `[~]`, `[/]`, `[✅]`. */
export const BOX = /^\[(?:[ xX~/-]|(?:\p{Extended_Pictographic}|[✓✔☑])\uFE0F?)\](?=\s|$)/u;
/** Matches a bracket tag in text: `[done]`, `[P1]`, `[WIP]`. */
const TAG = /^\[([^\]\n]{1,24})\](?=\s)/;
/** Matches a word between loose stars, which is no bold: `** IMPORTANT **`. */
const LOOSE_STARS = /^\*\*\s+([^*\n]{1,24}?)\s+\*\*(?=\s)/;
/** Matches an explicit priority tag's word: `P0` … `P3`. */
const PRIORITY = /^P[0-3]$/;

/** Matches the `Issue #1: ` / `Bug 2 — ` / `Issue: ` lead of an issue heading. */
const ISSUE_PREFIX = /^(?:issue|bug|problem|ticket|問題|问题|проблема)\s*(?:#?\d+)?\s*[:.—–-]\s+/iu;
/** Matches the `1. ` / `2) ` lead of a numbered heading. */
const NUMBER_PREFIX = /^\d{1,3}[.)]\s+/;

/** Words that decorate a title without being part of it (`**IMPORTANT**`, `[bug]`). */
const DECORATIONS = new Set([
  'important',
  'note',
  'hot',
  'bug',
  'feature',
  'security',
  'regression',
]);

/** A tag before a title: what it says and how much of the head it takes. */
export interface Tag {
  length: number;
  mark: StatusMark | null;
  priority: Priority | null;
}

/**
 * The tag at `pos` of `piece`: `[done]` or `** IMPORTANT **` in text, or a bold `**[blocked]**` /
 * `**URGENT**` with more after it (`more`). A tag says a status, a priority, or only decorates;
 * a word that is none of these is no tag (`**API** is slow` has the title "API").
 */
export function tagAt(source: Source, piece: Piece, pos: number, more: boolean): Tag | null {
  let inner: Span | null = null;
  let length = 0;
  if (piece.type === 'text') {
    const text = source.text.slice(pos, piece.end);
    const m = TAG.exec(text) ?? LOOSE_STARS.exec(text);
    if (!m) return null;
    const at = pos + m[0].indexOf(m[1]!);
    inner = { start: at, end: at + m[1]!.length };
    length = m[0].length;
  } else if (piece.type === 'strong' && more) {
    const content = contentSpan(source, piece);
    const text = source.slice(content);
    const bracketed = text.startsWith('[') && text.endsWith(']');
    if (!bracketed && text !== text.toUpperCase()) return null;
    inner = bracketed ? { start: content.start + 1, end: content.end - 1 } : content;
    length = piece.end - pos;
  }
  if (!inner) return null;
  const word = source.slice(inner).trim();
  const status = statusOfWord(word);
  if (status)
    return { length, mark: source.mark('word', inner.start, inner.end, status), priority: null };
  const priority = PRIORITY.test(word) ? (word as Priority) : priorityOf(word);
  if (priority && !word.includes(' ')) return { length, mark: null, priority };
  return DECORATIONS.has(word.toLowerCase()) ? { length, mark: null, priority: null } : null;
}

/** The lead of a heading that reads as an issue: `Issue #1: ` or `1. `, and its length. */
export function issueLead(text: string): { prefix: 'issue' | 'number'; length: number } | null {
  const issue = ISSUE_PREFIX.exec(text);
  if (issue) return { prefix: 'issue', length: issue[0].length };
  const number = NUMBER_PREFIX.exec(text);
  return number ? { prefix: 'number', length: number[0].length } : null;
}
