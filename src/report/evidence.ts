import type { List, PhrasingContent, RootContent, Table } from 'mdast';
import { countTests, type Evidence } from '../evidence/schema.js';
import type { FailureCoverage } from '../reconcile/failures.js';
import { inertPhrasing } from '../reconcile/inert.js';
import {
  bulletList,
  code,
  heading,
  paragraph,
  renderMarkdown,
  tableRow,
  text,
} from '../reconcile/markdown.js';

/** Lists longer than this show their first entries and how many more there are. */
export const MAX_LISTED = 20;

const capped = <T>(items: readonly T[], render: (item: T) => PhrasingContent[]): List => {
  const shown = items.slice(0, MAX_LISTED).map(render);
  if (items.length > MAX_LISTED) shown.push([text(`… and ${items.length - MAX_LISTED} more`)]);
  return bulletList(shown);
};

/** The evidence read: one row per results file (format, tool, counts, complete), then every problem. */
function filesSection(evidence: Evidence): RootContent[] {
  const files = evidence.tests?.files ?? [];
  if (!files.length && !evidence.problems.length) return [];
  const out: RootContent[] = [heading(3, 'Evidence read')];
  if (files.length) {
    const header = ['File', 'Format', 'Tests', 'Passed', 'Failed', 'Skipped', 'Flaky', 'Complete'];
    const table: Table = {
      type: 'table',
      align: header.map((_, i) => (i > 1 ? 'right' : null)),
      children: [
        tableRow(...header.map((h) => [text(h)])),
        ...files.map((file) => {
          const c = countTests(file.tests);
          const format = file.format ? `${file.format}${file.tool ? ` (${file.tool})` : ''}` : '—';
          return tableRow(
            ...[
              [code(file.path)],
              [text(format)],
              ...[c.tests, c.passed, c.failed, c.skipped + c.pending, c.flaky].map((n) => [
                text(String(n)),
              ]),
              [text(file.complete ? 'yes' : 'no')],
            ],
          );
        }),
      ],
    };
    out.push(table);
  }
  if (evidence.problems.length) {
    out.push(
      paragraph(text('Problems (the tests they cover are unknown, never passed):')),
      bulletList(
        evidence.problems.map((p) => [
          code(`${p.file}${p.line ? `:${p.line}` : ''}`),
          text(`: ${p.message}`),
        ]),
      ),
    );
  }
  return out;
}

/** Failing tests sorted into new and known (with their items), and the items that appear fixed. */
function failuresSection(coverage: FailureCoverage | undefined): RootContent[] {
  if (!coverage) return [];
  const { known, appearsFixed } = coverage;
  const fresh = coverage.new;
  if (!known.length && !fresh.length && !appearsFixed.length) return [];
  const out: RootContent[] = [heading(3, 'Known and new failures')];
  const message = (m: string | undefined): PhrasingContent[] =>
    m ? [text(': '), ...inertPhrasing(m)] : [];
  out.push(paragraph(text(`New failures (no open item covers them): ${fresh.length}`)));
  if (fresh.length) out.push(capped(fresh, (f) => [code(f.id), ...message(f.test.message)]));
  out.push(paragraph(text(`Known failures (covered by an open item): ${known.length}`)));
  if (known.length) {
    out.push(
      capped(known, (f) => [
        code(f.id),
        text(' — '),
        ...f.itemIds.flatMap((id, i) => [...(i ? [text(', ')] : []), code(id)]),
      ]),
    );
  }
  if (appearsFixed.length) {
    out.push(
      paragraph(text('Appear fixed (every test their check covers passes):')),
      bulletList(
        appearsFixed.map((a) => [
          code(a.itemId),
          text(' '),
          ...inertPhrasing(`${a.title}: ${a.verdict.summary}`),
        ]),
      ),
    );
  }
  return out;
}

/**
 * Markdown for the job summary and the plan output: the evidence read (per file its format,
 * counts and problems) and the known and new failures. Built as mdast; messages copied from
 * the results files (untrusted) are made inert, like text copied from the tracker.
 */
export function renderEvidence(evidence: Evidence, coverage?: FailureCoverage): string {
  const children = [...filesSection(evidence), ...failuresSection(coverage)];
  if (!children.length) return '';
  return renderMarkdown(children);
}
