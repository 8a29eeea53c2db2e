import { splicesFor, statusChange, type TrackerEdit } from './edit.js';
import { statusOfValue } from './fields.js';
import { baseIdOf } from './ids.js';
import { lineStart } from './lines.js';
import { itemById } from './lookup.js';
import {
  arrive,
  depart,
  movedLines,
  precedingAfter,
  type Arrival,
  type Departure,
  type StatusNow,
} from './move.js';
import { parseTracker, type ParseOptions } from './parse.js';
import { allItems, type Item, type Tracker } from './schema.js';
import { applySplices, type Splice } from './splice.js';
import { isStatusKey } from './vocabulary.js';

/**
 * Applies edits as if one after another, each against a fresh parse of the text it produced,
 * so every edit addresses the item where it then is; bytes outside each edit's span never
 * change. The edits are computed from one parse and spliced in one pass (`batchSplices`); only
 * where an edit would read what an earlier one wrote is the text parsed again before it.
 */
export function applyEdits(text: string, edits: TrackerEdit[], options: ParseOptions = {}): string {
  let current = text;
  for (let rest = edits; rest.length;) {
    const tracker = parseTracker(current, options).tracker;
    const batch = batchSplices(current, tracker, rest);
    current = applySplices(current, batch.splices);
    rest = rest.slice(batch.taken);
  }
  return current;
}

/** An edit's splice, with the item it belongs to and the edit's place in the list. */
interface Owned extends Splice {
  owner: Item | null;
  order: number;
  /** Whether it writes its span whole, whatever stood there (a field's new value). */
  whole?: boolean;
}

/** The splices of the first `taken` edits. */
export interface Batch {
  splices: Splice[];
  taken: number;
}

/**
 * The splices of the longest run of leading edits that one parse (`tracker`) can compute
 * exactly as applying them one after another would: a run ends before an edit that would read
 * what an earlier edit of the run wrote. That is a second edit of one kind on an item; a status
 * set after another edit of its item; an edit after its item moved, but for its issue link and
 * text within its lines; any edit after a title was rewritten (its id may change) or after a
 * move renumbered ids (`item`, `item-2`); a new item; and splices of different items that
 * overlap, meet the block of a moving item, or two new sections.
 */
export function batchSplices(text: string, tracker: Tracker, edits: TrackerEdit[]): Batch {
  const found = tryBatch(text, tracker, edits);
  if ('splices' in found) return { splices: found.splices, taken: edits.length };
  if (found.stopAt === 0) return { splices: splicesFor(text, tracker, edits[0]!), taken: 1 };
  return batchSplices(text, tracker, edits.slice(0, found.stopAt));
}

type Attempt = { splices: Splice[] } | { stopAt: number };

function tryBatch(text: string, tracker: Tracker, edits: TrackerEdit[]): Attempt {
  const stop = (stopAt: number): Attempt => ({ stopAt });
  const splices: Owned[] = [];
  const now = new Map<Item, StatusNow>();
  const moves: { item: Item; to: Extract<TrackerEdit, { kind: 'move' }>['to']; order: number }[] =
    [];
  const seen = new Set<string>();
  const edited = new Set<Item>();
  const moved = new Set<Item>();
  const rewritten = new Set<Item>();
  // Ids numbered by position (`item`, `item-2`) change when a move reorders their items.
  const bases = edits.some((e) => e.kind === 'move') ? baseCounts(tracker) : new Map();
  const renumbered = new Set<string>();
  const statusFields = new Map<Item, string>();
  for (const [order, edit] of edits.entries()) {
    if (edit.kind === 'add-item') return stop(order);
    if (edit.kind === 'set-last-updated') {
      if (seen.has('last-updated')) return stop(order);
      seen.add('last-updated');
      splices.push(...splicesFor(text, tracker, edit).map((s) => ({ ...s, owner: null, order })));
      continue;
    }
    const item = itemById(tracker, edit.itemId);
    if (!item) continue;
    const base = baseIdOf(item);
    if (renumbered.has(base)) return stop(order);
    const kind = edit.kind === 'add-note' ? `note:${edit.label}:${edit.text}` : edit.kind;
    if (seen.has(`${item.id}\u0000${kind}`)) return stop(order);
    if (moved.has(item) && edit.kind !== 'set-issue') return stop(order);
    // Rewritten text can read as another item (a checkbox turned into words): nothing follows.
    if (rewritten.has(item)) return stop(order);
    // These read the item's text as it stands: they come first among the item's edits.
    if ((edit.kind === 'set-status' || edit.kind === 'replace-text') && edited.has(item))
      return stop(order);
    seen.add(`${item.id}\u0000${kind}`);
    edited.add(item);
    if (edit.kind === 'move') {
      moves.push({ item, to: edit.to, order });
      moved.add(item);
      if (bases.get(base)! > 1) renumbered.add(base);
      continue;
    }
    if (edit.kind === 'set-field' && isStatusKey(edit.key)) statusFields.set(item, edit.value);
    let own: Splice[];
    if (edit.kind === 'set-status') {
      const change = statusChange(text, tracker, item, edit.status);
      now.set(item, change.now);
      own = change.splices;
    } else {
      own = splicesFor(text, tracker, edit);
    }
    splices.push(
      ...own.map((s) => ({ ...s, owner: item, order, whole: edit.kind === 'set-field' })),
    );
    if (edit.kind === 'replace-text') rewritten.add(item);
    if (edit.kind === 'replace-text' && own.some((s) => touches(s, item.titleRange)))
      return order + 1 < edits.length
        ? stop(order + 1)
        : tryMoves(text, tracker, splices, moves, now, statusFields);
  }
  return tryMoves(text, tracker, splices, moves, now, statusFields);
}

/** The overlaps resolved, then the moves: departures that take their items' edits along, and arrivals. */
function tryMoves(
  text: string,
  tracker: Tracker,
  all: Owned[],
  moves: { item: Item; to: Extract<TrackerEdit, { kind: 'move' }>['to']; order: number }[],
  now: Map<Item, StatusNow>,
  statusFields: Map<Item, string>,
): Attempt {
  const resolved = resolveOverlaps(all);
  if ('stopAt' in resolved) return resolved;
  let splices = resolved.kept;
  const departures: { departure: Departure; order: number }[] = [];
  for (const { item, to, order } of moves) {
    const status = now.get(item) ?? item;
    // A new Status value decides what the item says as it moves: it must say what was set.
    const value = statusFields.get(item);
    if (value !== undefined && statusOfValue(value) !== status.status) return { stopAt: order };
    const departure = depart(text, tracker, item, to, status);
    if (departure) departures.push({ departure, order });
  }
  const moving = new Set(departures.map((d) => d.departure.item));
  const groups = new Map<unknown, { arrivals: Arrival[]; order: number }>();
  const removals: Removal[] = [];
  // The splices are sorted and do not overlap: those that meet a block are found by bisection,
  // and an item's own through an index, so many moves cost no scan of all splices each.
  const owned = new Map<Item | null, number[]>();
  splices.forEach((s, i) => {
    const indexes = owned.get(s.owner);
    if (indexes) indexes.push(i);
    else owned.set(s.owner, [i]);
  });
  const gone = new Set<number>();
  for (const { departure, order } of departures) {
    const { start, end } = departure.lines;
    const taken: number[] = [];
    const clashes: number[] = [];
    for (const i of owned.get(departure.item) ?? []) {
      const s = splices[i]!;
      (s.start >= start && s.end <= end ? taken : clashes).push(i);
    }
    const block = departure.remove;
    for (let i = firstEndingAtOrAfter(splices, block.start - 2); i < splices.length; i++) {
      const s = splices[i]!;
      if (s.start >= block.end) break;
      if (s.owner !== departure.item && !gone.has(i) && meets(text, s, block)) clashes.push(i);
    }
    if (clashes.length) return { stopAt: Math.max(order, splices[Math.min(...clashes)]!.order) };
    for (const i of taken) gone.add(i);
    const { lines, remove } = movedLines(
      text,
      tracker,
      departure,
      taken.map((i) => splices[i]!),
    );
    const key = destinationKey(departure);
    const group = groups.get(key) ?? { arrivals: [], order };
    group.arrivals.push({ departure, lines });
    group.order = order;
    groups.set(key, group);
    removals.push({ remove, blankBefore: departure.blankBefore, order });
  }
  splices = splices.filter((_, i) => !gone.has(i));
  const merged = mergeRemovals(text, removals);
  if ('stopAt' in merged) return merged;
  const fresh = [...groups].filter(([key]) => typeof key === 'string');
  if (fresh.length > 1) return { stopAt: Math.max(...fresh.map(([, g]) => g.order)) };
  // An outstanding move could have gone to a new priority section.
  const outstanding = moves.filter((m) => m.to.kind === 'outstanding');
  if (fresh.some(([key]) => (key as string).startsWith('priority:')) && outstanding.length)
    return { stopAt: Math.max(fresh[0]![1].order, outstanding[0]!.order) };
  const preceding = precedingAfter(text, merged.removals);
  const placed = [...merged.removals];
  for (const { arrivals, order } of groups.values()) {
    const destination = arrivals[0]!.departure.destination;
    if (destination.kind === 'section') {
      // The item new arrivals go before must stay, untouched at its start.
      const below = destination.section.items.find(
        (i) => i.family !== 'table-row' && !arrivals.some((a) => a.departure.item === i),
      );
      const at = below && lineStart(text, below.range.start.offset);
      if (below && (moving.has(below) || splices.some((s) => s.start === at)))
        return { stopAt: order };
    }
    placed.push(arrive(text, tracker, arrivals, preceding));
  }
  return { splices: [...splices, ...placed] };
}

interface Removal {
  remove: Splice;
  blankBefore: boolean;
  order: number;
}

/**
 * The blocks of departing items, those that touch joined into one: removed one after another,
 * neighbours leave the blank lines around the run as removing the whole run would (the blank
 * lines after it go when a blank line stands before it).
 */
function mergeRemovals(
  text: string,
  removals: Removal[],
): { removals: Splice[] } | { stopAt: number } {
  const sorted = [...removals].sort((a, b) => a.remove.start - b.remove.start);
  const out: Splice[] = [];
  for (let i = 0; i < sorted.length;) {
    const run = [sorted[i]!];
    while (
      i + run.length < sorted.length &&
      sorted[i + run.length]!.remove.start === run.at(-1)!.remove.end
    )
      run.push(sorted[i + run.length]!);
    i += run.length;
    if (run.length === 1) {
      out.push(run[0]!.remove);
      continue;
    }
    if (run.some((r) => r.remove.text)) return { stopAt: Math.max(...run.map((r) => r.order)) };
    let end = run.at(-1)!.remove.end;
    if (run[0]!.blankBefore) end += /^(?:[ \t]*\r?\n)*/.exec(text.slice(end))![0].length;
    out.push({ start: run[0]!.remove.start, end, text: '' });
  }
  return { removals: out };
}

function baseCounts(tracker: Tracker): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of allItems(tracker))
    counts.set(baseIdOf(item), (counts.get(baseIdOf(item)) ?? 0) + 1);
  return counts;
}

/** Where a departure goes, as a key that two moves to one place share. */
function destinationKey(departure: Departure): unknown {
  const d = departure.destination;
  if (d.kind === 'section') return d.section;
  return d.kind === 'new-fixed' ? `fixed:${d.date}` : `priority:${d.priority}`;
}

/**
 * The splices without those a later edit of the same item rewrites whole (a status word in
 * the Status field that a later `set-field` replaces); where splices overlap otherwise, or two
 * insertions at one point could go either way, the run stops at the later edit.
 */
function resolveOverlaps(splices: Owned[]): { kept: Owned[] } | { stopAt: number } {
  const sorted = [...splices].sort(
    (a, b) => a.start - b.start || b.end - a.end || a.order - b.order,
  );
  const kept: Owned[] = [];
  for (const s of sorted) {
    const last = kept.at(-1);
    const clash = { stopAt: Math.max(s.order, last?.order ?? 0) };
    if (last && s.start < last.end) {
      if (last.owner !== s.owner) return clash;
      if (s.end <= last.end && last.order > s.order && last.whole) continue; // inside a later rewrite
      if (s.start === last.start && s.end >= last.end && s.order > last.order && s.whole) {
        kept[kept.length - 1] = s; // a later rewrite of the whole of it
        continue;
      }
      return clash;
    }
    // Two insertions at one point: of one item, and not both within the line.
    if (last && s.start === s.end && last.start === s.start && last.end === s.start) {
      if (last.owner !== s.owner || (!opensLine(last) && !opensLine(s))) return clash;
    }
    kept.push(s);
  }
  return { kept };
}

const opensLine = (s: Splice) => /^\r?\n/.test(s.text);

/**
 * Whether a splice reaches into a removed block or the line break before it (where a new
 * field's blank line would go); an insertion right before the block is fine.
 */
function meets(text: string, s: Splice, block: Splice): boolean {
  const lineBreak = text[block.start - 2] === '\r' ? block.start - 2 : block.start - 1;
  if (s.start === s.end)
    return s.start >= lineBreak && s.start < block.end && s.start !== block.start;
  return s.start < block.end && s.end > lineBreak;
}

/** The index of the first of the sorted, non-overlapping splices that ends at `offset` or later. */
function firstEndingAtOrAfter(splices: Splice[], offset: number): number {
  let low = 0;
  let high = splices.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (splices[middle]!.end < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

function touches(s: Splice, range: Item['titleRange']): boolean {
  return s.start <= range.end.offset && range.start.offset <= s.end;
}
