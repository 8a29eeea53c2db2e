import type { Link } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { type Piece, proseOf } from './inline.js';
import type { BlockedBy, IssueLink, ItemDate, Priority, StatusMark } from './schema.js';
import type { Source } from './source.js';
import { LEADING_EMOJI, TRAILING_STATUS_WORD, statusOfEmoji, statusOfWord } from './vocabulary.js';

/** What the text after an item's title says: status words, blockers, the issue, dates, a priority tag. */
export interface Notes {
  marks: StatusMark[];
  blockedBy: BlockedBy[];
  issue: IssueLink | null;
  dates: ItemDate[];
  priority: Priority | null;
}

/** Matches a blocker phrase and what it names: `BLOCKED by build issues`, `(blocked on: KI-2)`. */
const BLOCKED_BY = /(?<!\bwas\s+)\bblocked\s+(?:by|on)\b\s*:?\s*([^)\n|]*[^)\s\n|.;,])/gi;
/** Matches a date with an optional label before it: `Discovered 2026-01-28`. */
export const DATE = /(?:\b([A-Z][a-z]+)\s+)?\b(\d{4}-\d{2}-\d{2})\b/g;
/** Matches an issue reference in prose: `#12`, not `&#12;`, `a#12`, `[#12]` or `#12]`. */
const ISSUE_REF = /(?<![\w&/#[])#([1-9]\d{0,14})\b(?!\])/;
/** Matches the number of an issues URL: `…/issues/12`. */
const ISSUE_URL = /^https?:\/\/[^\s]+\/issues\/([1-9]\d{0,14})(?:$|[/?#])/;
/** Matches the text of a link that is an issue reference: `[#12](…)`. */
const ISSUE_TEXT = /^#([1-9]\d{0,14})$/;
/** Matches a priority tag: `[P1]`, `(P1)`. */
const PRIORITY_TAG = /\[(P[0-3])\]|\((P[0-3])\)/;
/** Matches a bracket tag after a title: `**[wip]**`, `[done]`. */
const BRACKET_TAG = /\[([^\]\n]{1,24})\]/g;
/** Matches what stands around a lone status word after a title: spaces, `:`, dashes, `*`, `.`. */
const AROUND_WORD = /^[\s*_:—–-]*(.*?)[\s*_.!]*$/s;

/**
 * Reads the notes after a title, `[start, end)`: marks from upper-case status words (or a lone
 * word, `**Title** done`), an emoji right after the title, `BLOCKED by …`, the first issue
 * reference, dates and a priority tag. Words and dates count only in prose, not in code or links.
 */
export function readNotes(source: Source, pieces: Piece[], start: number, end: number): Notes {
  const raw = source.text.slice(start, end);
  const prose = proseOf(source, pieces, start, end);
  const marks: StatusMark[] = [];
  const blockedBy: BlockedBy[] = [];
  for (const m of raw.matchAll(BLOCKED_BY)) {
    // The phrase must start in prose (its word `blocked` not in code or a link).
    if (prose.slice(m.index, m.index + 7) !== raw.slice(m.index, m.index + 7)) continue;
    const at = start + m.index;
    blockedBy.push({ text: m[1]!.trim(), itemIds: [], range: source.range(at, at + m[0].length) });
    marks.push(source.mark('blocked-by', at, at + m[0].length, 'blocked'));
  }
  const inPhrase = (at: number) =>
    blockedBy.some((b) => at >= b.range.start.offset && at < b.range.end.offset);

  const lead = /^[\s:—–-]*/.exec(prose)![0].length; // what separates the title from its notes
  const emoji = LEADING_EMOJI.exec(prose.slice(lead));
  const emojiStatus = emoji && statusOfEmoji(emoji[0]);
  if (emoji && emojiStatus) {
    marks.push(source.mark('emoji', start + lead, start + lead + emoji[0].length, emojiStatus));
  }
  let words = 0;
  for (const m of prose.matchAll(BRACKET_TAG)) {
    const status = statusOfWord(m[1]!);
    if (!status) continue;
    const at = start + m.index + 1;
    marks.push(source.mark('word', at, at + m[1]!.length, status));
    words++;
  }
  for (const m of prose.matchAll(TRAILING_STATUS_WORD)) {
    const at = start + m.index;
    const status = statusOfWord(m[1]!);
    if (inPhrase(at) || !status) continue;
    marks.push(source.mark('word', at, at + m[1]!.length, status));
    words++;
  }
  if (!words && !blockedBy.length) {
    // `**Lazy-load images** done`: a lone status word, in any case, is the whole note.
    const from = lead + (emoji?.[0].length ?? 0);
    const alone = AROUND_WORD.exec(prose.slice(from))![1]!;
    const status = alone && statusOfWord(alone);
    if (status) {
      const at = start + from + prose.slice(from).indexOf(alone);
      marks.push(source.mark('word', at, at + alone.length, status));
    }
  }

  const dates: ItemDate[] = [];
  for (const m of prose.matchAll(DATE)) {
    const at = start + m.index;
    dates.push({ label: m[1] ?? null, date: m[2]!, range: source.range(at, at + m[0].length) });
  }
  const tag = PRIORITY_TAG.exec(prose);
  return {
    marks,
    blockedBy,
    issue: issueOf(source, pieces, prose, start),
    dates,
    priority: tag ? ((tag[1] ?? tag[2]) as Priority) : null,
  };
}

/** The first issue reference: a link to an issue (`[#12](…)`, an issues URL) or `#12` in prose. */
function issueOf(source: Source, pieces: Piece[], prose: string, start: number): IssueLink | null {
  const found: { number: number; start: number; end: number }[] = [];
  for (const p of pieces) {
    if (p.type !== 'link') continue;
    const link = p.node as Link;
    const m = ISSUE_TEXT.exec(toString(link).trim()) ?? ISSUE_URL.exec(link.url);
    if (m) found.push({ number: Number(m[1]), start: p.start, end: p.end });
  }
  const ref = ISSUE_REF.exec(prose);
  if (ref)
    found.push({
      number: Number(ref[1]),
      start: start + ref.index,
      end: start + ref.index + ref[0].length,
    });
  const first = found.sort((a, b) => a.start - b.start)[0];
  return first ? { number: first.number, range: source.range(first.start, first.end) } : null;
}

/** The issue a field's value names (`Issue: #15`), the same forms as after a title. */
export function issueInText(source: Source, start: number, end: number): IssueLink | null {
  const text = source.text.slice(start, end);
  const m =
    /\[#([1-9]\d{0,14})\]\([^)\s]*\)|https?:\/\/[^\s)]+\/issues\/([1-9]\d{0,14})\b|(?<![\w&/#[])#([1-9]\d{0,14})\b(?!\])/.exec(
      text,
    ); // `[#12](…)`, an issues URL, or `#12`
  if (!m) return null;
  return {
    number: Number(m[1] ?? m[2] ?? m[3]),
    range: source.range(start + m.index, start + m.index + m[0].length),
  };
}
