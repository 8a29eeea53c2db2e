import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/reconcile/config.js';
import { markerFor, type IssueSnapshot } from '../../src/reconcile/issues.js';
import { plan } from '../../src/reconcile/plan.js';
import { allItems, parseTracker } from '../../src/tracker/index.js';
import { context, evidenceOf, planAndApply } from '../support/simulate.js';

const reference = readFileSync(
  new URL('../fixtures/trackers/reference.md', import.meta.url),
  'utf8',
);
const config = defaultConfig();
const isAction = (login: string) => login === 'github-actions[bot]';
const ctx = { ...context, isAction };

const closed = (over: Partial<IssueSnapshot>): IssueSnapshot => ({
  number: 2,
  title: 'Zustand Version Conflict',
  body: markerFor('zustand-version-conflict'),
  state: 'closed',
  labels: ['known-issue', 'P0'],
  itemId: 'zustand-version-conflict',
  closedBy: 'octocat',
  stateReason: 'completed',
  ...over,
});
const buildIssue = (over: Partial<IssueSnapshot>): IssueSnapshot =>
  closed({
    number: 1,
    title: 'Production Build Fails',
    body: markerFor('production-build-fails'),
    itemId: 'production-build-fails',
    ...over,
  });

const item = (text: string, id: string) =>
  allItems(parseTracker(text).tracker).find((i) => i.id === id)!;
const sectionOf = (text: string, id: string) =>
  parseTracker(text).tracker.sections.find((s) => s.items.some((i) => i.id === id))!;

describe('the sync never fights a person', () => {
  it('an issue a person closed resolves its open item, moved like the sync moves resolved items', async () => {
    const result = await planAndApply(reference, evidenceOf(null, null), [closed({})], config, ctx);
    expect(result.plan.operations.filter((op) => op.kind !== 'create' && op.number === 2)).toEqual(
      [],
    );
    expect(item(result.text, 'zustand-version-conflict').status).toBe('resolved');
    expect(sectionOf(result.text, 'zustand-version-conflict').heading).toBe(
      'Recently Fixed (2026-11-25)',
    );
    expect(result.text).toContain('   - Status: Resolved 2026-11-25 by octocat: closed #2');
    expect(result.plan.edits.map((e) => e.reason)).toContain(
      '"Zustand Version Conflict" is resolved (by octocat)',
    );
    // Settled: planning again changes nothing and the issue stays closed.
    const again = plan(result.text, evidenceOf(null, null), result.issues, config, ctx);
    expect(again.edits).toEqual([]);
    expect(again.operations).toEqual([]);
  });

  it("closed as not planned: the item is won't fix", async () => {
    const result = await planAndApply(
      reference,
      evidenceOf(null, null),
      [closed({ stateReason: 'not_planned' })],
      config,
      ctx,
    );
    expect(item(result.text, 'zustand-version-conflict').status).toBe('wont_fix');
    expect(result.text).toContain("Won't fix 2026-11-25 by octocat: closed #2 as not planned");
  });

  it('evidence that the item is still broken reopens the issue, and the comment says so', () => {
    const result = plan(reference, evidenceOf('failure', null), [buildIssue({})], config, ctx);
    const reopen = result.operations.find((op) => op.kind === 'reopen');
    expect(reopen).toMatchObject({ number: 1 });
    expect(reopen?.kind === 'reopen' && reopen.comment).toMatch(/^Reopened: the build step failed/);
    expect(
      result.edits.filter(
        (e) =>
          'itemId' in e.edit &&
          e.edit.itemId === 'production-build-fails' &&
          e.edit.kind === 'set-status',
      ),
    ).toEqual([]);
  });

  it('an issue the action closed itself, or whose closer is unknown, is reopened as before', () => {
    for (const issue of [closed({ closedBy: 'github-actions[bot]' }), closed({ closedBy: null })]) {
      const result = plan(reference, evidenceOf(null, null), [issue], config, ctx);
      expect(result.operations.map((op) => op.kind)).toContain('reopen');
      expect(item(reference, 'zustand-version-conflict').status).toBe('open');
    }
  });

  it('without the action identity (the CLI) nothing is read into closedBy', () => {
    const result = plan(reference, evidenceOf(null, null), [closed({})], config, context);
    expect(result.operations.map((op) => op.kind)).toContain('reopen');
  });

  it("a closing of a won't-fix item says not planned", async () => {
    const resolved = await planAndApply(
      reference,
      evidenceOf(null, null),
      [closed({ stateReason: 'not_planned' })],
      config,
      ctx,
    );
    // The issue is reopened by someone; the item is won't fix: the sync closes it as not planned.
    const reopened = resolved.issues.map((i) => ({ ...i, state: 'open' as const, closedBy: null }));
    const result = plan(resolved.text, evidenceOf(null, null), reopened, config, ctx);
    expect(result.operations).toEqual([
      expect.objectContaining({ kind: 'close', number: 2, stateReason: 'not_planned' }),
    ]);
  });
});

describe('an issue a person reopened', () => {
  /** The reference with the build item resolved (a green build), and its issue reopened by hand. */
  const resolved = (() => {
    const open = buildIssue({ state: 'open', closedBy: null, stateReason: null });
    return plan(reference, evidenceOf('success', null), [open], config, ctx).edited!.text;
  })();
  const reopened = (at: string) =>
    buildIssue({ state: 'open', closedBy: null, reopenedBy: 'octocat', reopenedAt: at });
  const changed = { ...ctx, trackerChangedAt: '2026-11-25T09:00:00Z' };
  const kinds = (p: ReturnType<typeof plan>) =>
    p.operations.filter((op) => op.kind !== 'create').map((op) => op.kind);

  it('after the tracker last changed reopens its resolved item; the issue stays open', () => {
    expect(item(resolved, 'production-build-fails').status).toBe('resolved');
    const result = plan(
      resolved,
      evidenceOf(null, null),
      [reopened('2026-11-25T10:00:00Z')],
      config,
      changed,
    );
    expect(kinds(result)).not.toContain('close');
    const after = result.edited!.text;
    expect(item(after, 'production-build-fails').status).toBe('open');
    expect(sectionOf(after, 'production-build-fails').priority).toBe('P0');
    expect(after).toContain('reopened #1');
  });

  it('is closed again: the evidence says fixed, the tracker changed later, a time is unknown, or the action reopened it', () => {
    const cases: Array<
      [ReturnType<typeof evidenceOf>, IssueSnapshot, typeof changed | typeof ctx]
    > = [
      [evidenceOf('success', null), reopened('2026-11-25T10:00:00Z'), changed],
      [evidenceOf(null, null), reopened('2026-11-25T08:00:00Z'), changed],
      [evidenceOf(null, null), reopened('2026-11-25T10:00:00Z'), ctx],
      [
        evidenceOf(null, null),
        buildIssue({ state: 'open', closedBy: null, reopenedBy: 'octocat' }),
        changed,
      ],
      [
        evidenceOf(null, null),
        { ...reopened('2026-11-25T10:00:00Z'), reopenedBy: 'github-actions[bot]' },
        changed,
      ],
    ];
    for (const [evidence, issue, context_] of cases) {
      const result = plan(resolved, evidence, [issue], config, context_);
      expect(kinds(result)).toContain('close');
      expect(item(result.edited?.text ?? resolved, 'production-build-fails').status).toBe(
        'resolved',
      );
    }
  });
});
