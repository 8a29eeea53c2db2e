import { describe, expect, it } from 'vitest';
import type { TestCase } from '../../src/evidence/schema.js';
import type { FailureCoverage } from '../../src/reconcile/failures.js';
import { judgeGate } from '../../src/reconcile/gate.js';
import type { JudgedLink } from '../../src/reconcile/plan.js';
import { compareTrackers } from '../../src/reconcile/tracker-changes.js';

const test = (name: string): TestCase => ({
  name,
  suite: ['cart'],
  file: 'src/cart.test.ts',
  status: 'failed',
  duration: 0,
  retries: 0,
  flaky: false,
});
const none: FailureCoverage = { known: [], new: [], appearsFixed: [] };
const fresh: FailureCoverage = {
  ...none,
  new: ['a', 'b', 'c', 'd'].map((n) => ({ id: `src/cart.test.ts::cart > ${n}`, test: test(n) })),
};
const known: FailureCoverage = {
  ...none,
  known: [{ id: 'x', test: test('x'), itemIds: ['slow-checkout'] }],
};

const base = `## P1 Outstanding\n\n⚠️ **Slow checkout**\n⚠️ **Build fails**\n`;

describe('judgeGate: known failures pass, new ones fail, and the other conditions', () => {
  it('new failures fail by themselves; known ones never', () => {
    expect(judgeGate({ failOn: ['new-failures'], coverage: known })).toEqual({
      failed: false,
      reasons: [],
    });
    expect(judgeGate({ failOn: ['new-failures'], coverage: fresh })).toEqual({
      failed: true,
      reasons: [
        '4 new failures no open item covers: “cart > a”, “cart > b”, “cart > c” and 1 more',
      ],
    });
    expect(judgeGate({ failOn: ['never'], coverage: fresh }).failed).toBe(false);
    expect(judgeGate({ failOn: ['lint-errors'], coverage: fresh }).failed).toBe(false);
  });

  it('new-open-p0: an item added as open P0, or made one; not one that was one already', () => {
    const head = `## P0 Outstanding\n\n⚠️ **Slow checkout**\n⚠️ **Checkout drops orders**\n\n## P1 Outstanding\n\n⚠️ **Build fails**\n`;
    const changes = compareTrackers(base, head);
    expect(judgeGate({ failOn: ['new-open-p0'], coverage: none, changes }).reasons).toEqual([
      'the pull request makes “Checkout drops orders” an open P0 item',
      'the pull request makes “Slow checkout” an open P0 item',
    ]);
    const again = compareTrackers(
      head,
      head.replace('⚠️ **Slow checkout**', '⛔ **Slow checkout**'),
    );
    expect(judgeGate({ failOn: ['new-open-p0'], coverage: none, changes: again }).failed).toBe(
      false,
    );
  });

  it('contradiction: the pull request resolves an item whose evidence fails in this run', () => {
    const changes = compareTrackers(base, base.replace('⚠️ **Build fails**', '✅ **Build fails**'));
    const link = (state: 'pass' | 'fail'): JudgedLink => ({
      itemId: 'build-fails',
      check: { kind: 'build' },
      source: 'heuristic',
      reason: 'its title says the build fails',
      count: null,
      verdict: {
        state,
        failures: null,
        summary: `the build step ${state === 'fail' ? 'failed' : 'succeeded'}`,
      },
    });
    const gate = (state: 'pass' | 'fail') =>
      judgeGate({ failOn: ['contradiction'], coverage: none, changes, links: [link(state)] });
    expect(gate('fail').reasons).toEqual([
      'the pull request marks “Build fails” resolved, but in this run the build step failed',
    ]);
    expect(gate('pass').failed).toBe(false);
  });

  it('lint-errors: errors on the lines the pull request touched', () => {
    const changes = compareTrackers(base, `${base}⚠️ **Dated** (Discovered 2026-13-45)\n`);
    expect(judgeGate({ failOn: ['lint-errors'], coverage: none, changes }).reasons).toEqual([
      '1 tracker error on the lines the pull request touched',
    ]);
  });
});
