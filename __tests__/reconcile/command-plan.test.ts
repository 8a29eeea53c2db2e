import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planChanges, type ChangeTarget } from '../../src/reconcile/command-plan.js';
import { readComment } from '../../src/reconcile/commands.js';
import { defaultConfig } from '../../src/reconcile/config.js';
import { markerFor, TRACKED_MARKER, type IssueSnapshot } from '../../src/reconcile/issues.js';
import { applyEdits } from '../../src/tracker/apply-edits.js';
import { allItems, parseTracker } from '../../src/tracker/index.js';
import { applyToSnapshot, context } from '../support/simulate.js';

const reference = readFileSync(
  new URL('../fixtures/trackers/reference.md', import.meta.url),
  'utf8',
);
const config = defaultConfig();
const ctx = { ...context, issuesUrl: 'https://github.com/o/r/issues' };

const managed = (number: number, itemId: string, priority: string): IssueSnapshot => ({
  number,
  title: itemId,
  body: markerFor(itemId),
  state: 'open',
  labels: ['known-issue', priority],
  itemId,
});
const zustand = managed(2, 'zustand-version-conflict', 'P0');
const perf = managed(4, 'performance-optimization', 'P1');
const stranger: IssueSnapshot = {
  number: 9,
  title: 'Exports time out for large CSVs',
  body: 'Steps: export 100k rows.',
  state: 'open',
  labels: ['bug'],
  itemId: null,
  url: 'https://github.com/o/r/issues/9',
};

/** Plans a comment on `issue`, applies it (tracker and issues), and returns the outcome. */
function comment(text: string, body: string, issue: IssueSnapshot, issues = [zustand, perf]) {
  const target: ChangeTarget = { issue, actor: 'octocat' };
  const result = planChanges(text, issues, target, readComment(body, '/tracker'), config, ctx);
  const after = applyEdits(
    text,
    result.plan.edits.map((e) => e.edit),
  );
  let snapshot = [...issues.filter((i) => i.number !== issue.number), issue];
  for (const op of result.plan.operations) snapshot = applyToSnapshot(snapshot, op).issues;
  return { ...result, after, issues: snapshot };
}

const item = (text: string, id: string) =>
  allItems(parseTracker(text).tracker).find((i) => i.id === id);
const sectionOf = (text: string, id: string) =>
  parseTracker(text).tracker.sections.find((s) => s.items.some((i) => i.id === id));

describe('commands on a managed issue', () => {
  it('block, then resolve: blocked with the reason, then resolved, moved and the issue closed', () => {
    const blocked = comment(reference, '/tracker block waiting on vendor', zustand);
    expect(blocked.outcomes).toEqual([
      {
        line: '/tracker block waiting on vendor',
        ok: true,
        changed: true,
        message: '"Zustand Version Conflict" is blocked: waiting on vendor',
        help: false,
      },
    ]);
    expect(item(blocked.after, 'zustand-version-conflict')?.status).toBe('blocked');
    expect(blocked.after).toContain('⛔ **Zustand Version Conflict**');
    expect(blocked.after).toContain(
      '   - Status: Blocked 2026-11-25 by octocat: waiting on vendor',
    );
    // The issue body follows the item; the issue stays open.
    expect(blocked.plan.operations.map((op) => op.kind)).toEqual(['update']);

    const issue = blocked.issues.find((i) => i.number === 2)!;
    const resolved = comment(
      blocked.after,
      '/tracker resolve fixed upstream',
      issue,
      blocked.issues,
    );
    expect(resolved.outcomes[0]!.message).toBe(
      '"Zustand Version Conflict" is resolved and moves to "Recently Fixed (2026-11-25)"',
    );
    expect(item(resolved.after, 'zustand-version-conflict')?.status).toBe('resolved');
    expect(sectionOf(resolved.after, 'zustand-version-conflict')?.heading).toBe(
      'Recently Fixed (2026-11-25)',
    );
    expect(resolved.after).toContain('   - Status: Resolved 2026-11-25 by octocat: fixed upstream');
    const close = resolved.plan.operations.find((op) => op.kind === 'close');
    expect(close).toMatchObject({ number: 2, comment: '' });
    expect(resolved.issues.find((i) => i.number === 2)?.state).toBe('closed');
  });

  it('several commands in one comment apply in order, each to what the previous left', () => {
    const r = comment(
      reference,
      '/tracker block waiting on vendor\n/tracker note asked on Monday\n/tracker resolve',
      zustand,
    );
    expect(r.outcomes.map((o) => o.changed)).toEqual([true, true, true]);
    expect(r.after).toContain('   - 2026-11-25 (octocat): asked on Monday');
    expect(item(r.after, 'zustand-version-conflict')?.status).toBe('resolved');
    expect(r.after).toContain('**Last Updated**: 2026-11-25');
  });

  it('the same command twice leaves the state as after once and says nothing changed', () => {
    const once = comment(reference, '/tracker block waiting on vendor', zustand);
    const again = comment(
      once.after,
      '/tracker block waiting on vendor',
      once.issues.find((i) => i.number === 2)!,
      once.issues,
    );
    expect(again.outcomes[0]).toMatchObject({ ok: true, changed: false });
    expect(again.outcomes[0]!.message).toBe(
      '"Zustand Version Conflict" is already blocked: waiting on vendor',
    );
    expect(again.plan.edits).toEqual([]);
    expect(again.plan.operations).toEqual([]);
  });

  it('priority P2 on a P1 item moves it into a new P2 section written like the others', () => {
    const r = comment(reference, '/tracker priority P2', perf);
    expect(sectionOf(r.after, 'performance-optimization')).toMatchObject({
      heading: 'P2 Outstanding',
      depth: 2,
      priority: 'P2',
    });
    expect(r.after).toContain('\n## P2 Outstanding\n\n⚠️ Performance optimization');
    // P2 is outside the priorities the action manages: the issue is relabelled, nothing more.
    expect(r.plan.operations).toEqual([
      expect.objectContaining({ kind: 'update', number: 4, labels: ['known-issue', 'P2'] }),
    ]);
  });

  it('reopen brings a resolved item back to its priority section and reopens the issue', () => {
    const resolved = comment(reference, '/tracker resolve', zustand);
    const closed = resolved.issues.find((i) => i.number === 2)!;
    const reopened = comment(
      resolved.after,
      '/tracker reopen still crashes',
      closed,
      resolved.issues,
    );
    expect(item(reopened.after, 'zustand-version-conflict')?.status).toBe('open');
    expect(sectionOf(reopened.after, 'zustand-version-conflict')?.priority).toBe('P0');
    expect(reopened.plan.operations.map((op) => op.kind)).toContain('reopen');
  });
});

describe('a blocker resolved by a command', () => {
  const build = managed(1, 'production-build-fails', 'P0');
  const load = managed(3, 'load-test-execution', 'P1');

  it('unblocks the items it blocked at once, and their issues follow', () => {
    const r = comment(reference, '/tracker resolve', build, [build, load]);
    expect(item(r.after, 'production-build-fails')?.status).toBe('resolved');
    expect(item(r.after, 'load-test-execution')?.status).toBe('open');
    expect(r.after).toContain(
      '⚠️ **Load test execution** ([#3](https://github.com/o/r/issues/3)) - was BLOCKED by build issues',
    );
    expect(r.outcomes).toEqual([
      expect.objectContaining({
        ok: true,
        changed: true,
        message: expect.stringContaining(
          '"Load test execution" is unblocked: "Production Build Fails" resolved',
        ),
      }),
    ]);
    // The dependent's issue follows: its body says it is open again.
    const dependent = r.issues.find((i) => i.number === 3)!;
    expect(dependent.body).toContain('**Status:** open');
    expect(dependent.state).toBe('open');
  });

  it('leaves them blocked when the blocker is resolved and reopened in one comment', () => {
    const r = comment(reference, '/tracker resolve\n/tracker reopen', build, [build, load]);
    expect(item(r.after, 'load-test-execution')?.status).toBe('blocked');
    expect(r.plan.edits.map((e) => e.reason).join('\n')).not.toContain('unblocked');
  });
});

describe('track', () => {
  it('adds an unmanaged issue as one item under P1, labels it and marks it; twice is once', () => {
    const first = comment(reference, '/tracker track P1', stranger);
    expect(first.outcomes[0]).toMatchObject({ ok: true, changed: true });
    const added = allItems(parseTracker(first.after).tracker).filter((i) => i.issue?.number === 9);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      title: 'Exports time out for large CSVs',
      priority: 'P1',
      status: 'open',
    });
    expect(first.after).toContain(
      '⚠️ Exports time out for large CSVs ([#9](https://github.com/o/r/issues/9))',
    );
    const update = first.plan.operations.find((op) => op.kind === 'update' && op.number === 9);
    expect(update).toMatchObject({ labels: ['known-issue', 'P1', 'bug'] });
    // The person's title and description stay; the markers go at the end.
    const body = (update as { body: string }).body;
    expect(body.startsWith('Steps: export 100k rows.')).toBe(true);
    expect(body).toContain(TRACKED_MARKER);
    expect(body).toContain(markerFor(added[0]!.id));
    expect(update).not.toHaveProperty('title');

    const tracked = first.issues.find((i) => i.number === 9)!;
    const second = comment(first.after, '/tracker track P1', tracked, first.issues);
    expect(second.outcomes[0]).toMatchObject({ ok: true, changed: false });
    expect(second.plan.edits).toEqual([]);
    expect(second.plan.operations).toEqual([]);
  });
});

describe('bad input gets a clear answer and changes nothing', () => {
  it.each([
    ['/tracker frobnicate', zustand, 'unknown command "frobnicate"'],
    ['/tracker block', zustand, '"block" needs a reason: /tracker block <reason>'],
    ['/tracker priority P9', zustand, 'unknown priority "P9"; expected one of P0, P1, P2, P3'],
    ['/tracker resolve', stranger, '#9 is not tracked; "track [P0|P1|P2|P3]" adds it'],
    [
      '/tracker resolve',
      managed(7, 'an-item-since-deleted', 'P1'),
      'the item of #7 ("an-item-since-deleted") is no longer in docs/KNOWN_ISSUES.md; "track" adds it again',
    ],
  ])('%s', (body, issue, message) => {
    const r = comment(reference, body, issue);
    expect(r.outcomes).toEqual([expect.objectContaining({ ok: false, changed: false, message })]);
    expect(r.plan.edits).toEqual([]);
    expect(r.plan.operations).toEqual([]);
  });
});
