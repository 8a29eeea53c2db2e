import type { RunReport } from './summary.js';

/** How a run ends: quietly, with a warning (it did what it could), or failed (with the reason). */
export type RunOutcome = { kind: 'ok' } | { kind: 'warning' | 'failure'; message: string };

/**
 * A run that a rate limit, a timeout or the operation budget stopped still did its part and ends
 * with a warning; it fails only when nothing could be done, or when the stop needs a fix (a
 * missing permission, a refused token). The summary and outputs are written either way.
 */
export function runOutcome(report: RunReport, budget: number): RunOutcome {
  const { stopped } = report;
  const left = report.applied.deferred.length;
  if (stopped) {
    const did = report.applied.applied.some((a) => !a.dryRun) || report.commit !== null;
    if (!stopped.transient) return { kind: 'failure', message: stopped.message };
    if (!did) return { kind: 'failure', message: `${stopped.message}. Nothing could be done.` };
    return {
      kind: 'warning',
      message: `${stopped.message}. ${left} issue operations were left for the next run${report.commit ? '; the tracker edits for what was done are committed' : ''}.`,
    };
  }
  if (left) {
    return {
      kind: 'warning',
      message: `max-operations (${budget}) reached: ${left} issue operations were left for the next run.`,
    };
  }
  return { kind: 'ok' };
}
