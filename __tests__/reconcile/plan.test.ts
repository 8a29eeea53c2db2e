import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readEvidence } from '../../src/evidence/read.js';
import { allTests, countTests } from '../../src/evidence/schema.js';
import { defaultConfig } from '../../src/reconcile/config.js';
import { markerFor, type IssueSnapshot } from '../../src/reconcile/issues.js';
import { plan } from '../../src/reconcile/plan.js';
import { applyEdits } from '../../src/tracker/apply-edits.js';
import { allItems, parseTracker } from '../../src/tracker/index.js';
import { context, evidenceOf, planAndApply } from '../support/simulate.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/trackers/${name}`, import.meta.url), 'utf8');
const reference = fixture('reference.md');
const config = defaultConfig();

/** Issue #1, already tracking "Production Build Fails". */
const buildIssue: IssueSnapshot = {
  number: 1,
  title: 'Production Build Fails',
  body: markerFor('production-build-fails'),
  state: 'open',
  labels: ['known-issue', 'P0'],
  itemId: 'production-build-fails',
};

const itemsOf = (text: string) => allItems(parseTracker(text).tracker);
const sectionOf = (text: string, id: string) =>
  parseTracker(text).tracker.sections.find((s) => s.items.some((i) => i.id === id))?.heading;

/** Planning again after applying a plan gives an empty plan. */
async function expectSettled(
  text: string,
  evidence = evidenceOf(null, null),
  issues: IssueSnapshot[] = [],
) {
  const once = await planAndApply(text, evidence, issues);
  const again = plan(once.text, evidence, once.issues, config, context);
  expect(again.edits).toEqual([]);
  expect(again.operations).toEqual([]);
  return once;
}

describe('plan on the reference tracker', () => {
  it('build failure with 328 failing tests: creates issues for the five open P0/P1 items and edits nothing', async () => {
    const evidence = evidenceOf('failure', 328);
    const result = plan(reference, evidence, [], config, context);
    expect(result.edits).toEqual([]);
    const creates = result.operations.filter((op) => op.kind === 'create');
    expect(result.operations).toHaveLength(5);
    expect(creates.map((op) => op.itemId).sort()).toEqual([
      'load-test-execution',
      'performance-optimization',
      'production-build-fails',
      'test-coverage-improvement',
      'zustand-version-conflict',
    ]);
    const labels = Object.fromEntries(creates.map((op) => [op.itemId, op.labels]));
    expect(labels['production-build-fails']).toEqual(['known-issue', 'P0']);
    expect(labels['load-test-execution']).toEqual(['known-issue', 'P1']);
    for (const op of creates)
      expect(op.kind === 'create' && op.body).toContain(markerFor(op.itemId));
    await expectSettled(reference, evidence);
  });

  it('build success with 312 failures resolves and moves the build item, unblocks the load test and updates the count', async () => {
    const issue = buildIssue;
    const evidence = evidenceOf('success', 312);
    const result = plan(reference, evidence, [issue], config, context);
    const after = applyEdits(
      reference,
      result.edits.map((e) => e.edit),
    );
    const items = itemsOf(after);
    const byId = (id: string) => items.find((i) => i.id === id)!;

    expect(byId('production-build-fails').status).toBe('resolved');
    expect(sectionOf(after, 'production-build-fails')).toBe('Recently Fixed (2026-11-25)');
    expect(byId('load-test-execution').status).toBe('open');
    expect(after).toContain('⚠️ Test coverage improvement (312 failures remaining)');
    expect(after).not.toContain('328 failures remaining');
    expect(parseTracker(after).tracker.lastUpdated?.date).toBe('2026-11-25');

    const close = result.operations.find((op) => op.kind === 'close');
    expect(close).toMatchObject({ kind: 'close', number: 1, itemId: 'production-build-fails' });
    expect(close?.kind === 'close' && close.comment).toContain('the build step succeeded');
    expect(
      result.operations
        .filter((op) => op.kind === 'create')
        .map((op) => op.itemId)
        .sort(),
    ).toEqual([
      'load-test-execution',
      'performance-optimization',
      'test-coverage-improvement',
      'zustand-version-conflict',
    ]);
    // The issue for #1 is written next to its item.
    await expectSettled(reference, evidence, [issue]);
  });

  it('a resolved item whose evidence fails again is reopened and moved back (regression)', async () => {
    const tracked = await planAndApply(reference, evidenceOf('failure', 328), []);
    const fixed = await planAndApply(tracked.text, evidenceOf('success', 312), tracked.issues);
    expect(fixed.issues.find((i) => i.itemId === 'production-build-fails')?.state).toBe('closed');
    const regressed = await planAndApply(fixed.text, evidenceOf('failure', 312), fixed.issues);
    const item = itemsOf(regressed.text).find((i) => i.id === 'production-build-fails')!;
    expect(item.status).toBe('open');
    expect(sectionOf(regressed.text, 'production-build-fails')).toBe(
      'P0 Outstanding (Block Production) - CRITICAL',
    );
    const ops = regressed.plan.operations.filter((op) => op.itemId === 'production-build-fails');
    expect(ops.map((op) => op.kind)).toContain('reopen');
    await expectSettled(regressed.text, evidenceOf('failure', 312), regressed.issues);
  });

  it('zero failures resolves the test coverage item', async () => {
    const result = await planAndApply(reference, evidenceOf(null, 0), []);
    const item = itemsOf(result.text).find((i) => i.id === 'test-coverage-improvement')!;
    expect(item.status).toBe('resolved');
    expect(result.plan.operations.some((op) => op.itemId === 'test-coverage-improvement')).toBe(
      false,
    );
  });

  it('Last Updated changes only when something else changed', () => {
    const result = plan(reference, evidenceOf('failure', 328), [], config, context);
    expect(result.edits.some((e) => e.edit.kind === 'set-last-updated')).toBe(false);
  });

  it('incomplete test evidence changes nothing', () => {
    const evidence = evidenceOf(null, 0);
    evidence.tests!.files.push({
      path: 'results/bad.xml',
      format: 'junit',
      complete: false,
      tests: [],
      gaps: [{ reason: 'invalid XML: unclosed tag', line: 3 }],
    });
    const result = plan(reference, evidence, [], config, context);
    expect(result.edits).toEqual([]);
    expect(result.links.find((l) => l.itemId === 'test-coverage-improvement')?.verdict.state).toBe(
      'unknown',
    );
  });

  it('an issue body is updated only when its rendered text changes', async () => {
    const first = await planAndApply(reference, evidenceOf('failure', 328), []);
    const changed = first.text.replace('Est. Fix: 30 minutes', 'Est. Fix: 1 hour');
    const result = plan(changed, evidenceOf('failure', 328), first.issues, config, context);
    expect(result.operations).toHaveLength(1);
    expect(result.operations[0]).toMatchObject({
      kind: 'update',
      itemId: 'zustand-version-conflict',
    });
  });

  it('closes a duplicate issue that carries the same marker', async () => {
    const first = await planAndApply(reference, evidenceOf('failure', 328), []);
    const original = first.issues.find((i) => i.itemId === 'zustand-version-conflict')!;
    const duplicate = { ...original, number: 99 };
    const result = plan(
      first.text,
      evidenceOf('failure', 328),
      [...first.issues, duplicate],
      config,
      context,
    );
    expect(result.operations).toEqual([expect.objectContaining({ kind: 'close', number: 99 })]);
  });
});

describe('plan on the other formats settles', () => {
  for (const name of ['checkbox-list.md', 'heading-items.md', 'status-table.md']) {
    it(`${name}: build success and 0 failures, then nothing more`, async () => {
      const result = await expectSettled(fixture(name), evidenceOf('success', 0));
      expect(result.plan.operations.length).toBeGreaterThan(0);
    });
    it(`${name}: no evidence leaves the file byte-identical`, () => {
      const result = plan(fixture(name), evidenceOf(null, null), [], config, context);
      expect(
        applyEdits(
          fixture(name),
          result.edits.map((e) => e.edit),
        ),
      ).toBe(fixture(name));
    });
  }
});

describe('identity', () => {
  it('a renamed item keeps its issue through the number written next to it', async () => {
    const first = await planAndApply(reference, evidenceOf('failure', 328), []);
    const renamed = first.text.replace(
      '**Zustand Version Conflict**',
      '**Zustand peer dependency conflict**',
    );
    const result = plan(renamed, evidenceOf('failure', 328), first.issues, config, context);
    const zustand = first.issues.find((i) => i.itemId === 'zustand-version-conflict')!;
    expect(result.operations).toEqual([
      expect.objectContaining({
        kind: 'update',
        number: zustand.number,
        title: 'Zustand peer dependency conflict',
      }),
    ]);
    const update = result.operations[0]!;
    expect(update.kind === 'update' && update.body).toContain(
      markerFor('zustand-peer-dependency-conflict'),
    );
  });
});

describe('plan from real evidence files', () => {
  const cwd = new URL('../fixtures/evidence/', import.meta.url).pathname;

  it('build failure and a JUnit file of 328 failures: five creates, no edit', async () => {
    const evidence = await readEvidence({
      buildOutcome: 'failure',
      testResults: ['junit-328-failures.xml'],
      cwd,
    });
    expect(countTests(allTests(evidence.tests!)).failed).toBe(328);
    const result = plan(reference, evidence, [], config, context);
    expect(result.edits).toEqual([]);
    expect(result.operations.map((op) => op.kind)).toEqual(Array(5).fill('create'));
  });

  it('build success and a JUnit file of 312 failures: resolve, move, unblock, count, close #1', async () => {
    const evidence = await readEvidence({
      buildOutcome: 'success',
      testResults: ['junit-312-failures.xml'],
      cwd,
    });
    const issue = buildIssue;
    const result = plan(reference, evidence, [issue], config, {
      ...context,
      tracker: {
        ...context.tracker,
        permalink: 'https://github.com/o/r/blob/abc123/docs/KNOWN_ISSUES.md',
      },
      runUrl: 'https://github.com/o/r/actions/runs/9',
    });
    expect(result.edits.map((e) => [e.edit.kind, 'itemId' in e.edit ? e.edit.itemId : ''])).toEqual(
      [
        ['replace-text', 'test-coverage-improvement'],
        ['set-status', 'production-build-fails'],
        ['set-status', 'load-test-execution'],
        ['set-field', 'production-build-fails'],
        ['move', 'production-build-fails'],
        ['set-last-updated', ''],
      ],
    );
    const close = result.operations.find((op) => op.kind === 'close');
    // The line is where the item was in the text read, at the commit read: a link that stays right.
    const line = itemsOf(reference).find((i) => i.id === 'production-build-fails')!.range.start
      .line;
    expect(close?.kind === 'close' && close.comment).toBe(
      [
        'Resolved: the build step succeeded (outcome `success`).',
        '',
        `Tracker: [\`docs/KNOWN_ISSUES.md:${line}\`](https://github.com/o/r/blob/abc123/docs/KNOWN_ISSUES.md#L${line})`,
        '',
        'Workflow run: <https://github.com/o/r/actions/runs/9>',
        '',
      ].join('\n'),
    );
    const after = applyEdits(
      reference,
      result.edits.map((e) => e.edit),
    );
    expect(after).toContain('⚠️ Test coverage improvement (312 failures remaining)');
  });
});
