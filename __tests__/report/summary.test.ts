import type { Code, Root, Table } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/reconcile/config.js';
import { plan } from '../../src/reconcile/plan.js';
import { outputsOf, renderSummary, type RunReport } from '../../src/report/summary.js';
import { applyEdits } from '../../src/tracker/apply-edits.js';
import { context, evidenceOf } from '../support/simulate.js';

const tracker = [
  '# Known Issues',
  '',
  '**Last Updated**: 2026-01-28',
  '',
  '## P0 Outstanding',
  '',
  '⚠️ **Build fails | on CI** (Discovered 2026-01-28)',
  '   - Status: Open',
  '',
  '```',
  'npm run build',
  '```',
  '',
  '## P1',
  '',
  '⚠️ **Flaky login | logout** test',
  '',
].join('\n');

/** A dry run of a build that now succeeds: the build item is resolved and moved. */
function report(): RunReport {
  const result = plan(tracker, evidenceOf('success', null), [], defaultConfig(), context);
  const after = applyEdits(
    tracker,
    result.edits.map((e) => e.edit),
  );
  return {
    plan: result,
    applied: {
      applied: result.operations.map((op) => ({ op, number: null, dryRun: true })),
      deferred: [],
    },
    diagnostics: [],
    before: tracker,
    after,
    commit: null,
  };
}

const parse = (markdown: string) =>
  unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;

describe('renderSummary', () => {
  const summary = renderSummary(report(), {
    mode: 'sync',
    dryRun: true,
    trackerPath: 'KNOWN_ISSUES.md',
  });
  const tree = parse(summary);

  it('keeps the whole tracker diff in one code block, fences in the tracker included', () => {
    const blocks = tree.children.filter((n): n is Code => n.type === 'code');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.lang).toBe('diff');
    expect(blocks[0]!.value).toContain('-⚠️ **Build fails | on CI**');
    expect(blocks[0]!.value).toContain('+## Recently Fixed (2026-11-25)');
    expect(blocks[0]!.value).toMatch(/^[-+ ]```$/m);
  });

  it('lists the open P0/P1 items as a table whose cells survive a | in a title', () => {
    const table = tree.children.find((n): n is Table => n.type === 'table');
    expect(table?.children.map((row) => row.children.length)).toEqual([4, 4]);
    expect(summary).toContain('| P1 | Flaky login \\| logout | open | — |');
  });

  it('lists the priorities the run manages when they are not P0 and P1', () => {
    const p1only = renderSummary(report(), {
      mode: 'sync',
      dryRun: false,
      trackerPath: 'KNOWN_ISSUES.md',
      priorities: ['P1', 'P2'],
    });
    expect(p1only).toContain('### Open P1/P2 items');
    expect(summary).toContain('### Open P0/P1 items');
  });

  it('says the run was a dry run and what it would have done', () => {
    expect(summary).toContain('## Known issues: sync (dry run)');
    expect(summary).toContain('### Issue operations (not performed)');
  });
});

describe('outputsOf', () => {
  it('counts open items after the edits, and lists only performed operations', () => {
    const outputs = outputsOf(report());
    expect(outputs['open-p0']).toBe('0');
    expect(outputs['open-p1']).toBe('1');
    expect(outputs['tracker-changed']).toBe('true');
    expect(outputs.opened).toBe('[]');
    expect((JSON.parse(outputs.plan!) as { edits: unknown[] }).edits.length).toBeGreaterThan(0);
  });
});
