import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Priority,
  Status,
  allItems,
  applyEdits,
  applySplices,
  parseTracker,
  splicesFor,
  type Item,
  type ParseOptions,
  type Splice,
  type Tracker,
  type TrackerEdit,
} from '../../src/tracker/index.js';
import { propertyTimeout, runs } from '../support/fast-check-setup.js';
import {
  FIXTURES,
  REAL_SHAPE_FILES,
  fixture,
  optionsFor,
  realShape,
  type FixtureName,
} from './helpers.js';

/** Text pieces for values: letters, accents, CJK, emoji (ZWJ, flags, status emoji), punctuation. */
const TOKENS = [
  'a',
  'Z',
  '7',
  ' ',
  'é',
  'ß',
  'ğ',
  'Ω',
  '中文',
  '🙂',
  '🚀',
  '✅',
  '⚠️',
  '⛔',
  '👩‍💻',
  '🇩🇪',
  '—',
  '(x)',
  '.',
  ',',
];
const value = fc
  .array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''))
  .filter((v) => v.trim() !== '');
const date = fc
  .tuple(
    fc.integer({ min: 2020, max: 2030 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
  )
  .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

/** An edit before it is aimed: `pick` chooses the item among those the text has at that moment. */
type Spec =
  | { kind: 'set-status'; pick: number; status: Status }
  | { kind: 'set-field'; pick: number; key: string; value: string }
  | { kind: 'set-issue'; pick: number; number: number; url: boolean }
  | { kind: 'replace-text'; pick: number; from: number; length: number; replace: string }
  | { kind: 'move'; pick: number; fixed: boolean; date: string; priority: Priority | null }
  | { kind: 'set-last-updated'; date: string };

const spec: fc.Arbitrary<Spec> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('set-status' as const),
      pick: fc.nat(),
      status: fc.constantFrom(...Status.options),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('set-field' as const),
      pick: fc.nat(),
      key: fc.constantFrom('Owner', 'Status', 'Est. Fix', 'Impact', 'Notes', 'Next step'),
      value,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('set-issue' as const),
      pick: fc.nat(),
      number: fc.integer({ min: 1, max: 99999 }),
      url: fc.boolean(),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('replace-text' as const),
      pick: fc.nat(),
      from: fc.nat(),
      length: fc.integer({ min: 1, max: 12 }),
      replace: value,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('move' as const),
      pick: fc.nat(),
      fixed: fc.boolean(),
      date: fc.constantFrom('2026-01-28', '2026-02-01', '2026-04-12'),
      priority: fc.constantFrom(...Priority.options, null),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('set-last-updated' as const), date }), weight: 1 },
);

/** The edit a spec stands for in `tracker`, with the item it addresses. */
function aim(
  s: Spec,
  tracker: Tracker,
  text: string,
): { edit: TrackerEdit; item: Item | null } | null {
  if (s.kind === 'set-last-updated')
    return { edit: { kind: 'set-last-updated', date: s.date }, item: null };
  const items = allItems(tracker);
  if (!items.length) return null;
  const item = items[s.pick % items.length]!;
  const itemId = item.id;
  switch (s.kind) {
    case 'set-status':
      return { edit: { kind: 'set-status', itemId, status: s.status }, item };
    case 'set-field':
      return { edit: { kind: 'set-field', itemId, key: s.key, value: s.value }, item };
    case 'set-issue': {
      const url = s.url ? `https://github.com/o/r/issues/${s.number}` : undefined;
      return {
        edit: { kind: 'set-issue', itemId, number: s.number, ...(url ? { url } : {}) },
        item,
      };
    }
    case 'replace-text': {
      const title = text.slice(item.titleRange.start.offset, item.titleRange.end.offset);
      if (!title) return null;
      const from = s.from % title.length;
      const find = title.slice(from, from + s.length);
      // replace-text changes the first occurrence in the item: aim only at phrases of the title
      // that come first (a lone space would otherwise hit the list marker).
      if (item.text.indexOf(find) !== item.titleRange.start.offset - item.range.start.offset + from)
        return null;
      return { edit: { kind: 'replace-text', itemId, find, replace: s.replace }, item };
    }
    case 'move': {
      const to = s.fixed
        ? { kind: 'fixed' as const, date: s.date }
        : { kind: 'outstanding' as const, priority: s.priority };
      return { edit: { kind: 'move', itemId, to }, item };
    }
  }
}

const facts = (i: Item) => `${i.title}|${i.status}|${i.family}`;
const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
const lineEnd = (text: string, offset: number) => {
  const at = text.indexOf('\n', offset);
  return at < 0 ? text.length : at;
};

/** One edit on `text`: checks the splices against what applyEdits produced; returns the new text and model. */
function step(
  text: string,
  tracker: Tracker,
  s: Spec,
  options: ParseOptions,
): { text: string; tracker: Tracker } {
  const aimed = aim(s, tracker, text);
  if (!aimed) return { text, tracker };
  const { edit, item } = aimed;
  const label = JSON.stringify(edit);
  const splices: Splice[] = splicesFor(text, tracker, edit);
  const after = applyEdits(text, [edit], options);
  const next = parseTracker(after, options).tracker; // never throws

  if (!splices.length) {
    expect(after, label).toBe(text);
    return { text: after, tracker: next };
  }
  // Splices do not overlap, and nothing outside [minStart, maxEnd) changes.
  const sorted = [...splices].sort((a, b) => a.start - b.start || a.end - b.end);
  sorted.forEach((sp, n) => {
    expect(sp.start, label).toBeLessThanOrEqual(sp.end);
    if (n > 0) expect(sp.start, label).toBeGreaterThanOrEqual(sorted[n - 1]!.end);
  });
  const minStart = sorted[0]!.start;
  const maxEnd = Math.max(...sorted.map((sp) => sp.end));
  expect(after.slice(0, minStart), label).toBe(text.slice(0, minStart));
  expect(after.slice(after.length - (text.length - maxEnd)), label).toBe(text.slice(maxEnd));

  // The span is where the edit says: the Last Updated date, the item's own lines, or (a move) the scope.
  if (edit.kind === 'set-last-updated') {
    expect([minStart, maxEnd], label).toEqual([
      tracker.lastUpdated!.range.start.offset,
      tracker.lastUpdated!.range.end.offset,
    ]);
  } else if (edit.kind === 'move') {
    expect(minStart, label).toBeGreaterThanOrEqual(tracker.scope.start.offset);
    expect(maxEnd, label).toBeLessThanOrEqual(tracker.scope.end.offset);
  } else {
    expect(minStart, label).toBeGreaterThanOrEqual(lineStart(text, item!.range.start.offset));
    expect(maxEnd, label).toBeLessThanOrEqual(lineEnd(text, item!.range.end.offset));
  }

  // The other items read the same; a move keeps every item, only elsewhere.
  const before = allItems(tracker);
  const now = allItems(next);
  if (edit.kind === 'move') {
    expect(now.map(facts).sort(), label).toEqual(before.map(facts).sort());
  } else {
    expect(now.length, label).toBe(before.length);
    const index = item ? before.indexOf(item) : -1;
    expect(now.filter((_, n) => n !== index).map(facts), label).toEqual(
      before.filter((_, n) => n !== index).map(facts),
    );
    if (edit.kind === 'set-status') expect(now[index]!.status, label).toBe(edit.status);
    if (edit.kind === 'set-issue') expect(now[index]!.issue?.number, label).toBe(edit.number);
  }
  return { text: after, tracker: next };
}

const RUNS: Record<FixtureName, number> = {
  reference: 6,
  'checkbox-list': 12,
  'heading-items': 12,
  'status-table': 12,
  'claude-md': 5,
  crlf: 5,
  bom: 5,
};

/** The real tracker shapes (one file each, small), M1 and M2 also through their section. */
const SHAPES: [string, ParseOptions][] = [
  ...REAL_SHAPE_FILES.map((f) => [f, {}] as [string, ParseOptions]),
  ['M1-embedded-scope.md', { section: 'Known Issues' }],
  ['M2-section-flag-drops-bullets.md', { section: 'Known Issues' }],
];
const SHAPE_RUNS = 20;

describe(
  'random edit sequences change nothing outside each edit',
  { timeout: propertyTimeout },
  () => {
    it.each(FIXTURES)('%s', (name) => {
      const options = optionsFor(name);
      const original = fixture(name);
      const start = parseTracker(original, options).tracker;
      fc.assert(
        fc.property(fc.array(spec, { minLength: 1, maxLength: 5 }), (specs) => {
          let state = { text: original, tracker: start };
          for (const s of specs) state = step(state.text, state.tracker, s, options);
          if (name === 'crlf') expect(state.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
          if (name === 'bom') expect(state.text.startsWith('\uFEFF')).toBe(true);
          if (name === 'claude-md') {
            const before = original.slice(0, start.scope.start.offset);
            const after = original.slice(start.scope.end.offset);
            expect(state.text.startsWith(before)).toBe(true);
            expect(state.text.endsWith(after)).toBe(true);
          }
        }),
        { numRuns: runs(RUNS[name]) },
      );
    });

    it('the real tracker shapes', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...SHAPES),
          fc.array(spec, { minLength: 1, maxLength: 5 }),
          ([file, options], specs) => {
            let state = {
              text: realShape(file),
              tracker: parseTracker(realShape(file), options).tracker,
            };
            for (const s of specs) state = step(state.text, state.tracker, s, options);
          },
        ),
        { numRuns: runs(SHAPE_RUNS) },
      );
    });
  },
);

/** applyEdits on the edits `specs` aim at gives the text of applying each after a fresh parse. */
function batchesAsOneByOne(original: string, start: Tracker, specs: Spec[], options: ParseOptions) {
  const edits = specs.flatMap((s) => aim(s, start, original)?.edit ?? []);
  const oneByOne = edits.reduce(
    (text, edit) => applySplices(text, splicesFor(text, parseTracker(text, options).tracker, edit)),
    original,
  );
  expect(applyEdits(original, edits, options)).toBe(oneByOne);
}

describe('applyEdits batches edits from one parse', { timeout: propertyTimeout }, () => {
  it.each(FIXTURES)('%s: the same text as applying each edit after a fresh parse', (name) => {
    const options = optionsFor(name);
    const original = fixture(name);
    const start = parseTracker(original, options).tracker;
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 8 }), (specs) =>
        batchesAsOneByOne(original, start, specs, options),
      ),
      { numRuns: runs(RUNS[name]) },
    );
  });

  it('the real tracker shapes: the same text as applying each edit after a fresh parse', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SHAPES),
        fc.array(spec, { minLength: 1, maxLength: 8 }),
        ([file, options], specs) => {
          const original = realShape(file);
          batchesAsOneByOne(original, parseTracker(original, options).tracker, specs, options);
        },
      ),
      { numRuns: runs(SHAPE_RUNS) },
    );
  });
});
