import { allItems, type Item, type Section, type Tracker } from './schema.js';

interface Lookup {
  byId: Map<string, Item>;
  sectionOf: Map<Item, Section>;
}

/** Built once per parsed tracker (parse results are shared and never change). */
const lookups = new WeakMap<Tracker, Lookup>();

function lookup(tracker: Tracker): Lookup {
  let found = lookups.get(tracker);
  if (!found) {
    const sectionOf = new Map<Item, Section>();
    for (const section of tracker.sections)
      for (const item of section.items) sectionOf.set(item, section);
    found = { byId: new Map(allItems(tracker).map((i) => [i.id, i])), sectionOf };
    lookups.set(tracker, found);
  }
  return found;
}

/** The item with this id, looked up in an index rather than a scan of every item. */
export function itemById(tracker: Tracker, id: string): Item | undefined {
  return lookup(tracker).byId.get(id);
}

/** The section that holds `item`. */
export function sectionOf(tracker: Tracker, item: Item): Section | undefined {
  return lookup(tracker).sectionOf.get(item);
}
