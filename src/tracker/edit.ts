import { parseTracker, type ParseOptions } from './parse.js';
import {
  allItems,
  isOpenStatus,
  type Item,
  type Priority,
  type Section,
  type Status,
  type StatusMark,
  type Tracker,
} from './schema.js';
import { statusOfHeading } from './headings.js';
import { decideStatus, impliedStatusOf } from './status.js';
import { newItemLines, newSectionHeading, newTableRow, type NewItem } from './style.js';
import {
  emojiFor,
  isStatusKey,
  statusOfBox,
  statusOfEmoji,
  statusOfWord,
  wordFor,
} from './vocabulary.js';

/** One change to the tracker, addressed by item id. Plans carry these; `applyEdits` performs them. */
export type TrackerEdit =
  | { kind: 'set-status'; itemId: string; status: Status }
  | { kind: 'set-field'; itemId: string; key: string; value: string }
  | { kind: 'set-issue'; itemId: string; number: number; url?: string }
  | { kind: 'replace-text'; itemId: string; find: string; replace: string }
  | { kind: 'move'; itemId: string; to: MoveTarget }
  | { kind: 'set-last-updated'; date: string }
  /** A new item for an issue, in its priority's section (created when missing), in the file's style. */
  | { kind: 'add-item'; item: NewItem }
  /** A dated line at the end of an item (`label: text`), written like the item's fields. */
  | { kind: 'add-note'; itemId: string; label: string; text: string };

/**
 * Where a moved item goes: the fixed section dated `date`; the outstanding section of
 * `priority` (any outstanding section when it has none); or exactly the section of `priority`,
 * created in the file's own style when missing (`kind: 'priority'`).
 */
export type MoveTarget =
  | { kind: 'fixed'; date: string; heading?: string }
  | { kind: 'outstanding'; priority: Priority | null }
  | { kind: 'priority'; priority: Priority };

/** Replace `[start, end)` of the text with `text`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping splices; an empty list returns the very same string. */
export function applySplices(text: string, splices: Splice[]): string {
  if (!splices.length) return text;
  // Back to front, so offsets stay valid.
  const sorted = [...splices].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const s of sorted) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

/**
 * Applies edits one after another, each against a fresh parse of the text it produced, so
 * every edit addresses the item where it now is. Bytes outside each edit's span never change.
 */
export function applyEdits(text: string, edits: TrackerEdit[], options: ParseOptions = {}): string {
  let current = text;
  let tracker = parseTracker(current, options).tracker;
  // Edits whose spans do not overlap are spliced together from one parse: each reads only its
  // own span. An overlapping edit, or a second edit on the same item (which must see the first
  // one's result: a status set on a cell just rewritten), first applies what is pending and
  // parses again. A move runs alone on a fresh parse: it takes the blank lines around its item
  // (which a new field next door may have added), it can create a section later moves go into,
  // and it reorders items whose ids are numbered by position (`item`, `item-2`). A new item
  // runs alone for the same reasons.
  let pending: Splice[] = [];
  const touched = new Set<string>();
  const flush = () => {
    if (!pending.length) return;
    current = applySplices(current, pending);
    tracker = parseTracker(current, options).tracker;
    pending = [];
    touched.clear();
  };
  for (const edit of edits) {
    const key = 'itemId' in edit ? edit.itemId : edit.kind;
    const alone = edit.kind === 'move' || edit.kind === 'add-item';
    if (alone) flush();
    let splices = splicesFor(current, tracker, edit);
    if (touched.has(key) || splices.some((s) => pending.some((p) => overlaps(s, p)))) {
      flush();
      splices = splicesFor(current, tracker, edit);
    }
    pending.push(...splices);
    touched.add(key);
    if (alone) flush();
    // A new title can mean a new id, which later edits must address.
    if (edit.kind === 'replace-text' && splices.some((s) => touchesTitle(tracker, edit.itemId, s)))
      flush();
  }
  flush();
  return current;
}

/** Whether two splices touch the same text; two inserts at one point do (their order matters). */
function overlaps(a: Splice, b: Splice): boolean {
  return (a.start < b.end && b.start < a.end) || a.start === b.start || a.end === b.end;
}

/** The splices that perform one edit on `text` (already parsed as `tracker`). */
export function splicesFor(text: string, tracker: Tracker, edit: TrackerEdit): Splice[] {
  if (edit.kind === 'set-last-updated') {
    const at = tracker.lastUpdated;
    if (!at || at.date === edit.date) return [];
    return [{ start: at.range.start.offset, end: at.range.end.offset, text: edit.date }];
  }
  if (edit.kind === 'add-item') return addItem(text, tracker, edit.item);
  const item = allItems(tracker).find((i) => i.id === edit.itemId);
  if (!item) return [];
  switch (edit.kind) {
    case 'set-status':
      return setStatus(text, tracker, item, edit.status);
    case 'set-field':
      return setField(text, tracker, item, edit.key, edit.value);
    case 'set-issue':
      return setIssue(text, item, edit.number, edit.url);
    case 'replace-text': {
      const at = item.text.indexOf(edit.find);
      if (at < 0 || edit.find === edit.replace) return [];
      const start = item.range.start.offset + at;
      return [{ start, end: start + edit.find.length, text: edit.replace }];
    }
    case 'move':
      return move(text, tracker, item, edit.to);
    case 'add-note':
      return addNote(text, tracker, item, edit.label, edit.text);
  }
}

const isDone = (status: Status) => !isOpenStatus(status);

function setStatus(text: string, tracker: Tracker, item: Item, status: Status): Splice[] {
  if (item.status === status) return [];
  const splices: Splice[] = [];
  // The marks as they will read after the edit, to decide the status without parsing again.
  const after: Pick<StatusMark, 'kind' | 'status'>[] = [];
  for (const mark of item.marks) {
    const { start, end } = { start: mark.range.start.offset, end: mark.range.end.offset };
    switch (mark.kind) {
      case 'emoji': {
        const emoji = mark.status === status ? mark.text : emojiFor(status, mark.text);
        if (emoji !== mark.text) splices.push({ start, end, text: emoji });
        after.push({ kind: 'emoji', status: statusOfEmoji(emoji) ?? mark.status });
        break;
      }
      case 'checkbox': {
        const box = boxFor(status, mark);
        if (box !== mark.text) splices.push({ start, end, text: box });
        after.push({ kind: 'checkbox', status: statusOfBox(box) ?? mark.status });
        break;
      }
      case 'strike':
        if (!isDone(status)) {
          splices.push({ start, end: start + 2, text: '' }, { start: end - 2, end, text: '' });
        } else {
          after.push(mark);
        }
        break;
      case 'word': {
        const word = statusOfWord(mark.text) === status ? mark.text : wordFor(status, mark.text);
        if (word !== mark.text) splices.push({ start, end, text: word });
        after.push({ kind: 'word', status: statusOfWord(word) ?? mark.status });
        break;
      }
      case 'blocked-by':
        if (status !== 'blocked') splices.push({ start, end: start, text: 'was ' });
        else after.push(mark);
        break;
    }
  }
  // An item with no mark left reads as its section implies ("Resolved"), as the parser reads it.
  const section = tracker.sections.find((s) => s.items.includes(item));
  const implied = section ? impliedStatusOf(tracker.sections, section) : null;
  if (decideStatus(after, implied) === status) return splices;
  // No mark of the item says the new status (a plain list item, say): lead with an emoji.
  const at = markInsertionPoint(text, item);
  if (at === null) return splices;
  return [...splices, { start: at, end: at, text: `${emojiFor(status, '')} ` }];
}

/**
 * The checkbox for `status` in place of `mark`: `[x]` when done, `[ ]` when open; a box that
 * says in progress (`[-]`) stays for in progress and blocked, which an emoji then spells.
 */
function boxFor(status: Status, mark: StatusMark): string {
  if (mark.status === status) return mark.text;
  if (isDone(status)) return mark.text === '[X]' ? '[X]' : '[x]';
  return status === 'open' || isDone(mark.status) ? '[ ]' : mark.text;
}

/**
 * Where a new status emoji goes: after heading hashes, list marker and checkbox; into a row's
 * status cell, or at the start of its title cell when it has none.
 */
function markInsertionPoint(text: string, item: Item): number | null {
  if (item.family === 'table-row') {
    const cell = item.fields.find((f) => isStatusKey(f.key));
    return cell ? cell.valueRange.start.offset : item.titleRange.start.offset;
  }
  const start = item.headRange.start.offset;
  const head = text.slice(start, item.titleRange.start.offset);
  // `### `, or `- ` / `1. ` and a checkbox (`[ ]`, `[x]`, `[-]`, `[✅]`, also without a marker).
  const lead = /^(?:#+\s+|\s*(?:(?:[-*+]|\d+[.)])\s+)?(?:\[(?:[^\]\s]{1,3}| )\]\s+)?)/.exec(head)!;
  return start + lead[0].length;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The end of the line holding `offset`, before its `\n` or `\r\n`. */
function lineEnd(text: string, offset: number): number {
  const at = text.indexOf('\n', offset);
  if (at < 0) return text.length;
  return text[at - 1] === '\r' ? at - 1 : at;
}

/** The indentation and bullet of a line, e.g. `   - `. */
function bulletOf(text: string, offset: number): string {
  const line = text.slice(lineStart(text, offset), lineEnd(text, offset));
  return /^\s*(?:[-*+]|\d+[.)])\s+/.exec(line)?.[0] ?? '   - '; // `   - `, `1. `: a list marker
}

function setField(
  text: string,
  tracker: Tracker,
  item: Item,
  key: string,
  value: string,
): Splice[] {
  const existing = item.fields.find((f) => f.key.toLowerCase() === key.toLowerCase());
  if (existing) {
    if (existing.value === value) return [];
    return [
      { start: existing.valueRange.start.offset, end: existing.valueRange.end.offset, text: value },
    ];
  }
  if (item.family === 'table-row') return [];
  const eol = tracker.eol;
  const last = item.fields[item.fields.length - 1];
  if (item.family === 'heading') {
    const after = last
      ? lineEnd(text, last.range.end.offset)
      : lineEnd(text, item.headRange.end.offset);
    // The fields are a key/value table (`| Status | FIXED |`): a new row, not a line that would
    // read as one.
    if (last && text.slice(lineStart(text, last.range.start.offset)).trimStart().startsWith('|')) {
      return [{ start: after, end: after, text: `${eol}| ${key} | ${value} |` }];
    }
    // The item's fields are bold (`**Key:** value`) when the last one starts with `**` or `__`.
    const bold =
      !last || /^\s*(\*\*|__)/.test(text.slice(lineStart(text, last.range.start.offset)));
    return [
      { start: after, end: after, text: `${eol}${bold ? `**${key}:**` : `${key}:`} ${value}` },
    ];
  }
  if (last) {
    const after = lineEnd(text, last.range.end.offset);
    return [
      {
        start: after,
        end: after,
        text: `${eol}${bulletOf(text, last.range.start.offset)}${key}: ${value}`,
      },
    ];
  }
  const after =
    item.family === 'list-item'
      ? paragraphEnd(text, item)
      : lineEnd(text, (item.family === 'emoji-line' ? item.range : item.headRange).end.offset);
  // `- [ ] A` then `[-] B`, a checkbox line whose bullet was lost: a field under A would make
  // B part of it, and there is no room for one between them.
  if (after === null) return [];
  // The next item line of the same paragraph would otherwise read as a continuation of the field.
  const next = text.slice(after).replace(/^\r?\n/, '');
  // A blank line unless the next line is blank (spaces and a line break) or the end.
  const gap =
    item.family === 'emoji-line' && next !== '' && !/^[ \t]*(\r?\n|$)/.test(next) ? eol : '';
  const indent =
    item.family === 'list-item'
      ? ' '.repeat(bulletOf(text, item.headRange.start.offset).length)
      : (fieldStyle(text, tracker) ?? '   - ');
  const bullet = item.family === 'list-item' ? `${indent}- ` : indent;
  return [{ start: after, end: after, text: `${eol}${bullet}${key}: ${value}${gap}` }];
}

/**
 * The end of a list item's first paragraph (`- [ ] Title` and the lines that continue it), where
 * a first field goes; null when the next line is a checkbox line of its own.
 */
function paragraphEnd(text: string, item: Item): number | null {
  let end = lineEnd(text, item.headRange.end.offset);
  for (;;) {
    const start = text.indexOf('\n', end) + 1;
    const line = start ? text.slice(start, lineEnd(text, start)) : '';
    // A blank line or a nested list ends the paragraph; a checkbox line is an item of its own.
    if (/^\s*\[(?:[^\]\s]{1,3}| )\]\s/.test(line)) return null;
    if (!start || start >= item.range.end.offset || !line.trim()) return end;
    if (/^\s*(?:[-*+]|\d+[.)])\s/.test(line)) return end; // a list marker: a nested list
    end = lineEnd(text, start);
  }
}

/** The bullet the file already uses for item fields, to add new ones in the same style. */
function fieldStyle(text: string, tracker: Tracker): string | null {
  const withFields = allItems(tracker).find((i) => i.family === 'emoji-line' && i.fields.length);
  return withFields ? bulletOf(text, withFields.fields[0]!.range.start.offset) : null;
}

function setIssue(text: string, item: Item, number: number, url?: string): Splice[] {
  const link = url ? `[#${number}](${url})` : `#${number}`;
  if (item.issue) {
    if (item.issue.number === number) return [];
    return [{ start: item.issue.range.start.offset, end: item.issue.range.end.offset, text: link }];
  }
  let at = item.titleRange.end.offset;
  while (/[*_~]/.test(text[at] ?? '')) at++; // past the closing `**`, `__` or `~~` of the title
  return [{ start: at, end: at, text: ` (${link})` }];
}

/** The whole lines an item occupies, with its line break and one blank line left behind. */
function blockOf(text: string, item: Item): { start: number; end: number } {
  const start = lineStart(text, item.range.start.offset);
  const newline = text.indexOf('\n', lineEnd(text, item.range.end.offset));
  let end = newline < 0 ? text.length : newline + 1;
  // A blank line (spaces only) right before the item, and the blank lines right after it.
  const blankBefore = start === 0 || /(^|\n)[ \t\r]*\n$/.test(text.slice(0, start));
  if (blankBefore) {
    const blank = /^(?:[ \t]*\r?\n)+/.exec(text.slice(end));
    if (blank) end += blank[0].length;
  }
  return { start, end };
}

function move(text: string, tracker: Tracker, item: Item, to: MoveTarget): Splice[] {
  // A table row has no place outside its table: its status cell says where it stands.
  if (item.family === 'table-row') return [];
  const from = tracker.sections.find((s) => s.items.includes(item))!;
  const eol = tracker.eol;
  let lines = text.slice(
    lineStart(text, item.range.start.offset),
    lineEnd(text, item.range.end.offset),
  );
  if (!lines.endsWith('\n')) lines += eol;
  const multiBlock = item.fields.length > 0 || lines.trimEnd().includes('\n');
  const remove = { ...blockOf(text, item), text: '' };
  // `[-] B` right under the moved `- [ ] A` lost its bullet and leaned on A: a blank line keeps
  // it a line of its own rather than a part of whatever comes before.
  if (/^[ \t]*\[(?:[^\]\s]{1,3}| )\][ \t]/.test(text.slice(remove.end))) remove.text = eol;

  const target = targetSection(tracker, to);
  if (target === from) return [];
  // A move changes where an item is, never what it says: an item without a mark of its own
  // (read as its section implies) takes an emoji for its status before it goes.
  const implied = target
    ? impliedStatusOf(tracker.sections, target)
    : statusOfHeading(to.kind === 'fixed' ? (to.heading ?? 'Recently Fixed') : '');
  const at = markInsertionPoint(text, item);
  if (decideStatus(item.marks, implied) !== item.status && at !== null) {
    const offset = at - lineStart(text, item.range.start.offset);
    lines = `${lines.slice(0, offset)}${emojiFor(item.status, '')} ${lines.slice(offset)}`;
  }
  if (target) {
    // Before the first item of the section that a line can go before (not into its table).
    const first = target.items.find((i) => i !== item && i.family !== 'table-row');
    if (first) {
      const at = lineStart(text, first.range.start.offset);
      const gap =
        (multiBlock && first.family === 'emoji-line') || item.family === 'heading' ? eol : '';
      return [remove, { start: at, end: at, text: lines + gap }];
    }
    const at = lineEnd(text, target.headingRange.end.offset);
    const body = lines.replace(/\r?\n$/, ''); // without its last line break
    return [remove, { start: at, end: at, text: `${eol}${eol}${body}` }];
  }
  if (to.kind === 'priority')
    return [remove, newPrioritySection(text, tracker, to.priority, lines.replace(/\r?\n$/, ''))];
  if (to.kind !== 'fixed') return [];
  const depth = from.heading ? from.depth : newSectionDepth(text, tracker);
  const heading = headingLine(
    text,
    tracker,
    depth,
    `${to.heading ?? 'Recently Fixed'} (${to.date})`,
  );
  const block = `${heading}${eol}${eol}${lines}${eol}`;
  const anchor = firstFixed(tracker) ?? null;
  if (anchor) {
    const at = anchor.range.start.offset;
    return [remove, { start: at, end: at, text: block }];
  }
  const end = tracker.scope.end.offset;
  const before = text.slice(0, end);
  const pad =
    before.endsWith(`${eol}${eol}`) || !before ? '' : before.endsWith('\n') ? eol : eol + eol;
  // At the end of the file the block's closing blank line would be a blank line at EOF.
  const tail = end === text.length ? block.slice(0, -eol.length) : block;
  return [remove, { start: end, end, text: `${pad}${tail}` }];
}

function firstFixed(tracker: Tracker): Section | undefined {
  return tracker.sections.find((s) => s.kind === 'fixed' && s.heading);
}

/**
 * The depth of a new section for an item that sits under no heading of its own: that of the
 * tracker's other sections, else one below the heading the scope starts with (`#` title → `##`).
 */
function newSectionDepth(text: string, tracker: Tracker): number {
  const other = tracker.sections.find((s) => s.heading);
  if (other) return other.depth;
  const start = tracker.scope.start.offset;
  const first = text.slice(start, lineEnd(text, start)).replace(/^\uFEFF/, ''); // a BOM
  const hashes = /^(#{1,5})\s/.exec(first)?.[1]?.length; // an ATX heading: `## Known Issues`
  const next = text.slice(lineEnd(text, start)).replace(/^\r?\n/, ''); // the line after
  const underline = /^(=+|-+)[ \t]*(\r?\n|$)/.exec(next)?.[1]; // a setext underline: `===`, `---`
  if (hashes) return hashes + 1;
  if (underline) return underline.startsWith('=') ? 2 : 3;
  return 2;
}

/** A heading at `depth` in the file's style: setext (`Title` over `-----`) where its headings are, else `## Title`. */
function headingLine(text: string, tracker: Tracker, depth: number, title: string): string {
  const like = tracker.sections.find((s) => s.heading && s.depth === depth);
  const setext = like && !text.startsWith('#', like.headingRange.start.offset) && depth <= 2;
  if (!setext) return `${'#'.repeat(depth)} ${title}`;
  return `${title}${tracker.eol}${(depth === 1 ? '=' : '-').repeat(Math.max(3, [...title].length))}`;
}

/**
 * The section a move goes to, when it exists: the fixed section of that date (or the one fixed
 * section of a tracker whose fixed sections carry no date: "## Resolved"), or the outstanding
 * section of the priority.
 */
function targetSection(tracker: Tracker, to: MoveTarget): Section | undefined {
  if (to.kind === 'priority') return prioritySection(tracker, to.priority);
  const fixed = tracker.sections.filter((s) => s.kind === 'fixed' && s.heading);
  return to.kind === 'fixed'
    ? (fixed.find((s) => s.date === to.date) ??
        (fixed.every((s) => !s.date) ? fixed[0] : undefined))
    : (tracker.sections.find((s) => s.kind === 'outstanding' && s.priority === to.priority) ??
        tracker.sections.find((s) => s.kind === 'outstanding'));
}

function touchesTitle(tracker: Tracker, itemId: string, splice: Splice): boolean {
  const item = allItems(tracker).find((i) => i.id === itemId);
  return (
    !!item &&
    splice.start <= item.titleRange.end.offset &&
    item.titleRange.start.offset <= splice.end
  );
}

/** The outstanding section of exactly `priority`, if the file has one. */
function prioritySection(tracker: Tracker, priority: Priority): Section | undefined {
  return tracker.sections.find((s) => s.kind === 'outstanding' && s.priority === priority);
}

/**
 * Inserts a new section of `priority` holding `lines`, headed like the file's other priority
 * sections and placed by rank: after the last section of a higher priority (P1 before P2), else
 * before the first priority section, else before the fixed sections or at the end.
 */
function newPrioritySection(
  text: string,
  tracker: Tracker,
  priority: Priority,
  lines: string,
): Splice {
  const eol = tracker.eol;
  const ranked = tracker.sections.filter(
    (s) => s.kind === 'outstanding' && s.priority && s.heading,
  );
  const higher = ranked.filter((s) => s.priority! < priority).at(-1);
  const like = higher ?? ranked[0] ?? null;
  const block = `${newSectionHeading(text, like, priority)}${eol}${eol}${lines}${eol}`;
  let at: number | undefined;
  if (higher) {
    // After the section and any sections nested under it.
    const index = tracker.sections.indexOf(higher);
    at = tracker.sections.slice(index + 1).find((s) => s.depth <= higher.depth)?.range.start.offset;
  } else {
    at = (ranked[0] ?? firstFixed(tracker))?.range.start.offset;
  }
  const end = tracker.scope.end.offset;
  if (at === undefined || at >= end) {
    const before = text.slice(0, end);
    const pad =
      before.endsWith(`${eol}${eol}`) || !before ? '' : before.endsWith('\n') ? eol : eol + eol;
    return {
      start: end,
      end,
      text: `${pad}${end === text.length ? block.slice(0, -eol.length) : block + eol}`,
    };
  }
  const pad = /(^|\n)[ \t\r]*\n$/.test(text.slice(0, at)) ? '' : eol;
  return { start: at, end: at, text: `${pad}${block}${eol}` };
}

/**
 * A new item for an issue, unless an item already links it: in the section of its priority
 * (created when missing), after that section's last item and written like it; in a tracker of
 * tables, a new row at the end of the table.
 */
function addItem(text: string, tracker: Tracker, item: NewItem): Splice[] {
  const items = allItems(tracker);
  if (items.some((i) => i.issue?.number === item.issue.number)) return [];
  const eol = tracker.eol;
  const target = prioritySection(tracker, item.priority);
  const like =
    target?.items.at(-1) ??
    items.filter((i) => i.priority && isOpenStatus(i.status)).at(-1) ??
    items.at(-1) ??
    null;
  if (like?.family === 'table-row') {
    const row = (target?.items ?? items).filter((i) => i.family === 'table-row').at(-1) ?? like;
    const at = lineEnd(text, row.range.end.offset);
    return [{ start: at, end: at, text: `${eol}${newTableRow(text, row, item, tracker)}` }];
  }
  const lines = newItemLines(text, tracker, like, item).replace(/\n/g, eol);
  if (!target) return [newPrioritySection(text, tracker, item.priority, lines)];
  const last = target.items.at(-1);
  if (!last) {
    const at = lineEnd(text, target.headingRange.end.offset);
    return [{ start: at, end: at, text: `${eol}${eol}${lines}` }];
  }
  // Items of several lines stand apart; one-line emoji items and list entries follow directly.
  const multiBlock =
    last.family === 'heading' ||
    (last.family === 'emoji-line' &&
      (last.fields.length > 0 || last.text.trimEnd().includes('\n')));
  const at = lineEnd(text, last.range.end.offset);
  return [{ start: at, end: at, text: `${eol}${multiBlock ? eol : ''}${lines}` }];
}

/**
 * A dated line at the end of an item, after its fields and earlier notes: a bullet like its
 * fields (`   - 2026-11-25 (octocat): text`), or for a heading item with bold fields a line
 * `**2026-11-25 (octocat):** text`. A table row has no place for one; a line already there is
 * not written twice.
 */
function addNote(
  text: string,
  tracker: Tracker,
  item: Item,
  label: string,
  note: string,
): Splice[] {
  if (item.family === 'table-row') return [];
  const eol = tracker.eol;
  const at = lineEnd(text, item.range.end.offset);
  const last = text.slice(lineStart(text, item.range.end.offset), at);
  let line: string;
  if (item.family === 'heading' && !/^\s*(?:[-*+]|\d+[.)])\s/.test(last)) {
    const bold = item.fields.some((f) => /^\s*(\*\*|__)/.test(text.slice(f.range.start.offset)));
    line = bold ? `**${label}:** ${note}` : `${label}: ${note}`;
  } else {
    const bullet = item.fields.length
      ? bulletOf(text, item.fields[0]!.range.start.offset)
      : item.family === 'list-item'
        ? `${' '.repeat(bulletOf(text, item.headRange.start.offset).length)}- `
        : item.family === 'heading'
          ? bulletOf(text, item.range.end.offset)
          : (fieldStyle(text, tracker) ?? '   - ');
    line = `${bullet}${label}: ${note}`;
  }
  if (item.text.split(/\r?\n/).some((l) => l.trim() === line.trim())) return [];
  // The next item line of the same paragraph would otherwise read as a continuation of the note.
  const next = text.slice(at).replace(/^\r?\n/, '');
  const gap =
    item.family === 'emoji-line' && next !== '' && !/^[ \t]*(\r?\n|$)/.test(next) ? eol : '';
  return [{ start: at, end: at, text: `${eol}${line}${gap}` }];
}
