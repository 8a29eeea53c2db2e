import { toString } from 'mdast-util-to-string';
import type { Piece } from './inline.js';
import type { Source, Span } from './source.js';
import { LEADING_STATUS_WORD, STATUS_SUFFIX, statusOfEmoji, statusOfWord } from './vocabulary.js';

// Where the title of an item ends when it is plain text (not bold, not struck through): the
// rule that keeps `Stage B — billing: invoices` whole and cuts `Cache warmup — blocked on …`.

/** Matches what may end a plain title: ` (`, ` | `, a dash or an arrow. */
const CUT = /\s+(\(|\|(?=\s)|[—–-]+(?=\s|$)|<[-=]+|[-=]+>|[←→⇐⇒])/g;
/** Matches the start of a note after a dash: `was …`, `see …`, a number, `#12`, an emoji. */
const NOTE = /^\s*(?:(?:was|see)\b|#?\d|\p{Extended_Pictographic})/iu;
/** Matches the brackets of a tag: `[wip]`. */
const BRACKETS = /^\[|\]$/g;
/** Matches a status tag at the end of a title: ` [done]`. */
const TAG_SUFFIX = /\s+\[([^\]\n]{1,24})\]\s*$/;
/** Matches a dash, not a parenthesis or an arrow. */
const DASH = /^[—–-]+$/;

/**
 * Where a plain title ends: at ` (` or ` | `, at an arrow, at a dash followed by a note (a
 * status, "was …", a number, code, bold), else before a status suffix, else at the limit.
 */
export function titleEnd(source: Source, run: Piece[], limit: number): number {
  for (let n = 0; n < run.length; n++) {
    const p = run[n]!;
    if (p.type !== 'text') continue;
    const t = source.text.slice(p.start, p.end);
    for (const m of t.matchAll(CUT)) {
      const after = t.slice(m.index + m[0].length);
      const dash = DASH.test(m[1]!);
      const note = after.trim()
        ? NOTE.test(after) || LEADING_STATUS_WORD.test(after)
        : n + 1 < run.length && run[n + 1]!.type !== 'text';
      if (!dash || note) return p.start + m.index;
    }
  }
  // Strip status suffixes from the end: ` ✅ FIXED`, ` **FIXED**`.
  let end = limit;
  for (let n = run.length - 1; n >= 0; n--) {
    const p = run[n]!;
    const text = source.text.slice(p.start, Math.min(p.end, end));
    if (p.type === 'strong' && statusOfWord(toString(p.node).replace(BRACKETS, ''))) {
      end = p.start;
      continue;
    }
    if (p.type !== 'text') break;
    const tag = TAG_SUFFIX.exec(text);
    if (tag && statusOfWord(tag[1]!)) {
      end = p.start + tag.index;
      if (tag.index > 0) break;
      continue;
    }
    const m = STATUS_SUFFIX.exec(text);
    const status = m && (m[2] || (m[1] && statusOfEmoji(m[1])));
    if (!m || !status) break;
    end = p.start + m.index;
    if (m.index > 0) break;
  }
  return end > (run[0]?.start ?? end) ? end : limit;
}

/** The span without white space at either end. */
export function trimmed(source: Source, start: number, end: number): Span {
  const text = source.text.slice(start, end);
  const lead = text.length - text.trimStart().length;
  return { start: start + lead, end: Math.max(start + lead, start + text.trimEnd().length) };
}
