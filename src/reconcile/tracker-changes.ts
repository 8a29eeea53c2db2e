import { linesAdded } from '../tracker/line-diff.js';
import { lintTracker } from '../tracker/lint.js';
import { parseTracker, ScopeNotFoundError } from '../tracker/parse.js';
import {
  allItems,
  type Diagnostic,
  type Item,
  type Priority,
  type Status,
} from '../tracker/schema.js';

/** One property of an item that a pull request changed. */
export type ItemChange =
  | { field: 'status'; from: Status; to: Status }
  | { field: 'priority'; from: Priority | null; to: Priority | null }
  | { field: 'title'; from: string; to: string };

/** An item as a change report names it: where it is, and what it says. */
export interface ItemRef {
  id: string;
  explicitId: string | null;
  title: string;
  status: Status;
  priority: Priority | null;
  /** Its head line: in the head tracker, or in the base for a removed item. */
  line: number;
}

/** What a pull request does to the tracker, base against head. */
export interface TrackerChanges {
  /** The base had no tracker (or not the section): every head item counts as added. */
  created: boolean;
  added: ItemRef[];
  removed: ItemRef[];
  changed: { item: ItemRef; changes: ItemChange[] }[];
  /** Head lines (1-based) that the pull request added or changed. */
  touchedLines: number[];
  /** The head's lint findings on the lines the pull request touched; the rest are not its doing. */
  diagnostics: Diagnostic[];
}

const refOf = (item: Item): ItemRef => ({
  id: item.id,
  explicitId: item.explicitId,
  title: item.title,
  status: item.status,
  priority: item.priority,
  line: item.headRange.start.line,
});

/** The items of a tracker text, or null when it has none to read (no file, no such section). */
function itemsOf(text: string | null, section: string | undefined): Item[] | null {
  if (text === null) return null;
  try {
    return allItems(parseTracker(text, { section }).tracker);
  } catch (error) {
    if (error instanceof ScopeNotFoundError) return null;
    throw error;
  }
}

/**
 * The base item that a head item continues: the same explicit id (`KI-3`), else the same issue
 * number, else the same slug. The first two survive a change of title.
 */
function matchItems(base: Item[], head: Item[]): Map<Item, Item> {
  const pairs = new Map<Item, Item>();
  const taken = new Set<Item>();
  const keys: ((i: Item) => string | null)[] = [
    (i) => (i.explicitId ? `id:${i.explicitId}` : null),
    (i) => (i.issue ? `issue:${i.issue.number}` : null),
    (i) => `slug:${i.id}`,
  ];
  for (const key of keys) {
    for (const item of head) {
      if (pairs.has(item)) continue;
      const k = key(item);
      const match = k && base.find((b) => !taken.has(b) && key(b) === k);
      if (!match) continue;
      pairs.set(item, match);
      taken.add(match);
    }
  }
  return pairs;
}

/**
 * Compares the tracker at a pull request's base with its head: items added, removed, and changed
 * in status, priority or title, and the head's lint findings limited to the lines the pull request
 * touched. `base` is null when the file does not exist there. Pure.
 */
export function compareTrackers(
  base: string | null,
  head: string,
  options: { section?: string } = {},
): TrackerChanges {
  const section = options.section || undefined;
  const headItems = itemsOf(head, section) ?? [];
  const baseItems = itemsOf(base, section);
  const { diagnostics } = lintTracker(head, { section });
  if (baseItems === null) {
    return {
      created: true,
      added: headItems.map(refOf),
      removed: [],
      changed: [],
      touchedLines: head.split('\n').map((_, i) => i + 1),
      diagnostics,
    };
  }
  const pairs = matchItems(baseItems, headItems);
  const matched = new Set(pairs.values());
  const changed: TrackerChanges['changed'] = [];
  for (const [item, before] of pairs) {
    const changes: ItemChange[] = [];
    if (before.status !== item.status)
      changes.push({ field: 'status', from: before.status, to: item.status });
    if (before.priority !== item.priority)
      changes.push({ field: 'priority', from: before.priority, to: item.priority });
    if (before.title !== item.title)
      changes.push({ field: 'title', from: before.title, to: item.title });
    if (changes.length) changed.push({ item: refOf(item), changes });
  }
  const touchedLines = linesAdded(base ?? '', head);
  const touched = new Set(touchedLines);
  return {
    created: false,
    added: headItems.filter((i) => !pairs.has(i)).map(refOf),
    removed: baseItems.filter((i) => !matched.has(i)).map(refOf),
    changed: changed.sort((a, b) => a.item.line - b.item.line),
    touchedLines,
    diagnostics: diagnostics.filter((d) => touched.has(d.line)),
  };
}

/** Whether the pull request changed nothing in the tracker's items. */
export const noItemChanges = (changes: TrackerChanges): boolean =>
  !changes.added.length && !changes.removed.length && !changes.changed.length;
