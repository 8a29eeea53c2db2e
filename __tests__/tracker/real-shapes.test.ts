import { describe, expect, it } from 'vitest';
import { Tracker, allItems, parseTracker, type Item } from '../../src/tracker/index.js';
import { REAL_SHAPES, REAL_SHAPE_FILES, realShape, type SeenItem } from './helpers.js';

/** An item as expected.json describes it: only the keys the file names for that item. */
const asSeen = (item: Item, like: SeenItem | undefined): SeenItem => {
  const seen: SeenItem = { status: item.status };
  if (!like || 'title' in like) seen.title = item.title;
  if (like && 'priority' in like) seen.priority = item.priority;
  if (like && 'id' in like) seen.id = item.id;
  return seen;
};

const read = (file: string, section?: string) => {
  const { tracker } = parseTracker(realShape(file), section ? { section } : {});
  expect(() => Tracker.parse(tracker)).not.toThrow();
  return allItems(tracker);
};

describe('every real tracker shape reads as a reader sees it', () => {
  it.each(REAL_SHAPE_FILES)('%s', (file) => {
    const want = REAL_SHAPES[file]!.items;
    const items = read(file);
    // Exactly these items, in document order: titles, statuses, priorities and ids, no extra item.
    expect(items.map((item, n) => asSeen(item, want[n]))).toEqual(want);
  });

  it.each(['M1-embedded-scope.md', 'M2-section-flag-drops-bullets.md'])(
    '%s with the section "Known Issues"',
    (file) => {
      const want = REAL_SHAPES[file]!.items;
      const items = read(file, 'Known Issues');
      expect(items.map((item, n) => asSeen(item, want[n]))).toEqual(want);
    },
  );
});
