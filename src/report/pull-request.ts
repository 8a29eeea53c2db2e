import type { PhrasingContent, RootContent } from 'mdast';
import { fullName } from '../reconcile/coverage.js';
import type { FailureCoverage } from '../reconcile/failures.js';
import type { GateVerdict } from '../reconcile/gate.js';
import { inertPhrasing } from '../reconcile/inert.js';
import {
  bulletList,
  code,
  heading,
  html,
  paragraph,
  renderMarkdown,
  strong,
  tableRow,
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
  /** The gate's verdict: whether the check fails, and why. */
  verdict: GateVerdict;
  /** The failing tests sorted into known and new, and the items that appear fixed. */
  coverage: FailureCoverage;
  /** The head tracker's items by id, to name the items known failures belong to. */
  items: Record<string, { title: string; explicitId: string | null }>;
  changes: TrackerChanges;
  /** What the sync would do once the pull request is merged, planned on its head: written nowhere. */
  merge: Plan;
}

/** The longest list a section shows before it says how many more there are. */
export const MAX_LISTED = 30;

/** A list cut at MAX_LISTED, with a last line saying how many were left out. */
function shortList(items: PhrasingContent[][]): RootContent {
  const shown = items.slice(0, MAX_LISTED);
  if (items.length > shown.length) shown.push([text(`… and ${items.length - shown.length} more`)]);
  return bulletList(shown);
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

/** Copied messages are cut to this many characters: an artifact's may be any length. */
const MAX_MESSAGE = 200;
const clip = (m: string) => (m.length > MAX_MESSAGE ? `${m.slice(0, MAX_MESSAGE - 1)}…` : m);

const itemName = (report: PullRequestReport, id: string): PhrasingContent[] => {
  const item = report.items[id];
  if (!item) return [code(id)];
  return title({ ...item, id, status: 'open', priority: null, line: 0 });
};

function failuresSection(report: PullRequestReport): RootContent[] {
  const { coverage } = report;
  const out: RootContent[] = [];
  if (coverage.new.length) {
    const rows = coverage.new
      .slice(0, MAX_LISTED)
      .map(({ test }) =>
        tableRow(
          [code(fullName(test))],
          test.file ? [code(test.file)] : [text('—')],
          test.message ? inertPhrasing(clip(test.message)) : [text('—')],
        ),
      );
    out.push(heading(3, `New failures (${coverage.new.length})`), {
      type: 'table',
      children: [tableRow([text('Test')], [text('File')], [text('Message')]), ...rows],
    });
    if (coverage.new.length > MAX_LISTED)
      out.push(paragraph(text(`… and ${coverage.new.length - MAX_LISTED} more`)));
  }
  if (coverage.known.length) {
    const byItem = new Map<string, string[]>();
    for (const f of coverage.known)
      for (const id of f.itemIds) byItem.set(id, [...(byItem.get(id) ?? []), fullName(f.test)]);
    out.push(
      heading(3, `Known failures (${coverage.known.length}), by item`),
      shortList(
        [...byItem].map(([id, tests]) => [
          ...itemName(report, id),
          text(`: ${tests.length} failing — `),
          ...tests.slice(0, 10).flatMap((t, n) => [...(n ? [text(', ')] : []), code(t)]),
          ...(tests.length > 10 ? [text(`, … and ${tests.length - 10} more`)] : []),
        ]),
      ),
    );
  }
  if (coverage.appearsFixed.length) {
    out.push(
      heading(3, 'Appears fixed'),
      shortList(
        coverage.appearsFixed.map((a) => {
          const ask = report.items[a.itemId]?.explicitId ?? 'it';
          return [
            ...itemName(report, a.itemId),
            text(': '),
            ...inertPhrasing(a.verdict.summary),
            text(` — resolve ${ask}?`),
          ];
        }),
      ),
    );
  }
  return out;
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
  const { verdict, coverage } = report;
  const known = coverage.known.length;
  const why = verdict.failed
    ? verdict.reasons.join('; ')
    : known
      ? `${known} failing ${known === 1 ? 'test is' : 'tests are'} known, covered by open items`
      : '';
  return [
    heading(2, 'Known issues'),
    paragraph(
      strong(verdict.failed ? '❌ The check fails' : '✅ The check passes'),
      ...(why ? [text(': '), ...inertPhrasing(why), text('.')] : [text('.')]),
    ),
    ...failuresSection(report),
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

/**
 * The check's job summary: the comment's report, the evidence read (`evidence`, markdown from
 * the evidence report) and the tracker diff the sync would commit.
 */
export function renderPullRequestSummary(
  report: PullRequestReport,
  evidence: string,
  diff: string,
): string {
  return renderMarkdown([
    ...reportNodes(report),
    ...(evidence ? [html(evidence)] : []),
    ...(diff
      ? [
          html('<details><summary>Tracker diff the sync would commit</summary>'),
          { type: 'code', lang: 'diff', value: diff.trimEnd() } as RootContent,
          html('</details>'),
        ]
      : []),
  ]);
}

/** The gate's outputs: new and known failures by test id, items that appear fixed. */
export const gateOutputs = (coverage: FailureCoverage): Record<string, string> => ({
  'new-failures': JSON.stringify(coverage.new.map((f) => f.id)),
  'known-failures': JSON.stringify(coverage.known.map((f) => ({ test: f.id, items: f.itemIds }))),
  'appears-fixed': JSON.stringify(coverage.appearsFixed.map((a) => a.itemId)),
});

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
  verdict: GateVerdict;
}

/** The collect run's job summary: what was written, for which commit, and what comes next. */
export function renderCollectSummary(s: CollectSummary): string {
  return renderMarkdown([
    heading(2, 'Known issues: collect'),
    paragraph(
      strong(s.verdict.failed ? '❌ The check fails' : '✅ The check passes'),
      ...(s.verdict.failed
        ? [text(': '), ...inertPhrasing(s.verdict.reasons.join('; ')), text('.')]
        : [text('.')]),
    ),
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
