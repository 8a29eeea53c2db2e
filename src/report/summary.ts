import type { RootContent } from 'mdast';
import { inertPhrasing } from '../reconcile/inert.js';
import type { IssueOperation, IssueSnapshot } from '../reconcile/issues.js';
import {
  bulletList,
  code,
  heading,
  html,
  link,
  paragraph,
  renderMarkdown,
  tableRow,
  text,
} from '../reconcile/markdown.js';
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
  /** Issues that carry an item's marker and the label but were opened by someone else: left alone. */
  strangers?: IssueSnapshot[];
  /**
   * Why the run stopped before the end of its plan, when it did: `transient` for a rate limit
   * or a timeout (a later run goes on), else an error to fix.
   */
  stopped?: { message: string; transient: boolean };
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

/**
 * The job summary: what changed, what was left alone, the open managed items with their issues,
 * the tracker diff. Built as mdast; text from the tracker and the evidence is inert.
 */
export function renderSummary(
  report: RunReport,
  context: { mode: string; dryRun: boolean; trackerPath: string; priorities?: Priority[] },
): string {
  const managed = context.priorities ?? ['P0', 'P1'];
  const out: RootContent[] = [
    heading(2, `Known issues: ${context.mode}${context.dryRun ? ' (dry run)' : ''}`),
  ];
  const { applied, deferred } = report.applied;
  if (applied.length) {
    out.push(
      heading(3, `Issue operations${context.dryRun ? ' (not performed)' : ''}`),
      bulletList(
        applied.map((a) => [
          ...inertPhrasing(describeOperation(a.op)),
          ...(a.number && a.op.kind === 'create' ? [text(` → #${a.number}`)] : []),
        ]),
      ),
    );
  } else {
    out.push(paragraph(text('No issue operations were needed.')));
  }
  if (report.stopped) {
    out.push(paragraph(text('Stopped early: '), ...inertPhrasing(report.stopped.message)));
  }
  if (deferred.length) {
    const why = report.stopped ? 'the run stopped early' : 'max-operations reached';
    out.push(paragraph(text(`${deferred.length} operations were left for the next run (${why}).`)));
  }
  if (report.commit) {
    out.push(
      paragraph(
        text('Tracker committed: '),
        link(report.commit.url, text(report.commit.oid.slice(0, 7))),
      ),
    );
  }
  if (report.strangers?.length) {
    out.push(
      heading(3, 'Left alone'),
      paragraph(
        text(
          'These issues carry an item’s marker and the label but were not opened by the action (add their author to the trusted-authors input to manage them):',
        ),
      ),
      bulletList(
        report.strangers.map((i) => [
          link(i.url ?? `#${i.number}`, text(`issue ${i.number}`)),
          text(' '),
          ...inertPhrasing(`"${i.title}"`),
          text(', opened by '),
          code(i.author ?? 'unknown'),
        ]),
      ),
    );
  }
  const items = allItems(parseTracker(report.after, { section: report.section }).tracker).filter(
    (i) => i.priority && managed.includes(i.priority) && isOpenStatus(i.status),
  );
  out.push(heading(3, `Open ${managed.join('/')} items`));
  if (items.length) {
    out.push({
      type: 'table',
      children: [
        tableRow([text('Priority')], [text('Item')], [text('Status')], [text('Issue')]),
        ...items.map((i) =>
          tableRow(
            [text(i.priority!)],
            inertPhrasing(i.title),
            [text(STATUS_LABEL[i.status])],
            [text(i.issue ? `#${i.issue.number}` : '—')],
          ),
        ),
      ],
    });
  } else {
    out.push(paragraph(text('None.')));
  }
  if (report.diagnostics.length) {
    out.push(
      heading(3, 'Tracker diagnostics'),
      bulletList(
        report.diagnostics.map((d) => [
          text(`${context.trackerPath}:${d.line}:${d.column}: `),
          ...inertPhrasing(d.message),
          text(' '),
          code(d.rule),
        ]),
      ),
    );
  }
  const diff = trackerDiff(context.trackerPath, report.before, report.after);
  if (diff) {
    // A code block: nothing in it pings or links, and the renderer fences it longer than any
    // backtick run inside, so a code fence in the tracker cannot end it.
    out.push(
      html('<details><summary>Tracker diff</summary>'),
      { type: 'code', lang: 'diff', value: diff.trimEnd() },
      html('</details>'),
    );
  }
  return renderMarkdown(out);
}
