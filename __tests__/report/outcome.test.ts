import { describe, expect, it } from 'vitest';
import type { IssueOperation } from '../../src/reconcile/issues.js';
import { runOutcome } from '../../src/report/outcome.js';
import type { RunReport } from '../../src/report/summary.js';

const op: IssueOperation = {
  kind: 'create',
  itemId: 'a',
  title: 'A',
  body: '',
  labels: [],
  reason: 'r',
};
const report = (over: Partial<RunReport> & { did?: boolean; left?: number }): RunReport => ({
  plan: { edits: [], operations: [], links: [], notes: [] },
  applied: {
    applied: over.did ? [{ op, number: 1, dryRun: false }] : [],
    deferred: Array(over.left ?? 0).fill(op),
  },
  diagnostics: [],
  before: '',
  after: '',
  commit: null,
  ...over,
});
const limit = {
  message: "cannot create issues: GitHub's rate limit stops the run",
  transient: true,
};

describe('runOutcome', () => {
  it('is quiet when the plan ran to its end', () => {
    expect(runOutcome(report({ did: true }), 100)).toEqual({ kind: 'ok' });
  });

  it('warns when a rate limit stopped a run that did something', () => {
    expect(runOutcome(report({ did: true, left: 3, stopped: limit }), 100)).toEqual({
      kind: 'warning',
      message: `${limit.message}. 3 issue operations were left for the next run.`,
    });
  });

  it('fails when a rate limit left nothing done', () => {
    expect(runOutcome(report({ left: 5, stopped: limit }), 100)).toMatchObject({
      kind: 'failure',
      message: expect.stringMatching(/Nothing could be done\.$/),
    });
  });

  it('fails on a stop that needs a fix, even after some writes', () => {
    const stopped = {
      message: 'cannot close issue #3: the token lacks issues: write',
      transient: false,
    };
    expect(runOutcome(report({ did: true, stopped }), 100)).toEqual({
      kind: 'failure',
      message: stopped.message,
    });
  });

  it('warns when max-operations left work for the next run', () => {
    expect(runOutcome(report({ did: true, left: 2 }), 3)).toEqual({
      kind: 'warning',
      message: 'max-operations (3) reached: 2 issue operations were left for the next run.',
    });
  });
});
