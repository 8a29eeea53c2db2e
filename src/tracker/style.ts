import type { PhrasingContent, RootContent } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { toMarkdown } from 'mdast-util-to-markdown';
import {
  allItems,
  type Item,
  type Priority,
  type Section,
  type Status,
  type Tracker,
} from './schema.js';
import { lineStart } from './lines.js';
import { emojiFor, isKey, isStatusKey, priorityOf, wordFor } from './vocabulary.js';

/** An item the tracker does not have yet: what `add-item` writes. */
export interface NewItem {
  title: string;
  priority: Priority;
  issue: { number: number; url?: string };
  /** Today, for a date column of a table. */
  date: string;
}

/** Markdown for mdast nodes, rendered with the gfm extensions and no final line break. */
export function renderMarkdown(
  nodes: RootContent[],
  options: { setext?: boolean; tablePipeAlign?: boolean } = {},
): string {
  const { tablePipeAlign, ...rest } = options;
  return toMarkdown(
    { type: 'root', children: nodes },
    { extensions: [tablePipeAlign === false ? GFM_UNALIGNED : GFM], bullet: '-', ...rest },
  ).replace(/\n$/, '');
}

// Made once: the renderer compiles an extension's escaping patterns on first use and keeps them.
const GFM = gfmToMarkdown();
const GFM_UNALIGNED = gfmToMarkdown({ tablePipeAlign: false });

/** One line of phrasing content as markdown: escaping is the renderer's, never ours. */
export const renderInline = (children: PhrasingContent[]): string =>
  renderMarkdown([{ type: 'paragraph', children }]);

/** Where a title ends when it is not bold (see the parser): such titles are written bold. */
const CUTS_A_PLAIN_TITLE = /\s\(|\s[—–|-]\s/;

/**
 * The title and its issue link as the item's head reads them: `**Title** ([#12](url))`. `lead`
 * (an explicit id such as `KI-6: `) goes before the title, inside the bold when there is one.
 */
function titleAndLink(item: NewItem, bold: boolean, lead = ''): PhrasingContent[] {
  const title: PhrasingContent = { type: 'text', value: `${lead}${item.title}` };
  const link: PhrasingContent = item.issue.url
    ? {
        type: 'link',
        url: item.issue.url,
        children: [{ type: 'text', value: `#${item.issue.number}` }],
      }
    : { type: 'text', value: `#${item.issue.number}` };
  return [
    bold || CUTS_A_PLAIN_TITLE.test(item.title) ? { type: 'strong', children: [title] } : title,
    { type: 'text', value: ' (' },
    link,
    { type: 'text', value: ')' },
  ];
}

const isBold = (text: string, item: Item) =>
  /(\*\*|__)$/.test(text.slice(item.headRange.start.offset, item.titleRange.start.offset));

/** The status word of an item's Status field or cell, e.g. `OPEN` or `Open`, to match its case. */
function statusWordOf(item: Item): string | null {
  return item.marks.find((m) => m.kind === 'word')?.text ?? null;
}

/** The status written in a new item in the file's spelling: the emoji of its palette, its word. */
function openMark(
  like: Item | null,
  status: Status = 'open',
): { emoji: string | null; word: string | null } {
  const emoji = like?.marks.find((m) => m.kind === 'emoji')?.text;
  const word = like ? statusWordOf(like) : null;
  return {
    emoji: emoji === undefined ? null : emojiFor(status, emoji),
    word: word === null ? null : wordFor(status, word),
  };
}

/** The next explicit id after the file's own (`KI-5` → `KI-6`, `KI-07` → `KI-08`), or null. */
function nextExplicitId(tracker: Tracker, like: Item | null): string | null {
  const m = like?.explicitId ? /^(.*?)(\d+)$/.exec(like.explicitId) : null;
  if (!m) return null;
  const [, prefix, digits] = m as unknown as [string, string, string];
  const numbers = allItems(tracker)
    .map((i) =>
      i.explicitId?.startsWith(prefix) ? Number(i.explicitId.slice(prefix.length)) : NaN,
    )
    .filter((n) => Number.isInteger(n));
  return `${prefix}${String(Math.max(...numbers) + 1).padStart(digits.length, '0')}`;
}

const PRIORITY_WORD = /\b(critical|blocker|urgent|high|medium|normal|low|minor)\b/i;

/** A priority in the spelling of `like`: `P1` → `P2`, `High` → `Medium`, `HIGH` → `MEDIUM`. */
export function spellPriority(priority: Priority, like: string): string {
  if (/\bP[0-3]\b/.test(like)) return like.replace(/\bP[0-3]\b/, priority);
  const words: Record<Priority, string> = { P0: 'critical', P1: 'high', P2: 'medium', P3: 'low' };
  const m = PRIORITY_WORD.exec(like);
  if (!m) return priority;
  const word = words[priority];
  const spelled =
    m[1] === m[1]!.toUpperCase()
      ? word.toUpperCase()
      : m[1]![0] === m[1]![0]!.toUpperCase()
        ? word[0]!.toUpperCase() + word.slice(1)
        : word;
  return like.slice(0, m.index) + spelled + like.slice(m.index + m[1]!.length);
}

/**
 * The lines of a new item, written like `like` (an item of the section it goes to, or of the
 * file): its family, bullet, checkbox, emoji palette, bold title, explicit id and Status field.
 * A file without items gets the reference format: `⚠️ **Title** ([#12](url))`.
 */
export function newItemLines(
  text: string,
  tracker: Tracker,
  like: Item | null,
  item: NewItem,
): string {
  const bold = like ? isBold(text, like) : true;
  const mark = openMark(like);
  const head = renderInline(titleAndLink(item, bold));
  if (!like || like.family === 'emoji-line') return `${mark.emoji ?? '⚠️'} ${head}`;
  const source = text.slice(like.headRange.start.offset, like.titleRange.start.offset);
  if (like.family === 'list-item') {
    const bullet = /^\s*(?:[-*+]|\d+[.)])\s+/.exec(source)?.[0] ?? '- ';
    const numbered = /^(\s*)(\d+)([.)]\s+)$/.exec(bullet);
    const marker = numbered ? `${numbered[1]}${Number(numbered[2]) + 1}${numbered[3]}` : bullet;
    const checkbox = like.marks.some((m) => m.kind === 'checkbox') ? '[ ] ' : '';
    return `${marker}${checkbox}${mark.emoji ? `${mark.emoji} ` : ''}${head}`;
  }
  // A heading item: its depth, the file's next explicit id, an emoji if its headings carry one,
  // and a Status line spelled like the others.
  const hashes = /^#+/.exec(source)?.[0] ?? '###';
  const id = nextExplicitId(tracker, like);
  const headLine = text.slice(like.headRange.start.offset, like.headRange.end.offset);
  const afterId = like.explicitId
    ? headLine.slice(headLine.indexOf(like.explicitId) + like.explicitId.length)
    : '';
  const separator = /^(\s*[:.—–-]\s*|\s+)/.exec(afterId)?.[1] ?? ': ';
  const emoji = like.marks.some(
    (m) => m.kind === 'emoji' && m.range.start.offset < like.titleRange.start.offset,
  );
  const title = renderInline(titleAndLink(item, false, id ? `${id}${separator}` : ''));
  const line = `${hashes} ${emoji ? `${mark.emoji} ` : ''}${title}`;
  const status = like.fields.find((f) => isStatusKey(f.key));
  if (!status) return line;
  const key = text
    .slice(lineStart(text, status.range.start.offset), status.valueRange.start.offset)
    .trimStart();
  return `${line}${tracker.eol}${key}${mark.word ?? 'Open'}`;
}

/**
 * A new table row for `item`, written like the row `like`: the title cell holds the title and
 * its link, the id, priority and status cells are spelled like the row's, a date cell holds today.
 */
export function newTableRow(text: string, like: Item, item: NewItem, tracker: Tracker): string {
  const rowStart = lineStart(text, like.range.start.offset);
  const cells = splitRow(text.slice(rowStart, like.range.end.offset)).map((cell) => ({
    start: cell.start + rowStart,
    end: cell.end + rowStart,
  }));
  const mark = openMark(like);
  const values = cells.map((cell): PhrasingContent[] => {
    if (cell.start <= like.titleRange.start.offset && like.titleRange.end.offset <= cell.end)
      return titleAndLink(item, false);
    const field = like.fields.find(
      (f) => cell.start <= f.valueRange.start.offset && f.valueRange.end.offset <= cell.end,
    );
    if (!field) return [];
    const plain = (value: string): PhrasingContent[] => [{ type: 'text', value }];
    if (isKey('id', field.key)) return plain(nextExplicitId(tracker, like) ?? '');
    if (isKey('priority', field.key))
      return plain(
        priorityOf(field.value) ? spellPriority(item.priority, field.value) : item.priority,
      );
    if (isStatusKey(field.key))
      return plain([mark.emoji, mark.word ?? 'Open'].filter(Boolean).join(' '));
    if (/^\d{4}-\d{2}-\d{2}$/.test(field.value.trim())) return plain(item.date);
    return [];
  });
  // The row rendered inside a table, so the renderer escapes what a cell needs (`|`).
  const table = renderMarkdown(
    [
      {
        type: 'table',
        children: [
          { type: 'tableRow', children: values.map(() => ({ type: 'tableCell', children: [] })) },
          {
            type: 'tableRow',
            children: values.map((children) => ({ type: 'tableCell', children })),
          },
        ],
      },
    ],
    { tablePipeAlign: false },
  );
  return table.split('\n').at(-1)!;
}

/** The cells of a table row's source line, as offsets into the line (pipes and padding excluded). */
function splitRow(line: string): { start: number; end: number }[] {
  const cells: { start: number; end: number }[] = [];
  let start = line.indexOf('|') === line.search(/\S/) ? line.indexOf('|') + 1 : 0;
  for (let i = start; i <= line.length; i++) {
    if (i < line.length && (line[i] !== '|' || line[i - 1] === '\\')) continue;
    if (i === line.length && line.slice(start).trim() === '') break;
    cells.push({ start, end: i });
    start = i + 1;
  }
  return cells;
}

/**
 * The heading of a new priority section, written like `like` (another priority section): its
 * depth and ATX or setext form, its words with the priority respelled and the sibling's own
 * description dropped (`P1 Outstanding (Production Enhancement)` → `P2 Outstanding`).
 */
export function newSectionHeading(text: string, like: Section | null, priority: Priority): string {
  const depth = (like?.depth ?? 2) as 1 | 2 | 3 | 4 | 5 | 6;
  const setext =
    like !== null && depth <= 2 && !/^\s*#/.test(text.slice(like.headingRange.start.offset));
  let words = like ? spellPriority(priority, like.heading) : `${priority} Outstanding`;
  // `P0 Critical` names its priority twice: the word goes with the old one.
  if (/\bP[0-3]\b/.test(words)) words = words.replace(PRIORITY_WORD, '').replace(/\s{2,}/g, ' ');
  // Keep what names the priority and the kind of section; drop the sibling's description.
  words = words.split(/\s+[([]|\s[—–|:-]\s|:\s/)[0]!;
  words = words.replace(/^[^\p{L}\p{N}]+/u, '').trim() || priority;
  return renderMarkdown([{ type: 'heading', depth, children: [{ type: 'text', value: words }] }], {
    setext,
  });
}
