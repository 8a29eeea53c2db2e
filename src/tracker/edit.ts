import { bulletOf, lineEnd, lineStart, markInsertionPoint } from './lines.js';
import type { Splice } from './splice.js';
import { itemById, sectionOf } from './lookup.js';
import {
  arrive,
  depart,
  movedLines,
  newPrioritySection,
  precedingAfter,
  prioritySection,
  type StatusNow,
} from './move.js';
import {
  allItems,
  isOpenStatus,
  type Item,
  type Priority,
  type Status,
  type StatusMark,
  type Tracker,
} from './schema.js';
import { decideStatus, impliedStatusOf } from './status.js';
import { newItemLines, newTableRow, type NewItem } from './style.js';
import { emojiFor, statusOfBox, statusOfEmoji, statusOfWord, wordFor } from './vocabulary.js';

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

export { applySplices, type Splice } from './splice.js';

/** The splices that perform one edit on `text` (already parsed as `tracker`). */
export function splicesFor(text: string, tracker: Tracker, edit: TrackerEdit): Splice[] {
  if (edit.kind === 'set-last-updated') {
    const at = tracker.lastUpdated;
    if (!at || at.date === edit.date) return [];
    return [{ start: at.range.start.offset, end: at.range.end.offset, text: edit.date }];
  }
  if (edit.kind === 'add-item') return addItem(text, tracker, edit.item);
  const item = itemById(tracker, edit.itemId);
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
    case 'move': {
      const departure = depart(text, tracker, item, edit.to);
      if (!departure) return [];
      const { lines, remove } = movedLines(text, tracker, departure, []);
      const preceding = precedingAfter(text, [remove]);
      return [remove, arrive(text, tracker, [{ departure, lines }], preceding)];
    }
    case 'add-note':
      return addNote(text, tracker, item, edit.label, edit.text);
  }
}

const isDone = (status: Status) => !isOpenStatus(status);

function setStatus(text: string, tracker: Tracker, item: Item, status: Status): Splice[] {
  return statusChange(text, tracker, item, status).splices;
}

/**
 * The splices that give `item` the status, and the marks it will then have (read without
 * parsing again, and by a later move of the item in the same batch).
 */
export function statusChange(
  text: string,
  tracker: Tracker,
  item: Item,
  status: Status,
): { splices: Splice[]; now: StatusNow } {
  if (item.status === status) return { splices: [], now: item };
  const splices: Splice[] = [];
  const after: StatusNow['marks'] = [];
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
  const section = sectionOf(tracker, item);
  const implied = section ? impliedStatusOf(tracker.sections, section) : null;
  if (decideStatus(after, implied) === status) return { splices, now: { status, marks: after } };
  // No mark of the item says the new status (a plain list item, say): lead with an emoji.
  const at = markInsertionPoint(text, item);
  return {
    splices: [...splices, { start: at, end: at, text: `${emojiFor(status, '')} ` }],
    now: { status, marks: [...after, { kind: 'emoji', status }] },
  };
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
