import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BuildOutcome } from '../../src/evidence/schema.js';
import { defaultConfig } from '../../src/reconcile/config.js';
import type { IssueSnapshot } from '../../src/reconcile/issues.js';
import { plan } from '../../src/reconcile/plan.js';
import { allItems, parseTracker } from '../../src/tracker/index.js';
import { propertyTimeout, runs } from '../support/fast-check-setup.js';
import { context, evidenceOf, planAndApply } from '../support/simulate.js';
import { FIXTURES, fixture, optionsFor } from '../tracker/helpers.js';

/** One scheduled run: what the build and the tests said that day. */
const day = fc.record({
  build: fc.constantFrom<BuildOutcome | null>('success', 'failure', 'cancelled', null),
  failures: fc.oneof(fc.constant(null), fc.constant(0), fc.integer({ min: 1, max: 400 })),
  resolved: fc.constantFrom('move' as const, 'mark' as const),
});

/**
 * Whatever the evidence does from one run to the next, each run leaves the tracker and the
 * issues agreeing with it: planning again with the same evidence finds nothing to do, and
 * nothing outside the tracker's scope ever changes.
 */
describe('runs after runs settle', { timeout: propertyTimeout }, () => {
  it.each(FIXTURES)('%s', async (name) => {
    const options = optionsFor(name);
    const original = fixture(name);
    const scope = parseTracker(original, options).tracker.scope;
    const outside = [original.slice(0, scope.start.offset), original.slice(scope.end.offset)];
    await fc.assert(
      fc.asyncProperty(fc.array(day, { minLength: 1, maxLength: 4 }), async (days) => {
        let text = original;
        let issues: IssueSnapshot[] = [];
        for (const [n, d] of days.entries()) {
          const config = { ...defaultConfig(), resolved: d.resolved };
          const ctx = { ...context, now: `2026-12-0${n + 1}`, ...options };
          const evidence = evidenceOf(d.build, d.failures);
          ({ text, issues } = await planAndApply(text, evidence, issues, config, ctx));
          const again = plan(text, evidence, issues, config, ctx);
          expect(again.edits).toEqual([]);
          expect(again.operations).toEqual([]);
          expect(text.startsWith(outside[0]!) && text.endsWith(outside[1]!)).toBe(true);
          const items = allItems(parseTracker(text, options).tracker);
          expect(items.length).toBe(allItems(parseTracker(original, options).tracker).length);
        }
      }),
      { numRuns: runs(4) },
    );
  });
});
