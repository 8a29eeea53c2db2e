import type { IssueOperation } from '../reconcile/issues.js';
import type { Plan } from '../reconcile/plan.js';
import { parseTracker } from '../tracker/parse.js';
import {
  allItems,
  isOpenStatus,
  STATUS_LABEL,
  type Diagnostic,
  type Priority,
} from '../tracker/schema.js';
import { describeOperation, trackerDiff } from './plan.js';

/** The parts of a run the report reads. */
export interface RunReport {
  plan: Plan;
  applied: {
    applied: { op: IssueOperation; number: number | null; dryRun: boolean }[];
    deferred: IssueOperation[];
  };
  diagnostics: Diagnostic[];
  before: string;
  after: string;
  commit: { oid: string; url: string } | null;
  section?: string;
}

const numbers = (report: RunReport, kind: string) =>
  JSON.stringify(
    report.applied.applied
      .filter((a) => a.op.kind === kind && a.number !== null && !a.dryRun)
      .map((a) => a.number),
  );

/** The action's outputs, as strings. Issue-number lists are JSON arrays (use `fromJSON`). */
export function outputsOf(report: RunReport): Record<string, string> {
  const items = allItems(parseTracker(report.after, { section: report.section }).tracker);
  const open = (p: string) =>
    items.filter((i) => i.priority === p && isOpenStatus(i.status)).length;
  return {
    plan: JSON.stringify({
      edits: report.plan.edits,
      operations: report.plan.operations,
      notes: report.plan.notes,
    }),
    opened: numbers(report, 'create'),
    closed: numbers(report, 'close'),
    updated: numbers(report, 'update'),
    reopened: numbers(report, 'reopen'),
    'tracker-changed': String(report.after !== report.before),
    'commit-sha': report.commit?.oid ?? '',
    'open-p0': String(open('P0')),
    'open-p1': String(open('P1')),
  };
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The job summary: what changed, the open managed items with their issues, the tracker diff. */
export function renderSummary(
  report: RunReport,
  context: { mode: string; dryRun: boolean; trackerPath: string; priorities?: Priority[] },
): string {
  const managed = context.priorities ?? ['P0', 'P1'];
  const out: string[] = [
    `## Known issues: ${context.mode}${context.dryRun ? ' (dry run)' : ''}`,
    '',
  ];
  const { applied, deferred } = report.applied;
  if (applied.length) {
    out.push(`### Issue operations${context.dryRun ? ' (not performed)' : ''}`, '');
    for (const a of applied)
      out.push(
        `- ${describeOperation(a.op)}${a.number && a.op.kind === 'create' ? ` → #${a.number}` : ''}`,
      );
    out.push('');
  } else {
    out.push('No issue operations were needed.', '');
  }
  if (deferred.length)
    out.push(
      `${deferred.length} operations were left for the next run (max-operations reached).`,
      '',
    );
  if (report.commit)
    out.push(`Tracker committed: [${report.commit.oid.slice(0, 7)}](${report.commit.url})`, '');
  const items = allItems(parseTracker(report.after, { section: report.section }).tracker).filter(
    (i) => i.priority && managed.includes(i.priority) && isOpenStatus(i.status),
  );
  out.push(`### Open ${managed.join('/')} items`, '');
  if (items.length) {
    out.push('| Priority | Item | Status | Issue |', '|---|---|---|---|');
    for (const i of items) {
      out.push(
        `| ${i.priority} | ${escapeCell(i.title)} | ${STATUS_LABEL[i.status]} | ${i.issue ? `#${i.issue.number}` : '—'} |`,
      );
    }
  } else {
    out.push('None.');
  }
  out.push('');
  if (report.diagnostics.length) {
    out.push('### Tracker diagnostics', '');
    for (const d of report.diagnostics)
      out.push(`- ${context.trackerPath}:${d.line}:${d.column}: ${d.message} \`${d.rule}\``);
    out.push('');
  }
  const diff = trackerDiff(context.trackerPath, report.before, report.after);
  if (diff) {
    // Longer than any backtick run in the diff, so a code fence in the tracker cannot close it.
    const fence = '`'.repeat(Math.max(3, ...(diff.match(/`+/g) ?? []).map((r) => r.length + 1)));
    out.push(
      '<details><summary>Tracker diff</summary>',
      '',
      `${fence}diff`,
      diff.trimEnd(),
      fence,
      '',
      '</details>',
      '',
    );
  }
  return out.join('\n');
}
