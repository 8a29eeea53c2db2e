import type { Plan } from '../reconcile/plan.js';
import type { IssueOperation } from '../reconcile/issues.js';
import { unifiedDiff } from '../tracker/line-diff.js';

/** A unified diff of the tracker, or '' when nothing changes. */
export function trackerDiff(path: string, before: string, after: string): string {
  return unifiedDiff(`a/${path}`, `b/${path}`, before, after, 2);
}

/** One line per issue operation: what and why. */
export function describeOperation(op: IssueOperation): string {
  switch (op.kind) {
    case 'create':
      return `create issue "${op.title}" [${op.labels.join(', ')}]: ${op.reason}`;
    case 'update': {
      const what = (['title', 'body', 'labels'] as const)
        .filter((k) => op[k] !== undefined)
        .join(', ');
      return `update #${op.number} (${what}): ${op.reason}`;
    }
    case 'close':
      return `close #${op.number} with a comment: ${op.reason}`;
    case 'reopen':
      return `reopen #${op.number} with a comment: ${op.reason}`;
  }
}

/** The plan as a person reads it in a terminal or a log: links, issue operations, tracker diff. */
export function renderPlan(plan: Plan, diff: string): string {
  const out: string[] = [];
  if (plan.links.length) {
    out.push('Evidence:');
    for (const link of plan.links) {
      out.push(
        `  ${link.itemId}: ${link.verdict.state} (${link.verdict.summary}); linked because ${link.reason}`,
      );
      const tests = link.verdict.tests;
      if (tests?.failed.length) out.push(`    failed: ${tests.failed.join('; ')}`);
      if (tests?.passed.length) out.push(`    passed: ${tests.passed.join('; ')}`);
      if (tests?.flaky.length) out.push(`    flaky (passed on retry): ${tests.flaky.join('; ')}`);
    }
    out.push('');
  }
  out.push(
    plan.operations.length
      ? `Issue operations (${plan.operations.length}):`
      : 'Issue operations: none',
  );
  for (const op of plan.operations) out.push(`  ${describeOperation(op)}`);
  out.push('');
  if (plan.edits.length) {
    out.push(`Tracker edits (${plan.edits.length}):`);
    for (const e of plan.edits)
      out.push(
        `  ${e.edit.kind} ${'itemId' in e.edit ? e.edit.itemId : ''}: ${e.reason}`.replace(
          '  :',
          ':',
        ),
      );
    out.push('');
  } else {
    out.push('Tracker edits: none', '');
  }
  for (const note of plan.notes) out.push(`Note: ${note}`);
  if (diff) out.push(diff);
  return out.join('\n').replace(/\n*$/, '\n');
}
