import { describe, expect, it } from 'vitest';
import { Tracker, allItems, parseTracker, plainText, type Item } from '../../src/tracker/index.js';
import { allRanges, fixture, pointAt } from './helpers.js';

const text = fixture('reference');
const { tracker, diagnostics } = parseTracker(text);
const items = allItems(tracker);
const item = (id: string): Item => {
  const found = items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
};
const section = (heading: string) => {
  const found = tracker.sections.find((s) => s.heading === heading);
  if (!found) throw new Error(`no section ${heading}`);
  return found;
};
const slice = (r: { start: { offset: number }; end: { offset: number } }) =>
  text.slice(r.start.offset, r.end.offset);

describe('reference tracker', () => {
  it('is a valid model and parses without diagnostics', () => {
    expect(() => Tracker.parse(tracker)).not.toThrow();
    expect(diagnostics).toEqual([]);
    expect(tracker.title).toBe('Known Issues Tracker');
    expect(tracker.eol).toBe('\n');
    expect(tracker.bom).toBe(false);
    expect(tracker.scope.start.offset).toBe(0);
    expect(tracker.scope.end.offset).toBe(text.length);
  });

  it('reads Last Updated 2026-01-28 at line 3', () => {
    expect(tracker.lastUpdated?.date).toBe('2026-01-28');
    expect(slice(tracker.lastUpdated!.range)).toBe('2026-01-28');
    expect(tracker.lastUpdated!.range.start).toMatchObject({ line: 3, column: 19 });
  });

  it('has the sections a reader sees, with kind, priority and date', () => {
    expect(
      tracker.sections.map((s) => ({
        heading: s.heading,
        kind: s.kind,
        priority: s.priority,
        date: s.date,
        depth: s.depth,
      })),
    ).toEqual([
      {
        heading: 'Recently Fixed (2026-01-28)',
        kind: 'fixed',
        priority: null,
        date: '2026-01-28',
        depth: 2,
      },
      {
        heading: 'P0 Outstanding (Block Production) - CRITICAL',
        kind: 'outstanding',
        priority: 'P0',
        date: null,
        depth: 2,
      },
      {
        heading: 'P1 Outstanding (Production Enhancement)',
        kind: 'outstanding',
        priority: 'P1',
        date: null,
        depth: 2,
      },
      {
        heading: 'P0 Recently Completed (2026-01-28)',
        kind: 'fixed',
        priority: 'P0',
        date: '2026-01-28',
        depth: 2,
      },
    ]);
  });

  it('has 10 resolved items under "Recently Fixed (2026-01-28)"', () => {
    const fixed = section('Recently Fixed (2026-01-28)').items;
    expect(fixed.map((i) => i.title)).toEqual([
      'Email service implementation',
      'Production assessment complete',
      'Anthropic API patterns documented',
      'Anthropic retry logic with exponential backoff',
      'E-Series Security & Governance Foundation',
      'ERP System complete',
      'Sentry error monitoring',
      'CSRF protection',
      'Input sanitization',
      'Load testing suite',
    ]);
    for (const i of fixed) {
      expect(i.status, i.id).toBe('resolved');
      expect(i.family, i.id).toBe('emoji-line');
      expect(
        i.marks.map((m) => [m.kind, m.text]),
        i.id,
      ).toEqual([['emoji', '✅']]);
      expect(i.fields, i.id).toEqual([]);
    }
    expect(fixed.map((i) => i.range.start.line)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
  });

  it('has exactly the two open P0 items, with their fields in order', () => {
    const p0 = section('P0 Outstanding (Block Production) - CRITICAL').items;
    expect(p0.map((i) => [i.id, i.title, i.status, i.priority])).toEqual([
      ['production-build-fails', 'Production Build Fails', 'open', 'P0'],
      ['zustand-version-conflict', 'Zustand Version Conflict', 'open', 'P0'],
    ]);

    const build = item('production-build-fails');
    expect(build.fields.map((f) => [f.key, f.value])).toEqual([
      ['Status', '**BLOCKING** - Cannot build, deploy, or load test'],
      ['Issue', 'Missing module imports prevent `npm run build` from completing'],
      [
        'Missing modules',
        [
          '- `@/lib/email/emailService` (imported by EmailExecutor)',
          '     - `@/lib/ai/personalization` (imported by EmailExecutor)',
          '     - `@/lib/guardian/access` (imported by guardian notifications)',
        ].join('\n'),
      ],
      [
        'Impact',
        [
          '- ⛔ Cannot create production bundle',
          '     - ⛔ Cannot start production server',
          '     - ⛔ Cannot execute load tests',
          '     - ⛔ Cannot deploy to production',
        ].join('\n'),
      ],
      ['Action Required', 'Choose fast path (2hrs) or thorough path (8-16hrs)'],
      ['Details', '`docs/PRODUCTION_BUILD_ISSUES.md`'],
      ['Est. Fix', '2-16 hours depending on approach'],
    ]);
    // "BLOCKING" is not the status word BLOCKED: the ⚠️ decides, and the ⛔ of the nested
    // Impact list are not marks of the item.
    expect(build.marks.map((m) => [m.kind, m.text, m.status])).toEqual([['emoji', '⚠️', 'open']]);
    expect(build.issue).toBeNull();
    expect(build.blockedBy).toEqual([]);

    const zustand = item('zustand-version-conflict');
    expect(zustand.fields.map((f) => [f.key, f.value])).toEqual([
      ['Status', 'Warning (non-fatal but risky)'],
      ['Issue', 'reactflow requires 4.5.7, project has 5.0.8'],
      ['Impact', 'Potential runtime errors in drip campaign builder'],
      ['Action Required', 'Downgrade to 4.5.7 or update reactflow'],
      ['Est. Fix', '30 minutes'],
    ]);
    expect(zustand.range.start.line).toBe(38);
    expect(zustand.range.end.line).toBe(43);
  });

  it('has the five P1 items with their statuses and the blocker resolved', () => {
    const p1 = section('P1 Outstanding (Production Enhancement)').items;
    expect(p1.map((i) => [i.id, i.title, i.status, i.priority])).toEqual([
      ['sentry-error-monitoring-2', 'Sentry error monitoring', 'resolved', 'P1'],
      ['security-hardening', 'Security hardening', 'resolved', 'P1'],
      ['load-test-execution', 'Load test execution', 'blocked', 'P1'],
      ['performance-optimization', 'Performance optimization', 'open', 'P1'],
      ['test-coverage-improvement', 'Test coverage improvement', 'open', 'P1'],
    ]);
    expect(item('security-hardening').marks.map((m) => [m.kind, m.text])).toEqual([
      ['emoji', '✅'],
      ['strike', '~~Security hardening~~'],
      ['word', 'COMPLETE'],
    ]);
    const load = item('load-test-execution');
    expect(load.blockedBy).toHaveLength(1);
    expect(load.blockedBy[0]!.text).toBe('build issues');
    expect(load.blockedBy[0]!.itemIds).toEqual(['production-build-fails']);
    expect(slice(load.blockedBy[0]!.range)).toBe('BLOCKED by build issues');
    expect(load.marks.map((m) => [m.kind, m.text])).toEqual([
      ['emoji', '⛔'],
      ['blocked-by', 'BLOCKED by build issues'],
    ]);
  });

  it('has 3 resolved items under "P0 Recently Completed (2026-01-28)", notes included', () => {
    const done = section('P0 Recently Completed (2026-01-28)').items;
    expect(done.map((i) => [i.id, i.status, i.priority])).toEqual([
      ['zero-downtime-deployments', 'resolved', 'P0'],
      ['database-connection-pooling', 'resolved', 'P0'],
      ['anthropic-retry-logic', 'resolved', 'P0'],
    ]);
    expect(done.map((i) => [i.range.start.line, i.range.end.line])).toEqual([
      [55, 61],
      [63, 67],
      [69, 73],
    ]);
    expect(item('anthropic-retry-logic').text.split('\n').at(-1)).toBe(
      '   - Timeout handling (60s default)',
    );
    // Notes without a key are not fields.
    expect(item('database-connection-pooling').fields).toEqual([]);
  });

  it('does not read the **See** and **Source** lines as items', () => {
    expect(items).toHaveLength(20);
    for (const i of items) {
      for (const needle of [
        '**See**',
        'See:',
        '**Source**',
        'Source:',
        'PRODUCTION_GRADE_ASSESSMENT',
        'CLAUDE.md',
      ]) {
        expect(i.title, i.id).not.toContain(needle);
        expect(i.text, i.id).not.toContain(needle);
      }
    }
  });

  it('reads dates with their labels', () => {
    for (const id of ['production-build-fails', 'zustand-version-conflict']) {
      const dates = item(id).dates;
      expect(dates.map((d) => [d.label, d.date])).toEqual([['Discovered', '2026-01-28']]);
      expect(slice(dates[0]!.range)).toBe('Discovered 2026-01-28');
    }
    expect(item('production-build-fails').dates[0]!.range.start).toMatchObject({
      line: 22,
      column: 32,
    });
    expect(item('email-service-implementation').dates).toEqual([]);
  });

  it('gives every range the text it claims', () => {
    for (const [name, range] of allRanges(tracker)) {
      expect(range.start.offset, name).toBeLessThanOrEqual(range.end.offset);
      expect(range.end.offset, name).toBeLessThanOrEqual(text.length);
      expect(pointAt(text, range.start.offset), name).toEqual({
        line: range.start.line,
        column: range.start.column,
      });
      expect(pointAt(text, range.end.offset), name).toEqual({
        line: range.end.line,
        column: range.end.column,
      });
    }
    for (const s of tracker.sections) {
      expect(slice(s.headingRange)).toBe(`## ${s.heading}`);
      expect(slice(s.range).startsWith(`## ${s.heading}\n`)).toBe(true);
    }
    for (const i of items) {
      expect(slice(i.range), i.id).toBe(i.text);
      expect(slice(i.headRange), i.id).toBe(i.text.split('\n')[0]);
      expect(slice(i.titleRange), i.id).toContain(i.title);
      expect(plainText(slice(i.titleRange)), i.id).toBe(i.title);
      for (const m of i.marks) expect(slice(m.range), `${i.id} ${m.kind}`).toBe(m.text);
      for (const f of i.fields) {
        expect(slice(f.valueRange), `${i.id} ${f.key}`).toBe(f.value);
        const field = slice(f.range);
        if (f.value.includes('\n')) {
          expect(field.startsWith(`- ${f.key}:\n`), `${i.id} ${f.key}`).toBe(true);
          expect(field.endsWith(f.value), `${i.id} ${f.key}`).toBe(true);
        } else {
          expect(field, `${i.id} ${f.key}`).toBe(`- ${f.key}: ${f.value}`);
        }
      }
      for (const d of i.dates) expect(slice(d.range), i.id).toBe(`${d.label} ${d.date}`);
    }
  });

  it('puts items at the right lines and columns', () => {
    const build = item('production-build-fails');
    expect(build.range.start).toEqual({
      line: 22,
      column: 1,
      offset: text.indexOf('⚠️ **Production Build Fails**'),
    });
    expect(build.range.end).toMatchObject({ line: 36, column: 48 });
    // ⚠️ is two UTF-16 code units (U+26A0 U+FE0F): the title starts after "⚠️ **".
    expect(build.titleRange.start).toMatchObject({ line: 22, column: 6 });
    expect(build.titleRange.end).toMatchObject({ line: 22, column: 28 });
    const est = build.fields.find((f) => f.key === 'Est. Fix')!;
    expect(est.range.start).toMatchObject({ line: 36, column: 4 });
    expect(est.valueRange.start).toMatchObject({ line: 36, column: 16 });

    const load = item('load-test-execution');
    expect(load.titleRange.start).toMatchObject({ line: 49, column: 5 });
    expect(load.marks[1]!.range.start).toMatchObject({ line: 49, column: 29 });

    const sentry = item('sentry-error-monitoring-2');
    expect(sentry.titleRange.start).toMatchObject({ line: 47, column: 5 });
    expect(sentry.marks.find((m) => m.kind === 'word')!.range.start).toMatchObject({
      line: 47,
      column: 35,
    });

    const retry = item('anthropic-retry-logic');
    expect(retry.headRange.start).toMatchObject({ line: 69, column: 1 });
    expect(retry.headRange.end).toMatchObject({ line: 69, column: 66 });
  });
});
