import type { MoveTarget } from './edit.js';
import { statusOfHeading } from './headings.js';
import { lineEnd, lineStart, markInsertionPoint } from './lines.js';
import { sectionOf } from './lookup.js';
import { applySplices, type Splice } from './splice.js';
import type { Item, Priority, Section, Status, StatusMark, Tracker } from './schema.js';
import { decideStatus, impliedStatusOf } from './status.js';
import { newSectionHeading } from './style.js';
import { emojiFor } from './vocabulary.js';

/**
 * An item on its way out of its section: the block it leaves, its own lines, the emoji it
 * takes along, and where it goes. Moves are planned in two steps, departure and arrival, so
 * that several moves to one place are written as one insertion from a single parse.
 */
export interface Departure {
  item: Item;
  /** The item's lines and the blank lines it leaves behind. */
  remove: Splice;
  /** Whether a blank line stood right before the block (its trailing blank lines then go too). */
  blankBefore: boolean;
  /** The item's whole lines, `[start, end)`, without the last line break. */
  lines: { start: number; end: number };
  /** An emoji for the item's status, where its new section would imply another. */
  mark: Splice | null;
  destination: Destination;
}

/** Where a departing item arrives: a section of the file, or one written for it. */
export type Destination =
  | { kind: 'section'; section: Section }
  | { kind: 'new-fixed'; date: string; heading: string; depth: number }
  | { kind: 'new-priority'; priority: Priority };

/** The status an item will have when it moves, and the marks that will say it. */
export interface StatusNow {
  status: Status;
  marks: Pick<StatusMark, 'kind' | 'status'>[];
}

/**
 * The departure of `item` for `to`, or null when the move changes nothing: a table row (its
 * status cell says where it stands), an item already there, no outstanding section to go to.
 */
export function depart(
  text: string,
  tracker: Tracker,
  item: Item,
  to: MoveTarget,
  now: StatusNow = item,
): Departure | null {
  if (item.family === 'table-row') return null;
  const from = sectionOf(tracker, item)!;
  const target = targetSection(tracker, to);
  if (target === from) return null;
  let destination: Destination;
  if (target) destination = { kind: 'section', section: target };
  else if (to.kind === 'priority') destination = { kind: 'new-priority', priority: to.priority };
  else if (to.kind === 'fixed')
    destination = {
      kind: 'new-fixed',
      date: to.date,
      heading: to.heading ?? 'Recently Fixed',
      depth: from.heading ? from.depth : newSectionDepth(text, tracker),
    };
  else return null;

  const block = blockOf(text, item);
  const remove = { start: block.start, end: block.end, text: '' };
  // `[-] B` right under the moved `- [ ] A` lost its bullet and leaned on A: a blank line keeps
  // it a line of its own rather than a part of whatever comes before.
  if (/^[ \t]*\[(?:[^\]\s]{1,3}| )\][ \t]/.test(text.slice(remove.end))) remove.text = tracker.eol;
  // A move changes where an item is, never what it says: an item without a mark of its own
  // (read as its section implies) takes an emoji for its status before it goes.
  const implied = target
    ? impliedStatusOf(tracker.sections, target)
    : statusOfHeading(to.kind === 'fixed' ? (to.heading ?? 'Recently Fixed') : '');
  const at = markInsertionPoint(text, item);
  const mark =
    decideStatus(now.marks, implied) !== now.status
      ? { start: at, end: at, text: `${emojiFor(now.status, '')} ` }
      : null;
  return {
    item,
    remove,
    blankBefore: block.blankBefore,
    lines: {
      start: lineStart(text, item.range.start.offset),
      end: lineEnd(text, item.range.end.offset),
    },
    mark,
    destination,
  };
}

/**
 * The lines a departing item takes along, ending with one line break: its own text with its
 * emoji and `splices` (the item's other edits, inside its lines) applied; and the removal of
 * its block. A blank line an edit added after the item stays behind, where the item was,
 * unless the item's trailing blank lines go with it anyway.
 */
export function movedLines(
  text: string,
  tracker: Tracker,
  departure: Departure,
  splices: Splice[],
): { lines: string; remove: Splice } {
  const { start, end } = departure.lines;
  const own = [...splices, ...(departure.mark ? [departure.mark] : [])].map((s) => ({
    start: s.start - start,
    end: s.end - start,
    text: s.text,
  }));
  const lines = applySplices(text.slice(start, end), own);
  const eol = tracker.eol;
  // The item's own lines end without a line break: one at the end was written by an edit.
  const trimmed = lines.replace(/(?:\r?\n[ \t]*)+$/, '');
  const remove =
    trimmed !== lines && !departure.blankBefore
      ? { ...departure.remove, text: eol }
      : departure.remove;
  return { lines: trimmed + eol, remove };
}

/** A departure with the lines it takes along. */
export interface Arrival {
  departure: Departure;
  lines: string;
}

/** The text that will stand before an offset once the other splices of a batch are applied. */
export type Preceding = (offset: number) => string;

/** What stands before an offset once `removals` (blocks of departing items) are gone. */
export function precedingAfter(text: string, removals: Splice[]): Preceding {
  const endingAt = new Map(removals.filter((r) => r.start < r.end).map((r) => [r.end, r]));
  return (offset) => {
    let suffix = '';
    for (let r = endingAt.get(offset); r; r = endingAt.get(offset)) {
      suffix = r.text + suffix;
      offset = r.start;
    }
    return text.slice(0, offset) + suffix;
  };
}

/**
 * The one insertion that writes every arrival at one destination, in the order moving them one
 * after another would leave them: each goes first in its section, so the last one leads.
 * `preceding` tells what will stand before the insertion (an item removed there leaves less).
 */
export function arrive(
  text: string,
  tracker: Tracker,
  arrivals: Arrival[],
  preceding: Preceding = (offset) => text.slice(0, offset),
): Splice {
  const eol = tracker.eol;
  const first = arrivals[0]!;
  const destination = first.departure.destination;
  // Items of several lines stand apart from an emoji line that follows them, heading items always.
  const gap = (arrival: Arrival, next: Item) => {
    const { item } = arrival.departure;
    const multiBlock = item.fields.length > 0 || arrival.lines.trimEnd().includes('\n');
    return (multiBlock && next.family === 'emoji-line') || item.family === 'heading' ? eol : '';
  };
  const stacked = (below: Item | null) => {
    let out = '';
    for (let j = arrivals.length - 1; j >= 0; j--) {
      const next = j > 0 ? arrivals[j - 1]!.departure.item : below;
      out += next ? arrivals[j]!.lines + gap(arrivals[j]!, next) : arrivals[j]!.lines;
    }
    return out;
  };
  if (destination.kind === 'section') {
    const section = destination.section;
    const moving = new Set(arrivals.map((a) => a.departure.item));
    // A heading item takes in what follows it up to the next heading: it goes before another
    // heading item, or last in the section, never above lines it would take in.
    const heading = arrivals.some((a) => a.departure.item.family === 'heading');
    // Before the first item of the section that a line can go before (not into its table).
    const below = section.items.find(
      (i) => !moving.has(i) && i.family !== 'table-row' && (!heading || i.family === 'heading'),
    );
    if (below) {
      const at = lineStart(text, below.range.start.offset);
      return { start: at, end: at, text: stacked(below) };
    }
    if (heading) {
      const at = section.range.end.offset;
      const before = preceding(at);
      const pad = before.endsWith(`${eol}${eol}`) ? '' : before.endsWith('\n') ? eol : eol + eol;
      const block = stacked(null).replace(/\r?\n$/, '');
      const close = at < text.length ? eol + eol : text.endsWith('\n') ? eol : '';
      return { start: at, end: at, text: `${pad}${block}${close}` };
    }
    const at = lineEnd(text, section.headingRange.end.offset);
    return { start: at, end: at, text: `${eol}${eol}${stacked(null).replace(/\r?\n$/, '')}` };
  }
  if (destination.kind === 'new-priority')
    return newPrioritySection(
      text,
      tracker,
      destination.priority,
      stacked(null).replace(/\r?\n$/, ''),
    );
  const heading = headingLine(
    text,
    tracker,
    destination.depth,
    `${destination.heading} (${destination.date})`,
  );
  const block = `${heading}${eol}${eol}${stacked(null)}${eol}`;
  const anchor = firstFixed(tracker);
  if (anchor) {
    const at = anchor.range.start.offset;
    return { start: at, end: at, text: block };
  }
  const end = tracker.scope.end.offset;
  const before = preceding(end);
  const pad =
    before.endsWith(`${eol}${eol}`) || !before ? '' : before.endsWith('\n') ? eol : eol + eol;
  // At the end of the file the block's closing blank line would be a blank line at EOF.
  const tail = end === text.length ? block.slice(0, -eol.length) : block;
  return { start: end, end, text: `${pad}${tail}` };
}

/** The whole lines an item occupies, with its line break and one blank line left behind. */
function blockOf(text: string, item: Item): { start: number; end: number; blankBefore: boolean } {
  const start = lineStart(text, item.range.start.offset);
  const newline = text.indexOf('\n', lineEnd(text, item.range.end.offset));
  let end = newline < 0 ? text.length : newline + 1;
  // A blank line (spaces only) right before the item, and the blank lines right after it.
  const blankBefore = start === 0 || /(^|\n)[ \t\r]*\n$/.test(text.slice(0, start));
  if (blankBefore) {
    const blank = /^(?:[ \t]*\r?\n)+/.exec(text.slice(end));
    if (blank) end += blank[0].length;
  }
  return { start, end, blankBefore };
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

/** The outstanding section of exactly `priority`, if the file has one. */
export function prioritySection(tracker: Tracker, priority: Priority): Section | undefined {
  return tracker.sections.find((s) => s.kind === 'outstanding' && s.priority === priority);
}

/**
 * Inserts a new section of `priority` holding `lines`, headed like the file's other priority
 * sections and placed by rank: after the last section of a higher priority (P1 before P2), else
 * before the first priority section, else before the fixed sections or at the end.
 */
export function newPrioritySection(
  text: string,
  tracker: Tracker,
  priority: Priority,
  lines: string,
  preceding: Preceding = (offset) => text.slice(0, offset),
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
    const before = preceding(end);
    const pad =
      before.endsWith(`${eol}${eol}`) || !before ? '' : before.endsWith('\n') ? eol : eol + eol;
    return {
      start: end,
      end,
      // At the end of the file the block ends as the file did: with a line break or without.
      text: `${pad}${end < text.length ? block + eol : text.endsWith('\n') ? block : block.slice(0, -eol.length)}`,
    };
  }
  const pad = /(^|\n)[ \t\r]*\n$/.test(preceding(at)) ? '' : eol;
  return { start: at, end: at, text: `${pad}${block}${eol}` };
}
