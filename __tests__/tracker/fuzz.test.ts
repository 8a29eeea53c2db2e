import { describe, expect, it } from 'vitest';
import {
  Diagnostic,
  ScopeNotFoundError,
  Status,
  Tracker,
  allItems,
  applyEdits,
  lintTracker,
  parseTracker,
} from '../../src/tracker/index.js';
import { runs } from '../support/fast-check-setup.js';
import { type Case, SEED, makeCase, mutations, pick } from './fuzz-corpus.js';
import { allRanges, seeded } from './helpers.js';

/**
 * Seeded mutations of the fixtures (250 by default, thousands with a fresh seed in the deep run).
 * Whatever the markdown, the parser and the linter do not throw, every range points into the
 * text and a set-status edit never touches the text before the first item.
 */
const CASES = runs(250);
const CHUNK = 200;

/** Line starts of a text, to check every point's line and column quickly. */
function pointChecker(text: string) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (offset: number) => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
    return { line: line + 1, column: offset - starts[line]! + 1 };
  };
}

function check(c: Case): void {
  const { text, options } = c;
  const label = `case ${c.index} of seed ${SEED} (${c.source}: ${c.applied.join(', ')})`;
  let linted: ReturnType<typeof lintTracker>;
  try {
    linted = lintTracker(text, options);
  } catch (error) {
    // The only thing that may throw: the configured section heading was mutated away.
    expect(error, label).toBeInstanceOf(ScopeNotFoundError);
    expect(() => parseTracker(text, options), label).toThrow(ScopeNotFoundError);
    return;
  }
  const { tracker, diagnostics } = linted;
  // lintTracker parses with parseTracker; every 8th case checks that directly (parsing is the cost here).
  if (c.index % 8 === 0) expect(parseTracker(text, options).tracker, label).toEqual(tracker);
  expect(() => Tracker.parse(tracker), label).not.toThrow();

  // Plain checks collected into one assertion: there are a hundred ranges per case.
  const problems: string[] = [];
  const pointOf = pointChecker(text);
  for (const [what, { start, end }] of allRanges(tracker)) {
    if (!(start.offset >= 0 && start.offset <= end.offset && end.offset <= text.length)) {
      problems.push(`${what}: [${start.offset}, ${end.offset}) outside [0, ${text.length}]`);
    }
    for (const p of [start, end]) {
      const want = pointOf(p.offset);
      if (want.line !== p.line || want.column !== p.column) {
        problems.push(
          `${what}: ${p.line}:${p.column} at offset ${p.offset}, expected ${want.line}:${want.column}`,
        );
      }
    }
  }
  const lines = text.split('\n').length;
  for (const d of diagnostics) {
    if (!Diagnostic.safeParse(d).success || d.line < 1 || d.line > lines || d.column < 1) {
      problems.push(`diagnostic at ${d.line}:${d.column} (${d.rule})`);
    }
    if (!/^Unexpected .+, expected .+/s.test(d.message)) problems.push(`message: ${d.message}`);
  }
  expect(problems, label).toEqual([]);

  const items = allItems(tracker);
  const r = seeded(c.index);
  const item = items.length ? pick(r, items) : null;
  const status = pick(r, Status.options);
  const after = applyEdits(
    text,
    [{ kind: 'set-status', itemId: item?.id ?? 'no-such-item', status }],
    options,
  );
  if (!item) {
    expect(after, label).toBe(text);
    return;
  }
  const first = items.reduce((min, i) => Math.min(min, i.range.start.offset), Infinity);
  expect(after.slice(0, first), label).toBe(text.slice(0, first));
  expect(after.startsWith('\uFEFF'), label).toBe(text.startsWith('\uFEFF'));
}

describe('fuzz: mutated trackers never break the parser, the linter or set-status', () => {
  const chunks = Array.from(
    { length: Math.ceil(CASES / CHUNK) },
    (_, n) => [n * CHUNK, Math.min(CASES, (n + 1) * CHUNK)] as const,
  );

  it('generates the same cases on every run, covering every mutation', () => {
    expect(makeCase(42).text).toBe(makeCase(42).text);
    expect(makeCase(42)).toEqual(makeCase(42));
    const seen = new Set<string>();
    for (let i = 0; i < CASES; i++) for (const name of makeCase(i).applied) seen.add(name);
    expect([...seen].sort()).toEqual(mutations.map(([name]) => name).sort());
  });

  it.each(chunks)('cases %i–%i', (from, to) => {
    for (let i = from; i < to; i++) check(makeCase(i));
  });
});
