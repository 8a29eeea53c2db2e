import type { BuildOutcome, Evidence } from '../../src/evidence/schema.js';
import { applyPlan } from '../../src/modes/apply.js';
import { defaultConfig, type Config } from '../../src/reconcile/config.js';
import {
  itemIdFromBody,
  type IssueOperation,
  type IssueSnapshot,
} from '../../src/reconcile/issues.js';
import { plan, type Plan, type PlanContext } from '../../src/reconcile/plan.js';
import { applyEdits } from '../../src/tracker/apply-edits.js';

/** Evidence as the readers produce it, for tests that start from outcomes and counts. */
export function evidenceOf(build: BuildOutcome | null, failures: number | null): Evidence {
  return {
    build: build ? { outcome: build, firstErrors: [] } : null,
    tests:
      failures === null
        ? null
        : {
            files: [
              {
                path: 'results/junit.xml',
                format: 'junit',
                complete: true,
                gaps: [],
                tests: Array.from({ length: 1500 }, (_, i) => ({
                  name: `case ${i + 1}`,
                  suite: ['suite'],
                  file: 'src/app.test.ts',
                  status: i < failures ? ('failed' as const) : ('passed' as const),
                  duration: 0,
                  retries: 0,
                  flaky: false,
                })),
              },
            ],
          },
    problems: [],
  };
}

export const context: PlanContext = {
  now: '2026-11-25',
  tracker: { path: 'docs/KNOWN_ISSUES.md' },
};

/** Performs issue operations on an in-memory snapshot, as GitHub would. */
export function applyToSnapshot(
  issues: IssueSnapshot[],
  op: IssueOperation,
): { issues: IssueSnapshot[]; number: number } {
  if (op.kind === 'create') {
    const number = Math.max(0, ...issues.map((i) => i.number)) + 1;
    const issue = {
      number,
      title: op.title,
      body: op.body,
      state: 'open' as const,
      labels: op.labels,
      itemId: itemIdFromBody(op.body),
    };
    return { issues: [...issues, issue], number };
  }
  const next = issues.map((i) => {
    if (i.number !== op.number) return i;
    if (op.kind === 'close') return { ...i, state: 'closed' as const };
    if (op.kind === 'reopen') return { ...i, state: 'open' as const };
    return {
      ...i,
      title: op.title ?? i.title,
      body: op.body ?? i.body,
      labels: op.labels ?? i.labels,
      itemId: itemIdFromBody(op.body ?? i.body),
    };
  });
  return { issues: next, number: op.number };
}

/** Plans, applies the plan in memory (issues and tracker), and returns the new state. */
export async function planAndApply(
  text: string,
  evidence: Evidence,
  issues: IssueSnapshot[],
  config: Config = defaultConfig(),
  ctx: PlanContext = context,
): Promise<{ plan: Plan; text: string; issues: IssueSnapshot[] }> {
  const first = plan(text, evidence, issues, config, ctx);
  let snapshot = issues;
  const result = await applyPlan(first, {
    budget: Infinity,
    dryRun: false,
    write: async (op) => {
      const applied = applyToSnapshot(snapshot, op);
      snapshot = applied.issues;
      return applied.number;
    },
  });
  return {
    plan: first,
    text: applyEdits(text, result.edits, { section: ctx.section }),
    issues: snapshot,
  };
}
