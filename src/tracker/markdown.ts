import type { Definition, FootnoteDefinition, Nodes, Root, RootContent } from 'mdast';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';

const withGfm = remark().use(remarkGfm);
const commonmark = remark();

/** Pieces are grouped up to about this many characters: remark stays linear, and a parse after an edit re-reads little. */
const PIECE_SIZE = 500;

/** Documents parsed and pieces remark parsed (cache misses), for tests and benchmarks that count work. */
export const markdownStats = { documents: 0, pieceParses: 0 };

/**
 * Parses markdown with remark-parse + remark-gfm into the same tree, positions included, as one
 * whole-text parse, in time that grows with the text. micromark slows down with the number of
 * lists in one document (each list that closes copies the document's events), and trackers have
 * a list under every item; so the text is cut where the document level is certain to start
 * afresh (see `cutPoints`), each piece parsed alone and shifted to its place. Link and footnote
 * definitions, which apply to the whole document, are collected from every piece and given to
 * the pieces that refer to them. Pieces are cached by their text, so parsing a text again after
 * an edit parses only the pieces that changed.
 */
export function parseMarkdown(source: string, options: { pieceSize?: number } = {}): Root {
  markdownStats.documents++;
  // micromark drops a leading BOM and counts positions without it; so do the pieces.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const pieces: Piece[] = [];
  const parsed: RootContent[][] = [];
  const candidates = group(text, cutPoints(text), options.pieceSize ?? PIECE_SIZE);
  for (let next = 0; next < candidates.length;) {
    let piece = candidates[next++]!;
    let nodes = parsePiece(text, piece, []);
    // A code or HTML block still open at the piece's end was not closed where the scan thought.
    while (next < candidates.length && runsToEnd(nodes, piece.end - piece.start)) {
      piece = { start: piece.start, end: candidates[next++]!.end };
      nodes = parsePiece(text, piece, []);
    }
    pieces.push(piece);
    parsed.push(nodes);
  }
  const labels = definitionLabels(parsed);
  const children: RootContent[] = [];
  let line = 1;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const missing = labels.size ? referencedElsewhere(text, piece, parsed[i]!, labels) : [];
    const nodes = missing.length ? parsePiece(text, piece, missing) : parsed[i]!;
    for (const node of nodes) children.push(shifted(node, piece.start, line - 1));
    line += lineCount(text, piece.start, piece.end);
  }
  trimCache(text);
  return {
    type: 'root',
    children,
    position: { start: { line: 1, column: 1, offset: 0 }, end: endPoint(text, line) },
  };
}

/**
 * Parses a short text (an item's notes, a comment) with remark-parse + remark-gfm, or with the
 * lighter CommonMark parser when it holds nothing GFM reads differently: the same tree.
 */
export function parseFragment(text: string): Root {
  return (needsGfm(text) ? withGfm : commonmark).parse(text) as Root;
}

interface Piece {
  start: number;
  end: number;
}

/**
 * The pieces: runs of blocks between cut points, about `size` characters each. Where a piece
 * ends depends on the text near the cut (a hash of its first line), not on everything before
 * it, so an edit moves the cuts of its own piece only and the pieces after it are found again
 * in the cache.
 */
function group(text: string, cuts: number[], size: number): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  for (const cut of cuts) {
    const length = cut - start;
    if (length >= size * 2 || (length >= size / 2 && lineHash(text, cut) % 4 === 0)) {
      pieces.push({ start, end: cut });
      start = cut;
    }
  }
  if (start < text.length || pieces.length === 0) pieces.push({ start, end: text.length });
  return pieces;
}

/** FNV-1a of the first 64 characters of the line at `start`. */
function lineHash(text: string, start: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < Math.min(text.length, start + 64) && text[i] !== '\n'; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash;
}

// A line that opens a fenced code block: up to 3 spaces, then 3+ backticks or tildes.
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
// HTML blocks that may hold blank lines (CommonMark kinds 1 to 5), with what ends each.
const HTML_BLOCKS: [RegExp, RegExp][] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];
// A line ending as micromark reads one: CRLF, a lone CR or LF.
const LINE_END = /\r\n?|\n/g;
// A line that could continue a list or a block quote across a blank line: a list marker or `>`.
const CONTINUES = /^(?:[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|>)/;

/**
 * Offsets where the document level certainly starts afresh: the start of a line that follows a
 * blank line, is not indented, and cannot continue what came before (not a list marker or `>`,
 * not inside a fenced code block or an HTML block that may hold blank lines). Nothing of
 * CommonMark or GFM carries over such a line but definitions, which `parseMarkdown` handles.
 */
export function cutPoints(text: string): number[] {
  const cuts: number[] = [];
  let fence: { char: string; length: number } | null = null;
  let htmlEnd: RegExp | null = null;
  let blankBefore = false;
  for (let start = 0; start < text.length;) {
    LINE_END.lastIndex = start;
    const lineEnd = LINE_END.exec(text);
    const end = lineEnd ? lineEnd.index + lineEnd[0].length : text.length;
    const line = text.slice(start, lineEnd ? lineEnd.index : text.length);
    const blank = /^[ \t]*$/.test(line);
    if (fence) {
      const close = FENCE.exec(line);
      if (
        close &&
        close[1]![0] === fence.char &&
        close[1]!.length >= fence.length &&
        !close[2]!.trim()
      )
        fence = null;
    } else if (htmlEnd) {
      if (htmlEnd.test(line)) htmlEnd = null;
    } else {
      if (blankBefore && !blank && !/^[ \t]/.test(line) && !CONTINUES.test(line)) cuts.push(start);
      const open = FENCE.exec(line);
      if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) {
        fence = { char: open[1]![0]!, length: open[1]!.length };
      } else {
        const html = HTML_BLOCKS.find(([opens]) => opens.test(line));
        if (html && !html[1].test(line.replace(html[0], ''))) htmlEnd = html[1];
      }
    }
    blankBefore = blank;
    start = end;
  }
  return cuts;
}

/** Parsed pieces by their text, least recently used first. */
const cache = new Map<string, RootContent[]>();
let cachedChars = 0;
/** The pieces of small documents a process parses again and again stay; so does any text's twice. */
const CACHE_CHARS = 256_000;

/** Drops the least recently used pieces beyond twice this text (what a run parses: before and after). */
function trimCache(text: string): void {
  const budget = Math.max(CACHE_CHARS, 2 * text.length);
  for (const key of cache.keys()) {
    if (cachedChars <= budget) break;
    cache.delete(key);
    cachedChars -= key.length;
  }
}

/**
 * The top-level nodes of one piece, positioned relative to it. `definitions` are written before
 * the piece and their nodes dropped, so that references to them resolve as in the whole text; an
 * empty HTML comment between, after blank lines, closes a footnote definition (a container) so
 * that the piece reads as it would in the whole text.
 */
function parsePiece(text: string, piece: Piece, definitions: string[]): RootContent[] {
  const source = text.slice(piece.start, piece.end);
  const prefix = definitions.length ? `${definitions.join('\n')}\n\n<!---->\n\n` : '';
  const key = prefix + source;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  markdownStats.pieceParses++;
  const processor = needsGfm(key) ? withGfm : commonmark;
  // micromark drops a BOM that starts its input; one that starts a piece is the text's own.
  const input = key.charCodeAt(0) === 0xfeff ? `\uFEFF${key}` : key;
  const nodes = (processor.parse(input) as Root).children
    .filter((node) => (node.position?.start.offset ?? 0) >= prefix.length)
    .map((node) =>
      prefix ? shifted(node, -prefix.length, -lineCount(prefix, 0, prefix.length)) : node,
    );
  cache.set(key, nodes);
  cachedChars += key.length;
  return nodes;
}

/** Whether the last block of a piece is a code or HTML block that runs to the piece's very end. */
function runsToEnd(nodes: RootContent[], length: number): boolean {
  let last: Nodes | undefined = nodes[nodes.length - 1];
  while (last && 'children' in last && last.children.length) last = last.children.at(-1);
  return (last?.type === 'code' || last?.type === 'html') && last.position?.end.offset === length;
}

// Characters GFM's constructs start from: tables, strikethrough, task items, footnotes, autolinks.
const GFM_TRIGGER = /[|~@[]|www\.|:\/\/|mailto:|xmpp:/i;

/** Whether GFM could read `source` differently from CommonMark; if not, the lighter parser does. */
function needsGfm(source: string): boolean {
  return GFM_TRIGGER.test(source);
}

/**
 * Every link and footnote definition, written as a definition of its identifier, by identifier.
 * The identifier, not the label: mdast decodes escapes and entities in `label` (`\]` is `]`),
 * while the identifier is the source, normalized, and reads back as itself.
 */
function definitionLabels(parsed: RootContent[][]): Map<string, string> {
  const labels = new Map<string, string>();
  const visit = (node: Nodes) => {
    if (node.type === 'definition' || node.type === 'footnoteDefinition') {
      const def = node as Definition | FootnoteDefinition;
      const caret = node.type === 'definition' ? '' : '^';
      labels.set(`${node.type}:${def.identifier}`, `[${caret}${def.identifier}]: #`);
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  for (const nodes of parsed) for (const node of nodes) visit(node);
  return labels;
}

// A bracketed label in source: `[label]`, `[^label]` (inner text without brackets); a backslash
// escapes any character, a line break too.
const BRACKETED = /\[(\^?)((?:[^[\]\\]|\\[\s\S]){1,999})\]/g;

// A line break and the container markers after it: a label broken across the lines of a block
// quote holds them in its source (`[foo\n> bar]`), its identifier does not (`foo bar`).
const LINE_PREFIX = /(?:\r\n?|\n)[ \t>]*/g;

/**
 * Definitions from other pieces that this piece's text may refer to: those whose label appears
 * bracketed in it and that it does not define itself. A label is looked up as written and without
 * quote markers; a definition given that the text does not use changes nothing, since the whole
 * document has it too.
 */
function referencedElsewhere(
  text: string,
  piece: Piece,
  nodes: RootContent[],
  labels: Map<string, string>,
): string[] {
  const own = definitionLabels([nodes]);
  const wanted = new Set<string>();
  for (const m of text.slice(piece.start, piece.end).matchAll(BRACKETED)) {
    // `[^x]` calls footnote `x`, or refers to a link `^x` where no footnote can be so named
    // (a footnote label holds no whitespace, so `[^a b]: /url` defines the link `^a b`).
    const candidates: [string, string][] = m[1]
      ? [
          ['definition', `^${m[2]}`],
          ['footnoteDefinition', m[2]!],
        ]
      : [['definition', m[2]!]];
    for (const [kind, label] of candidates) {
      for (const written of [label, label.replace(LINE_PREFIX, ' ')]) {
        const key = `${kind}:${normalizeLabel(written)}`;
        const definition = labels.get(key);
        if (definition && !own.has(key)) wanted.add(definition);
      }
    }
  }
  return [...wanted];
}

/** An identifier as mdast writes it: whitespace collapsed, case folded as micromark does, lower case. */
function normalizeLabel(label: string): string {
  return label
    .replace(/[\t\n\r ]+/g, ' ')
    .replace(/^ | $/g, '')
    .toLowerCase()
    .toUpperCase()
    .toLowerCase();
}

/** A deep copy of `node` with every position moved by `offset` characters and `lines` lines. */
function shifted<T extends Nodes>(node: T, offset: number, lines: number): T {
  const copy = { ...node };
  if (node.position) {
    const { start, end } = node.position;
    copy.position = {
      start: {
        line: start.line + lines,
        column: start.column,
        offset: (start.offset ?? 0) + offset,
      },
      end: { line: end.line + lines, column: end.column, offset: (end.offset ?? 0) + offset },
    };
  }
  if ('children' in node) {
    (copy as { children: Nodes[] }).children = node.children.map((child) =>
      shifted(child, offset, lines),
    );
  }
  return copy;
}

/** How many line endings `[start, end)` holds: LF, CRLF and a lone CR, as micromark counts lines. */
function lineCount(text: string, start: number, end: number): number {
  let count = 0;
  for (let at = start; at < end; at++) {
    const char = text.charCodeAt(at);
    if (char === 10 || (char === 13 && text.charCodeAt(at + 1) !== 10)) count++;
  }
  return count;
}

/** The point at the end of the text, on its last line. */
function endPoint(text: string, line: number) {
  const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return { line, column: text.length - lastBreak, offset: text.length };
}
