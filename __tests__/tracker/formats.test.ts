import { describe, expect, it } from 'vitest';
import {
  ScopeNotFoundError,
  Tracker,
  allItems,
  applyEdits,
  lintTracker,
  parseTracker,
  type Item,
  type TrackerEdit,
} from '../../src/tracker/index.js';
import { allRanges, fixture, pointAt } from './helpers.js';

/** What a reader sees: id, title, status, priority, family and the heading it sits under. */
const seen = (tracker: Tracker) =>
  tracker.sections.flatMap((s) =>
    s.items.map((i) => [i.id, i.title, i.status, i.priority, i.family, s.heading]),
  );

const fields = (item: Item | undefined) => item?.fields.map((f) => [f.key, f.value]);

describe('checkbox-list.md', () => {
  const text = fixture('checkbox-list');
  const { tracker, diagnostics } = parseTracker(text);
  const items = allItems(tracker);
  const item = (id: string) => items.find((i) => i.id === id);

  it('reads title, date and exactly the items a reader sees', () => {
    expect(diagnostics).toEqual([]);
    expect(tracker.title).toBe('TODO / known problems');
    expect(tracker.lastUpdated?.date).toBe('2026-04-11');
    expect(seen(tracker)).toEqual([
      [
        'build-fails-on-node-24',
        'Build fails on Node 24',
        'open',
        'P0',
        'list-item',
        'P0 — must fix before release',
      ],
      [
        'secrets-printed-in-deploy-logs',
        'Secrets printed in deploy logs',
        'resolved',
        'P0',
        'list-item',
        'P0 — must fix before release',
      ],
      [
        'migrations-not-idempotent',
        'Migrations not idempotent',
        'blocked',
        'P0',
        'list-item',
        'P0 — must fix before release',
      ],
      [
        'flaky-e2e-test-checkout-spec-ts',
        'Flaky e2e test checkout.spec.ts',
        'open',
        'P1',
        'list-item',
        'P1 — next sprint',
      ],
      [
        'bundle-size-above-500-kb',
        'Bundle size above 500 kB',
        'open',
        'P1',
        'list-item',
        'P1 — next sprint',
      ],
      [
        'add-rate-limiting-to-the-public-api',
        'Add rate limiting to the public API',
        'resolved',
        'P1',
        'list-item',
        'P1 — next sprint',
      ],
      ['replace-moment-js', 'Replace moment.js', 'open', 'P2', 'list-item', 'P2 — someday'],
    ]);
    expect(tracker.sections.map((s) => s.kind)).toEqual([
      'outstanding',
      'outstanding',
      'outstanding',
    ]);
  });

  it('reads fields, marks and the blocker', () => {
    expect(fields(item('build-fails-on-node-24'))).toEqual([['Est. fix', '1 day']]);
    expect(item('build-fails-on-node-24')?.issue).toBeNull(); // "(see #build)" is no issue number
    expect(item('secrets-printed-in-deploy-logs')?.marks.map((m) => [m.kind, m.text])).toEqual([
      ['checkbox', '[x]'],
      ['strike', '~~**Secrets printed in deploy logs**~~'],
    ]);
    const blocked = item('migrations-not-idempotent')!;
    expect(blocked.blockedBy.map((b) => [b.text, b.itemIds])).toEqual([
      ['Build fails on Node 24', ['build-fails-on-node-24']],
    ]);
    expect(item('flaky-e2e-test-checkout-spec-ts')?.text).toBe(
      '- [ ] Flaky e2e test `checkout.spec.ts` (12 failures in the last 50 runs)',
    );
    expect(items.map((i) => i.range.start.line)).toEqual([7, 9, 10, 14, 15, 16, 20]);
  });
});

describe('heading-items.md', () => {
  const text = fixture('heading-items');
  const { tracker, diagnostics } = parseTracker(text);
  const item = (id: string) => allItems(tracker).find((i) => i.id === id);

  it('reads exactly the items a reader sees', () => {
    expect(diagnostics).toEqual([]);
    expect(tracker.title).toBe('Known Issues');
    expect(tracker.lastUpdated?.date).toBe('2026-03-02');
    expect(seen(tracker)).toEqual([
      ['KI-1', 'Checkout page times out under load', 'open', 'P0', 'heading', 'Critical'],
      ['KI-2', 'Nightly backup skips the audit schema', 'resolved', 'P0', 'heading', 'Critical'],
      ['KI-3', 'npm test reports 41 failing tests', 'in_progress', 'P1', 'heading', 'High'],
      ['KI-4', 'Dark mode contrast on charts', 'blocked', 'P1', 'heading', 'High'],
      ['KI-5', 'Typo in the password reset email', 'wont_fix', 'P3', 'heading', 'Low'],
    ]);
    expect(allItems(tracker).map((i) => i.explicitId)).toEqual([
      'KI-1',
      'KI-2',
      'KI-3',
      'KI-4',
      'KI-5',
    ]);
    // The "Status values: OPEN, …" legend is not an item and not a section.
    expect(tracker.sections.map((s) => s.heading)).toEqual(['Critical', 'High', 'Low']);
  });

  it('reads the fields of each heading item, two on one line included', () => {
    expect(fields(item('KI-1'))).toEqual([
      ['Status', 'OPEN'],
      ['Owner', 'payments team'],
      ['Found', '2026-02-20'],
      ['Impact', 'Orders above 50 items fail with a gateway timeout.'],
      ['Next step', 'Profile `orderTotals()` and batch the tax lookups.'],
    ]);
    expect(fields(item('KI-2'))).toEqual([
      ['Status', 'FIXED (2026-02-28)'],
      ['Fix', '`backup.sh` now lists schemas from the catalog instead of a hard-coded list.'],
    ]);
    expect(fields(item('KI-3'))).toEqual([
      ['Status', 'IN PROGRESS'],
      ['Impact', 'CI is red on every pull request; reviewers ignore it.'],
    ]);
    expect(fields(item('KI-4'))).toEqual([
      ['Status', 'BLOCKED — waiting on the design tokens release'],
    ]);
    expect(item('KI-1')?.dates.map((d) => [d.label, d.date])).toEqual([['Found', '2026-02-20']]);
    // The item runs to its last note, the failing-test list included.
    expect(item('KI-3')?.range.end.line).toBe(27);
    expect(item('KI-3')?.text.endsWith('- 11 failures in `web/src/cart.test.tsx`')).toBe(true);
  });
});

describe('status-table.md', () => {
  const text = fixture('status-table');
  const { tracker, diagnostics } = parseTracker(text);
  const item = (id: string) => allItems(tracker).find((i) => i.id === id);

  it('reads one item per row', () => {
    expect(diagnostics).toEqual([]);
    expect(tracker.lastUpdated?.date).toBe('2026-05-19');
    expect(seen(tracker)).toEqual([
      ['KI-07', 'Production build fails', 'open', 'P0', 'table-row', ''],
      ['KI-06', '212 unit tests failing', 'in_progress', 'P1', 'table-row', ''],
      ['KI-05', 'Memory leak in websocket hub', 'blocked', 'P1', 'table-row', ''],
      ['KI-04', 'Slow cold start on Lambda', 'resolved', 'P2', 'table-row', ''],
    ]);
    expect(allItems(tracker).map((i) => i.range.start.line)).toEqual([7, 8, 9, 10]);
  });

  it('reads the cells as fields and the status cell as marks that agree', () => {
    expect(fields(item('KI-07'))).toEqual([
      ['ID', 'KI-07'],
      ['Priority', 'P0'],
      ['Status', '🔴 Open'],
      ['Since', '2026-05-17'],
      ['Notes', 'Missing `@/lib/mail` module'],
    ]);
    for (const i of allItems(tracker)) {
      // The emoji and the word of a status cell say the same thing (🟡 is "in progress").
      expect(new Set(i.marks.map((m) => m.status)), i.id).toEqual(new Set([i.status]));
    }
  });
});

describe('every range of every format points into the text', () => {
  it.each(['checkbox-list', 'heading-items', 'status-table'] as const)('%s', (name) => {
    const text = fixture(name);
    const { tracker } = parseTracker(text);
    expect(() => Tracker.parse(tracker)).not.toThrow();
    for (const [what, range] of allRanges(tracker)) {
      expect(range.end.offset, what).toBeLessThanOrEqual(text.length);
      expect(pointAt(text, range.start.offset), what).toEqual({
        line: range.start.line,
        column: range.start.column,
      });
    }
    for (const i of allItems(tracker)) {
      expect(text.slice(i.titleRange.start.offset, i.titleRange.end.offset), i.id).toContain(
        i.title.split(' ')[0],
      );
      for (const f of i.fields)
        expect(text.slice(f.valueRange.start.offset, f.valueRange.end.offset)).toBe(f.value);
    }
  });
});

describe('claude-md.md: a tracker inside a bigger file', () => {
  const text = fixture('claude-md');
  const scoped = parseTracker(text, { section: 'Known Issues' }).tracker;
  const reference = parseTracker(fixture('reference')).tracker;
  const scopeStart = scoped.scope.start.offset;
  const scopeEnd = scoped.scope.end.offset;

  it('reads the Known Issues section as the reference tracker', () => {
    expect(scoped.title).toBe('Known Issues');
    expect(scoped.lastUpdated?.date).toBe('2026-01-28');
    expect(text.slice(scopeStart).startsWith('## Known Issues\n')).toBe(true);
    expect(text.slice(scopeEnd).startsWith('## Deployment\n')).toBe(true);
    expect(scoped.sections.map((s) => [s.heading, s.kind, s.priority, s.depth])).toEqual(
      reference.sections.map((s) => [s.heading, s.kind, s.priority, 3]),
    );
    const model = (t: Tracker) =>
      allItems(t).map((i) => ({
        id: i.id,
        title: i.title,
        status: i.status,
        priority: i.priority,
        family: i.family,
        fields: i.fields.map((f) => [f.key, f.value]),
        marks: i.marks.map((m) => [m.kind, m.text, m.status]),
        blockedBy: i.blockedBy.map((b) => [b.text, b.itemIds]),
        dates: i.dates.map((d) => [d.label, d.date]),
        text: i.text,
      }));
    expect(model(scoped)).toEqual(model(reference));
  });

  it('reads nothing from the other sections', () => {
    const items = allItems(scoped);
    expect(items).toHaveLength(20);
    for (const i of items) {
      expect(i.range.start.offset).toBeGreaterThan(scopeStart);
      expect(i.range.end.offset).toBeLessThanOrEqual(scopeEnd);
      for (const needle of [
        'Not an item',
        'not an item',
        'migrations by hand',
        'health endpoint',
        'Rollback',
        'rollback drill',
        'Always run',
      ]) {
        expect(i.title).not.toContain(needle);
        expect(i.text).not.toContain(needle);
      }
    }
    expect(
      lintTracker(text, { section: 'Known Issues' }).diagnostics.filter(
        (d) => d.severity === 'error',
      ),
    ).toEqual([]);
  });

  it('matches the section heading loosely (case, hashes, spaces)', () => {
    for (const section of ['known issues', '  Known Issues ', '## Known Issues']) {
      expect(parseTracker(text, { section }).tracker.scope).toEqual(scoped.scope);
    }
  });

  it('without the option reads the whole file, the reference items included', () => {
    const whole = parseTracker(text).tracker;
    expect(whole.title).toBe('CLAUDE.md');
    const ids = allItems(whole).map((i) => i.id);
    for (const id of allItems(scoped).map((i) => i.id)) expect(ids).toContain(id);
  });

  it('never changes a byte outside the section when editing with the option', () => {
    const options = { section: 'Known Issues' };
    const edits: TrackerEdit[] = [{ kind: 'set-last-updated', date: '2026-02-09' }];
    allItems(scoped).forEach((i, n) => {
      const rotating: TrackerEdit[] = [
        { kind: 'set-issue', itemId: i.id, number: 321 },
        { kind: 'replace-text', itemId: i.id, find: i.title, replace: `${i.title}!` },
        { kind: 'move', itemId: i.id, to: { kind: 'fixed', date: '2026-02-09' } },
        { kind: 'move', itemId: i.id, to: { kind: 'outstanding', priority: 'P1' } },
      ];
      edits.push(
        { kind: 'set-status', itemId: i.id, status: i.status === 'resolved' ? 'open' : 'resolved' },
        { kind: 'set-field', itemId: i.id, key: 'Owner', value: 'platform 🚀' },
        rotating[n % rotating.length]!,
      );
    });
    // The last item of the section, moved to another new fixed section.
    edits.push({
      kind: 'move',
      itemId: 'anthropic-retry-logic',
      to: { kind: 'fixed', date: '2026-02-10' },
    });
    const suffix = text.length - scopeEnd;
    let current = text;
    for (const edit of edits) {
      const next = applyEdits(current, [edit], options);
      expect(next.slice(0, scopeStart), JSON.stringify(edit)).toBe(text.slice(0, scopeStart));
      expect(next.slice(next.length - suffix), JSON.stringify(edit)).toBe(text.slice(scopeEnd));
      current = next;
    }
    expect(current).not.toBe(text);
    // The Deployment look-alikes are still there, untouched.
    expect(current).toContain('⚠️ **Not an item** - this is a reminder, not a known issue\n');
  });

  it('puts a new fixed section at the end of the section, before the next heading', () => {
    // Without any fixed section, a new one goes at the end of the scope.
    const noFixed = text
      .replace('### Recently Fixed (2026-01-28)', '### Earlier work')
      .replace('### P0 Recently Completed (2026-01-28)', '### P0 Earlier work');
    const options = { section: 'Known Issues' };
    const { scope } = parseTracker(noFixed, options).tracker;
    const after = applyEdits(
      noFixed,
      [
        {
          kind: 'move',
          itemId: 'production-build-fails',
          to: { kind: 'fixed', date: '2026-02-10' },
        },
      ],
      options,
    );
    const tail = noFixed.slice(scope.end.offset);
    expect(after.slice(0, scope.start.offset)).toBe(noFixed.slice(0, scope.start.offset));
    expect(after.endsWith(tail)).toBe(true);
    const inserted = after.slice(0, after.length - tail.length);
    expect(inserted).toMatch(
      /\n### Recently Fixed \(2026-02-10\)\n\n⚠️ \*\*Production Build Fails\*\*[^]*Est\. Fix: 2-16 hours depending on approach\n\n$/,
    );
    const t = parseTracker(after, options).tracker;
    expect(t.sections.at(-1)).toMatchObject({
      heading: 'Recently Fixed (2026-02-10)',
      kind: 'fixed',
      depth: 3,
    });
    expect(t.sections.at(-1)!.items.map((i) => i.id)).toEqual(['production-build-fails']);
    expect(t.scope.end.offset).toBe(after.length - tail.length);
  });

  it('throws ScopeNotFoundError naming a missing section heading', () => {
    expect(() => parseTracker(text, { section: 'Known Problems' })).toThrow(ScopeNotFoundError);
    expect(() => parseTracker(text, { section: 'Known Problems' })).toThrow(/"Known Problems"/);
    expect(() => lintTracker(text, { section: 'Known Problems' })).toThrow(ScopeNotFoundError);
    expect(() =>
      applyEdits(text, [{ kind: 'set-last-updated', date: '2026-02-09' }], {
        section: 'Known Problems',
      }),
    ).toThrow(ScopeNotFoundError);
    try {
      parseTracker(fixture('reference'), { section: 'Deployment' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScopeNotFoundError);
      expect((error as Error).name).toBe('ScopeNotFoundError');
      expect((error as Error).message).toContain('Deployment');
    }
  });
});

describe('issue links', () => {
  const issueOf = (line: string) =>
    allItems(parseTracker(`## P1 Outstanding\n\n${line}\n`).tracker)[0]?.issue?.number ?? null;

  it('reads #N, [#N](url) and issue URLs on the head line, and an Issue field', () => {
    expect(issueOf('⚠️ **Thing** (#12)')).toBe(12);
    expect(issueOf('⚠️ **Thing** ([#13](https://github.com/o/r/issues/13))')).toBe(13);
    expect(issueOf('⚠️ **Thing** (https://github.com/o/r/issues/14)')).toBe(14);
    expect(issueOf('⚠️ **Thing**\n   - Issue: #15')).toBe(15);
    expect(issueOf('⚠️ **Thing** (see #build)')).toBeNull();
  });

  it('reads no issue number the model cannot hold (0, or beyond a safe integer)', () => {
    expect(issueOf('⚠️ **Thing** (#0)')).toBeNull();
    expect(issueOf('⚠️ **Thing** (https://github.com/o/r/issues/0)')).toBeNull();
    expect(issueOf('⚠️ **Thing**\n   - Issue: #00')).toBeNull();
    expect(
      issueOf(
        '⚠️ **Thing** ([#99999999999999999999](https://github.com/o/r/issues/99999999999999999999))',
      ),
    ).toBeNull();
    const { tracker } = parseTracker('## P1\n\n⚠️ **Thing** (https://github.com/o/r/issues/0)\n');
    expect(Tracker.safeParse(tracker).success).toBe(true);
  });
});
