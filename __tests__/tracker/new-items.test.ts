import { describe, expect, it } from 'vitest';
import {
  allItems,
  applyEdits,
  lintTracker,
  parseTracker,
  type NewItem,
  type Priority,
  type TrackerEdit,
} from '../../src/tracker/index.js';
import { FIXTURES, fixture, lineDiff, optionsFor, type FixtureName } from './helpers.js';

const URL12 = 'https://github.com/o/r/issues/12';
// A title the parser would cut at " (" or " - " unless the item writes it bold.
const newItem = (priority: Priority, title = 'Crash on save (Windows) - exports'): NewItem => ({
  title,
  priority,
  issue: { number: 12, url: URL12 },
  date: '2026-11-25',
});

const parse = (name: FixtureName, text: string) => parseTracker(text, optionsFor(name)).tracker;
const apply = (name: FixtureName, edits: TrackerEdit[]) =>
  applyEdits(fixture(name), edits, optionsFor(name));
const firstOpen = (name: FixtureName) =>
  allItems(parse(name, fixture(name))).find((i) => i.status === 'open')!;

describe('add-item writes an item the parser reads back as asked', () => {
  describe.each(FIXTURES)('%s', (name) => {
    it.each(['P0', 'P1', 'P2', 'P3'] as const)('under %s', (priority) => {
      const after = apply(name, [{ kind: 'add-item', item: newItem(priority) }]);
      const added = allItems(parse(name, after)).filter((i) => i.issue?.number === 12);
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({
        title: 'Crash on save (Windows) - exports',
        status: 'open',
        priority,
      });
      // Nothing else changes: every line of the diff is added, and the file still lints clean of errors.
      expect(lineDiff(fixture(name), after).every((l) => l.startsWith('+'))).toBe(true);
      const errors = lintTracker(after, optionsFor(name)).diagnostics.filter(
        (d) => d.severity === 'error',
      );
      expect(errors).toEqual([]);
      // An item that links the issue already is not added again.
      expect(
        applyEdits(after, [{ kind: 'add-item', item: newItem(priority) }], optionsFor(name)),
      ).toBe(after);
    });
  });

  it("the reference tracker: a P1 line like its neighbours, a new P2 section like P1's", () => {
    const p1 = lineDiff(
      fixture('reference'),
      apply('reference', [{ kind: 'add-item', item: newItem('P1', 'Slow search') }]),
    );
    expect(p1).toEqual([`+⚠️ Slow search ([#12](${URL12}))`]);
    const p2 = apply('reference', [{ kind: 'add-item', item: newItem('P2', 'Slow search') }]);
    expect(p2).toContain(
      [
        '⚠️ Test coverage improvement (328 failures remaining)',
        '',
        '## P2 Outstanding',
        '',
        `⚠️ Slow search ([#12](${URL12}))`,
        '',
        '## P0 Recently Completed (2026-01-28)',
      ].join('\n'),
    );
  });

  it('the heading format gets the next explicit id and a Status line like the others', () => {
    const after = apply('heading-items', [
      { kind: 'add-item', item: newItem('P1', 'Slow search') },
    ]);
    expect(after).toContain(
      `**Status:** BLOCKED — waiting on the design tokens release\n\n### KI-6: Slow search ([#12](${URL12}))\n**Status:** OPEN\n`,
    );
    const medium = apply('heading-items', [
      { kind: 'add-item', item: newItem('P2', 'Slow search') },
    ]);
    expect(medium).toContain('## Medium\n\n### KI-6: Slow search');
    expect(medium.indexOf('## Medium')).toBeGreaterThan(medium.indexOf('## High'));
    expect(medium.indexOf('## Medium')).toBeLessThan(medium.indexOf('## Low'));
  });

  it('a table gets a row with its id, priority, status and date cells spelled like the others', () => {
    const after = apply('status-table', [
      { kind: 'add-item', item: newItem('P2', 'Slow | search') },
    ]);
    expect(lineDiff(fixture('status-table'), after)).toEqual([
      `+| KI-08 | P2 | **Slow \\| search** ([#12](${URL12})) | 🔴 Open | 2026-11-25 | |`,
    ]);
  });

  it('a checkbox list gets a checkbox entry', () => {
    const after = apply('checkbox-list', [
      { kind: 'add-item', item: newItem('P1', 'Slow search') },
    ]);
    expect(lineDiff(fixture('checkbox-list'), after)).toEqual([
      `+- [ ] Slow search ([#12](${URL12}))`,
    ]);
  });

  it('markdown in a title is escaped, never interpreted', () => {
    const after = apply('reference', [
      { kind: 'add-item', item: newItem('P1', '<img src=x> **bold** [link](y)') },
    ]);
    expect(after).toContain('\\<img src=x> \\*\\*bold\\*\\* \\[link]\\(y)');
    const added = allItems(parse('reference', after)).find((i) => i.issue?.number === 12);
    expect(added?.priority).toBe('P1');
  });
});

describe('add-note', () => {
  const note: Omit<Extract<TrackerEdit, { kind: 'add-note' }>, 'itemId'> = {
    kind: 'add-note',
    label: '2026-11-25 (octocat)',
    text: 'checked with the vendor',
  };

  it.each(FIXTURES.filter((n) => n !== 'status-table'))(
    '%s: one dated line at the end of the item, after its fields; twice is once',
    (name) => {
      const item = firstOpen(name);
      const after = apply(name, [{ ...note, itemId: item.id }]);
      const diff = lineDiff(fixture(name), after);
      expect(diff.filter((l) => l.startsWith('+')).join('\n')).toContain('2026-11-25 (octocat)');
      expect(diff.every((l) => l.startsWith('+'))).toBe(true);
      const again = allItems(parse(name, after)).find((i) => i.id === item.id)!;
      expect(again.text).toContain('checked with the vendor');
      expect(again.status).toBe(item.status);
      expect(again.fields.map((f) => f.key)).toEqual(item.fields.map((f) => f.key));
      expect(applyEdits(after, [{ ...note, itemId: item.id }], optionsFor(name))).toBe(after);
    },
  );

  it('the reference item: a bullet like its fields, after the last one', () => {
    const after = apply('reference', [{ ...note, itemId: 'zustand-version-conflict' }]);
    expect(after).toContain(
      '   - Est. Fix: 30 minutes\n   - 2026-11-25 (octocat): checked with the vendor\n\n## P1',
    );
  });

  it('an emoji line in the middle of a paragraph keeps the next item apart', () => {
    const after = apply('reference', [{ ...note, itemId: 'performance-optimization' }]);
    const items = allItems(parse('reference', after));
    expect(items.map((i) => i.id)).toEqual(
      allItems(parse('reference', fixture('reference'))).map((i) => i.id),
    );
    expect(items.find((i) => i.id === 'test-coverage-improvement')?.status).toBe('open');
  });

  it('a table row has no place for a note: nothing changes', () => {
    const item = firstOpen('status-table');
    expect(apply('status-table', [{ ...note, itemId: item.id }])).toBe(fixture('status-table'));
  });
});

describe('move to a priority section', () => {
  it('creates the section like the others when missing and moves the item into it', () => {
    const after = apply('reference', [
      {
        kind: 'move',
        itemId: 'performance-optimization',
        to: { kind: 'priority', priority: 'P2' },
      },
    ]);
    const tracker = parse('reference', after);
    const section = tracker.sections.find((s) =>
      s.items.some((i) => i.id === 'performance-optimization'),
    )!;
    expect(section).toMatchObject({
      heading: 'P2 Outstanding',
      depth: 2,
      priority: 'P2',
      kind: 'outstanding',
    });
    expect(allItems(tracker)).toHaveLength(
      allItems(parse('reference', fixture('reference'))).length,
    );
  });

  it('moves into an existing section of that priority', () => {
    const item = firstOpen('checkbox-list');
    const after = apply('checkbox-list', [
      { kind: 'move', itemId: item.id, to: { kind: 'priority', priority: 'P2' } },
    ]);
    const section = parse('checkbox-list', after).sections.find((s) =>
      s.items.some((i) => i.id === item.id),
    )!;
    expect(section.heading).toBe('P2 — someday');
    expect(parse('checkbox-list', after).sections.filter((s) => s.priority === 'P2')).toHaveLength(
      1,
    );
  });

  it('a word-named file gets a word-named section, in rank order', () => {
    const item = firstOpen('heading-items');
    const after = apply('heading-items', [
      { kind: 'move', itemId: item.id, to: { kind: 'priority', priority: 'P2' } },
    ]);
    const headings = parse('heading-items', after).sections.map((s) => s.heading);
    expect(headings.slice(headings.indexOf('Critical'))).toEqual([
      'Critical',
      'High',
      'Medium',
      'Low',
    ]);
  });
});
