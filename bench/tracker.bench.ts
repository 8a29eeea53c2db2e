// Run with `npm run bench` (vitest bench, tinybench underneath). Results go in docs/benchmarks.md.
import { readFileSync } from 'node:fs';
import { bench, describe } from 'vitest';
import { defaultConfig } from '../src/reconcile/config.js';
import { plan } from '../src/reconcile/plan.js';
import { applyEdits } from '../src/tracker/apply-edits.js';
import { lintTracker } from '../src/tracker/lint.js';
import { parseTracker } from '../src/tracker/parse.js';
import { parseJUnit } from '../src/evidence/junit.js';

const reference = readFileSync(
  new URL('../__tests__/fixtures/trackers/reference.md', import.meta.url),
  'utf8',
);
const junit = readFileSync(
  new URL('../__tests__/fixtures/evidence/junit-312-failures.xml', import.meta.url),
  'utf8',
);

/** A large tracker: 20 copies of the reference's outstanding sections, 140 items. */
const large = [
  '# Known Issues\n\n**Last Updated**: 2026-01-28\n',
  ...Array.from({ length: 20 }, (_, n) =>
    reference
      .slice(reference.indexOf('## P0 Outstanding'), reference.indexOf('## P0 Recently Completed'))
      .replace(/\*\*([^*]+)\*\*/g, `**$1 ${n}**`)
      .replace(/^⚠️ ([A-Z][a-z]+ [a-z]+)/gm, `⚠️ $1 ${n}`),
  ),
].join('\n');

const evidence = {
  build: { outcome: 'success' as const, firstErrors: [] },
  tests: {
    files: [
      parseJUnit(
        readFileSync('__tests__/fixtures/evidence/junit-312-failures.xml', 'utf8'),
        'junit.xml',
      ),
    ],
  },
  problems: [],
};
const context = { now: '2026-11-25', tracker: { path: 'KNOWN_ISSUES.md' } };

describe(`reference tracker (${reference.length} chars)`, () => {
  bench('parse', () => void parseTracker(reference));
  bench('lint', () => void lintTracker(reference));
  bench(
    'set-status edit',
    () =>
      void applyEdits(reference, [
        { kind: 'set-status', itemId: 'zustand-version-conflict', status: 'resolved' },
      ]),
  );
  bench(
    'plan (build success, 312 failures)',
    () => void plan(reference, evidence, [], defaultConfig(), context),
  );
});

describe(`large tracker (${large.length} chars)`, () => {
  bench('parse', () => void parseTracker(large), { iterations: 5 });
  bench(
    'plan (build success, 312 failures)',
    () => void plan(large, evidence, [], defaultConfig(), context),
    { iterations: 3 },
  );
});

describe(`JUnit XML (${junit.length} chars, 1500 test cases)`, () => {
  bench('parseJUnit', () => void parseJUnit(junit, 'junit.xml'));
});
