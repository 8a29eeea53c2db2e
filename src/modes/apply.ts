import type { IssueOperation } from '../reconcile/issues.js';
import type { Plan } from '../reconcile/plan.js';
import type { TrackerEdit } from '../tracker/edit.js';

/** Performs one issue operation; returns the issue number it touched (the new one for a create). */
export type IssueWriter = (op: IssueOperation) => Promise<number>;

/** What one executed (or, in dry-run, counted) operation did. */
export interface AppliedOperation {
  op: IssueOperation;
  number: number | null;
  dryRun: boolean;
}

/** The outcome of running a plan's issue operations under a budget. */
export interface ApplyResult {
  applied: AppliedOperation[];
  /** Operations left for the next run: the budget ran out, or a write failed. */
  deferred: IssueOperation[];
  /** Tracker edits: the plan's, plus the issue numbers of issues created now. */
  edits: TrackerEdit[];
  /** The error that stopped the writes, when one did; the operation it hit is deferred. */
  error?: unknown;
}

/**
 * Runs the plan's issue operations in order, spending one unit of the budget per operation,
 * in dry-run too, so a dry run reports the same counts a real run would. Stops cleanly when
 * the budget is spent or a write fails (a rate limit, a timeout, a missing permission): what
 * was done is kept, with its tracker edits, and the next run plans the rest again from the
 * tracker and the issues.
 */
export async function applyPlan(
  plan: Plan,
  options: { budget: number; dryRun: boolean; write: IssueWriter; issuesUrl?: string },
): Promise<ApplyResult> {
  const applied: AppliedOperation[] = [];
  const deferred: IssueOperation[] = [];
  const edits = plan.edits.map((e) => e.edit);
  for (const [i, op] of plan.operations.entries()) {
    if (applied.length >= options.budget) {
      deferred.push(op);
      continue;
    }
    if (options.dryRun) {
      applied.push({ op, number: op.kind === 'create' ? null : op.number, dryRun: true });
      continue;
    }
    let number: number;
    try {
      number = await options.write(op);
    } catch (error) {
      deferred.push(...plan.operations.slice(i));
      return { applied, deferred, edits, error };
    }
    applied.push({ op, number, dryRun: false });
    if (op.kind === 'create') {
      const url = options.issuesUrl ? `${options.issuesUrl}/${number}` : undefined;
      edits.push({ kind: 'set-issue', itemId: op.itemId, number, ...(url ? { url } : {}) });
    }
  }
  return { applied, deferred, edits };
}
