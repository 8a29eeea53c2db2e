import type { ListItem, PhrasingContent, RootContent } from 'mdast';
import { inertPhrasing } from '../reconcile/inert.js';
import {
  code,
  heading,
  html,
  paragraph,
  renderMarkdown,
  strong,
  text,
} from '../reconcile/markdown.js';
import type { Plan } from '../reconcile/plan.js';
import type { ItemChange, ItemRef, TrackerChanges } from '../reconcile/tracker-changes.js';
import { STATUS_LABEL, type Diagnostic } from '../tracker/schema.js';
import { describeOperation } from './plan.js';

/** Everything the pull-request comment and the check's job summary say. */
export interface PullRequestReport {
  trackerPath: string;
  /** The commit the check ran on. */
  headSha: string;
  /** The check's verdict: whether it fails, and why. */
  verdict: { failed: boolean; reasons: string[] };
  changes: TrackerChanges;
  /** What the sync would do once the pull request is merged, planned on its head: written nowhere. */
  merge: Plan;
}

/** The longest list a section shows before it says how many more there are. */
export const MAX_LISTED = 30;

const bullets = (items: PhrasingContent[][]): RootContent => ({
  type: 'list',
  ordered: false,
  spread: false,
  children: items.map((children): ListItem => ({
    type: 'listItem',
    spread: false,
    children: [paragraph(...children)],
  })),
});

/** A list cut at MAX_LISTED, with a last line saying how many were left out. */
function shortList(items: PhrasingContent[][]): RootContent {
  const shown = items.slice(0, MAX_LISTED);
  if (items.length > shown.length) shown.push([text(`… and ${items.length - shown.length} more`)]);
  return bullets(shown);
}

const STATE = (i: ItemRef): string =>
  [i.priority, STATUS_LABEL[i.status]].filter(Boolean).join(', ');

const title = (i: ItemRef): PhrasingContent[] => [
  ...(i.explicitId ? [text(`${i.explicitId} `)] : []),
  { type: 'strong', children: inertPhrasing(i.title) },
];

function describeChange(c: ItemChange): PhrasingContent[] {
  switch (c.field) {
    case 'status':
      return [text(`status ${STATUS_LABEL[c.from]} → ${STATUS_LABEL[c.to]}`)];
    case 'priority':
      return [text(`priority ${c.from ?? 'none'} → ${c.to ?? 'none'}`)];
    case 'title':
      return [text('title was '), ...inertPhrasing(`“${c.from}”`)];
  }
}

function trackerSection(report: PullRequestReport): RootContent[] {
  const { changes, trackerPath } = report;
  const out: RootContent[] = [heading(3, 'Tracker changes in this pull request')];
  const lines: PhrasingContent[][] = [
    ...changes.added.map((i) => [
      text('Added '),
      ...title(i),
      text(` (${STATE(i)}), line ${i.line}`),
    ]),
    ...changes.removed.map((i) => [text('Removed '), ...title(i), text(` (${STATE(i)})`)]),
    ...changes.changed.map(({ item, changes: what }) => [
      text('Changed '),
      ...title(item),
      text(': '),
      ...what.flatMap((c, n) => (n ? [text('; '), ...describeChange(c)] : describeChange(c))),
    ]),
  ];
  if (changes.created)
    out.push(paragraph(text('The pull request adds the tracker '), code(trackerPath), text('.')));
  out.push(lines.length ? shortList(lines) : paragraph(text('No item changed.')));
  if (changes.diagnostics.length) {
    out.push(
      paragraph(text('On the lines it touched:')),
      shortList(changes.diagnostics.map((d) => diagnostic(trackerPath, d))),
    );
  }
  return out;
}

const diagnostic = (file: string, d: Diagnostic): PhrasingContent[] => [
  text(`${d.severity === 'error' ? '❌' : '⚠️'} `),
  code(`${file}:${d.line}:${d.column}`),
  text(' '),
  ...inertPhrasing(d.message),
  text(' '),
  code(d.rule),
];

function mergeSection(plan: Plan): RootContent[] {
  const out: RootContent[] = [heading(3, 'If this is merged, the sync would')];
  const lines: PhrasingContent[][] = [
    ...plan.operations.map((op) => inertPhrasing(describeOperation(op))),
    ...[
      ...new Set(plan.edits.filter((e) => e.edit.kind !== 'set-last-updated').map((e) => e.reason)),
    ].map((reason) => [text('edit the tracker: '), ...inertPhrasing(reason)]),
  ];
  out.push(
    lines.length
      ? shortList(lines)
      : paragraph(text('Do nothing: the tracker and its issues agree.')),
  );
  const judged = plan.links.filter(
    (l) => l.verdict.state !== 'unknown' || l.source !== 'heuristic',
  );
  if (judged.length) {
    out.push(
      html('<details><summary>Evidence per item</summary>'),
      shortList(
        judged.map((l) => [
          code(l.itemId),
          text(` ${l.verdict.state}: `),
          ...inertPhrasing(l.verdict.summary),
        ]),
      ),
      html('</details>'),
    );
  }
  return out;
}

/** The report as mdast: verdict, tracker changes, what the merge would do. */
function reportNodes(report: PullRequestReport): RootContent[] {
  const { verdict } = report;
  return [
    heading(2, 'Known issues'),
    paragraph(
      strong(verdict.failed ? '❌ The check fails' : '✅ The check passes'),
      ...(verdict.reasons.length ? [text(`: ${verdict.reasons.join('; ')}.`)] : [text('.')]),
    ),
    ...trackerSection(report),
    ...mergeSection(report.merge),
    paragraph({
      type: 'emphasis',
      children: [
        text('Tracker '),
        code(report.trackerPath),
        text(' at '),
        code(report.headSha.slice(0, 7)),
      ],
    }),
  ];
}

/** The hidden marker that finds the action's comment on a pull request, one per tracker. */
export const pullRequestMarker = (trackerPath: string): string =>
  `<!-- known-issues:pull-request=${encodeURIComponent(trackerPath)} -->`;

/**
 * The sticky pull-request comment: the hidden marker, then the report. It holds nothing that
 * changes from run to run by itself (no run link, no time), so an unchanged report is no write.
 */
export function renderPullRequestComment(report: PullRequestReport): string {
  return renderMarkdown([html(pullRequestMarker(report.trackerPath)), ...reportNodes(report)]);
}

/** The check's job summary: the comment's report, then the tracker diff the sync would commit. */
export function renderPullRequestSummary(report: PullRequestReport, diff: string): string {
  return renderMarkdown([
    ...reportNodes(report),
    ...(diff
      ? [
          html('<details><summary>Tracker diff the sync would commit</summary>'),
          { type: 'code', lang: 'diff', value: diff.trimEnd() } as RootContent,
          html('</details>'),
        ]
      : []),
  ]);
}

/** The outputs of a collect run (beside none of the others: it plans nothing). */
export const collectOutputs = (file: string): Record<string, string> => ({ 'evidence-file': file });

/** What the collect run's summary says. */
export interface CollectSummary {
  file: string;
  headSha: string;
  pullRequest: number | null;
  /** One line on what the evidence holds. */
  evidence: string;
  artifact: string;
  trackerPath: string;
  diagnostics: Diagnostic[];
}

/** The collect run's job summary: what was written, for which commit, and what comes next. */
export function renderCollectSummary(s: CollectSummary): string {
  return renderMarkdown([
    heading(2, 'Known issues: collect'),
    paragraph(
      text('Evidence for '),
      code(s.headSha.slice(0, 7)),
      text(s.pullRequest ? ` (pull request ${s.pullRequest})` : ''),
      text(' written to '),
      code(s.file),
      text(': '),
      ...inertPhrasing(s.evidence),
      text('.'),
    ),
    paragraph(
      text('Upload it with actions/upload-artifact as '),
      code(s.artifact),
      text('; the workflow_run workflow reads it and posts the pull-request comment.'),
    ),
    ...(s.diagnostics.length
      ? [
          heading(3, 'Tracker diagnostics'),
          shortList(s.diagnostics.map((d) => diagnostic(s.trackerPath, d))),
        ]
      : []),
  ]);
}
