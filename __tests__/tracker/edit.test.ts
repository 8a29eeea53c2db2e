import { describe, expect, it } from 'vitest';
import {
  Status,
  allItems,
  applySplices,
  applyEdits,
  parseTracker,
  splicesFor,
  type Item,
  type ParseOptions,
  type Tracker,
  type TrackerEdit,
} from '../../src/tracker/index.js';
import { FIXTURES, fixture, lineDiff, optionsFor, type FixtureName } from './helpers.js';

const parse = (text: string, options: ParseOptions = {}) => parseTracker(text, options).tracker;
const find = (tracker: Tracker, id: string): Item => {
  const item = allItems(tracker).find((i) => i.id === id);
  if (!item)
    throw new Error(
      `no item ${id} in ${allItems(tracker)
        .map((i) => i.id)
        .join(', ')}`,
    );
  return item;
};
const sectionOf = (tracker: Tracker, id: string) =>
  tracker.sections.find((s) => s.items.some((i) => i.id === id))!;
const summary = (tracker: Tracker) =>
  allItems(tracker).map((i) => `${i.id}|${i.title}|${i.status}|${i.family}`);
const fieldsOf = (item: Item) => item.fields.map((f) => [f.key, f.value]);

/** Items and their values in another tracker must be the same, but for `except`. */
function othersUnchanged(before: Tracker, after: Tracker, except: string[]) {
  const keep = (t: Tracker) =>
    allItems(t)
      .filter((i) => !except.includes(i.id))
      .map((i) => ({
        id: i.id,
        title: i.title,
        status: i.status,
        priority: i.priority,
        fields: fieldsOf(i),
        issue: i.issue?.number,
      }));
  expect(keep(after)).toEqual(keep(before));
}

/** Items that are the edge cases of set-status: lights palette, an unmarked item, an unknown status cell. */
const EDGE = [
  '# Tracker',
  '',
  '## P1 Open',
  '',
  '🔴 Login fails on Safari',
  '🟠 Search is slow',
  '',
  '- Plain item without a mark',
  '',
  '### KI-9: Heading item without status',
  '',
  '## P2 Table',
  '',
  '| ID | Issue | Status | Notes |',
  '|----|-------|--------|-------|',
  '| A-1 | Flaky upload | TBD | retry? |',
  '| A-2 | Broken export | ✅ | |',
  '',
].join('\n');

describe('no-op edits return the identical string', () => {
  it.each(FIXTURES)('%s', (name) => {
    const text = fixture(name);
    const options = optionsFor(name);
    const tracker = parse(text, options);
    expect(applyEdits(text, [], options)).toBe(text);
    const edits: TrackerEdit[] = [];
    if (tracker.lastUpdated)
      edits.push({ kind: 'set-last-updated', date: tracker.lastUpdated.date });
    for (const item of allItems(tracker)) {
      edits.push({ kind: 'set-status', itemId: item.id, status: item.status });
      edits.push({
        kind: 'replace-text',
        itemId: item.id,
        find: item.title.slice(0, 5),
        replace: item.title.slice(0, 5),
      });
      if (item.issue) edits.push({ kind: 'set-issue', itemId: item.id, number: item.issue.number });
      const seen = new Set<string>();
      for (const field of item.fields) {
        if (seen.has(field.key.toLowerCase())) continue;
        seen.add(field.key.toLowerCase());
        edits.push({ kind: 'set-field', itemId: item.id, key: field.key, value: field.value });
      }
      const section = sectionOf(tracker, item.id);
      const home = tracker.sections.find(
        (s) => s.kind === 'outstanding' && s.priority === section.priority,
      );
      if (section.kind === 'outstanding' && home === section && item.family !== 'table-row') {
        edits.push({
          kind: 'move',
          itemId: item.id,
          to: { kind: 'outstanding', priority: section.priority },
        });
      }
    }
    expect(edits.length).toBeGreaterThan(allItems(tracker).length);
    // Each edit plans no splice at all, and applying them all returns the very same string.
    for (const edit of edits)
      expect(splicesFor(text, tracker, edit), JSON.stringify(edit)).toEqual([]);
    expect(applyEdits(text, edits, options)).toBe(text);
  });

  it('edits of an unknown item or a missing Last Updated change nothing', () => {
    const text = fixture('reference');
    expect(
      applyEdits(text, [{ kind: 'set-status', itemId: 'no-such-item', status: 'resolved' }]),
    ).toBe(text);
    expect(
      applyEdits(text, [
        { kind: 'replace-text', itemId: 'production-build-fails', find: 'not there', replace: 'x' },
      ]),
    ).toBe(text);
    const noDate = text.replace('**Last Updated**: 2026-01-28\n', '');
    expect(applyEdits(noDate, [{ kind: 'set-last-updated', date: '2026-02-01' }])).toBe(noDate);
    // A table row gets no new field: there is no column for it.
    const table = fixture('status-table');
    expect(
      applyEdits(table, [{ kind: 'set-field', itemId: 'KI-07', key: 'Owner', value: 'x' }]),
    ).toBe(table);
    // Nor does it move: it would leave its table.
    expect(
      applyEdits(table, [
        { kind: 'move', itemId: 'KI-07', to: { kind: 'fixed', date: '2026-02-01' } },
      ]),
    ).toBe(table);
  });
});

interface Case {
  name: string;
  fixture: FixtureName;
  edits: TrackerEdit[];
  diff: string[];
  check: (after: Tracker, before: Tracker) => void;
}

const CASES: Case[] = [
  // --- set-status, one case per spelling of a mark
  {
    name: 'set-status: emoji ⚠️ → ✅',
    fixture: 'reference',
    edits: [{ kind: 'set-status', itemId: 'performance-optimization', status: 'resolved' }],
    diff: [
      '-⚠️ Performance optimization (bundle size, CDN, caching layers)',
      '+✅ Performance optimization (bundle size, CDN, caching layers)',
    ],
    check: (t) => expect(find(t, 'performance-optimization').status).toBe('resolved'),
  },
  {
    name: 'set-status: ✅ → ⛔ (blocked) on an emoji line with fields',
    fixture: 'reference',
    edits: [{ kind: 'set-status', itemId: 'anthropic-retry-logic', status: 'blocked' }],
    diff: [
      '-✅ **Anthropic retry logic** (`src/lib/anthropic/rate-limiter.ts`)',
      '+⛔ **Anthropic retry logic** (`src/lib/anthropic/rate-limiter.ts`)',
    ],
    check: (t) => expect(find(t, 'anthropic-retry-logic').status).toBe('blocked'),
  },
  {
    name: 'set-status: 🔴 Open → 🟢 Fixed in a table',
    fixture: 'status-table',
    edits: [{ kind: 'set-status', itemId: 'KI-07', status: 'resolved' }],
    diff: [
      '-| KI-07 | P0 | Production build fails (`npm run build`) | 🔴 Open | 2026-05-17 | Missing `@/lib/mail` module |',
      '+| KI-07 | P0 | Production build fails (`npm run build`) | 🟢 Fixed | 2026-05-17 | Missing `@/lib/mail` module |',
    ],
    check: (t) => {
      expect(find(t, 'KI-07').status).toBe('resolved');
      expect(find(t, 'KI-07').fields.find((f) => f.key === 'Status')?.value).toBe('🟢 Fixed');
    },
  },
  {
    name: 'set-status: 🟡 In progress → 🔴 Open in a table',
    fixture: 'status-table',
    edits: [{ kind: 'set-status', itemId: 'KI-06', status: 'open' }],
    diff: [
      '-| KI-06 | P1 | 212 unit tests failing | 🟡 In progress | 2026-05-10 | Down from 340 |',
      '+| KI-06 | P1 | 212 unit tests failing | 🔴 Open | 2026-05-10 | Down from 340 |',
    ],
    check: (t) => expect(find(t, 'KI-06').status).toBe('open'),
  },
  {
    name: 'set-status: 🟢 Fixed → 🟡 In progress in a table',
    fixture: 'status-table',
    edits: [{ kind: 'set-status', itemId: 'KI-04', status: 'in_progress' }],
    diff: [
      '-| KI-04 | P2 | Slow cold start on Lambda | 🟢 Fixed | 2026-04-28 | Lazy-load the SDK |',
      '+| KI-04 | P2 | Slow cold start on Lambda | 🟡 In progress | 2026-04-28 | Lazy-load the SDK |',
    ],
    check: (t) => expect(find(t, 'KI-04').status).toBe('in_progress'),
  },
  {
    name: 'set-status: checkbox [ ] → [x]',
    fixture: 'checkbox-list',
    edits: [{ kind: 'set-status', itemId: 'bundle-size-above-500-kb', status: 'resolved' }],
    diff: ['-- [ ] Bundle size above 500 kB', '+- [x] Bundle size above 500 kB'],
    check: (t) => expect(find(t, 'bundle-size-above-500-kb').status).toBe('resolved'),
  },
  {
    name: 'set-status: checkbox [x] → [ ]',
    fixture: 'checkbox-list',
    edits: [{ kind: 'set-status', itemId: 'add-rate-limiting-to-the-public-api', status: 'open' }],
    diff: [
      '-- [x] Add rate limiting to the public API',
      '+- [ ] Add rate limiting to the public API',
    ],
    check: (t) => expect(find(t, 'add-rate-limiting-to-the-public-api').status).toBe('open'),
  },
  {
    name: "set-status: checkbox [ ] → won't fix keeps a mark that says so",
    fixture: 'checkbox-list',
    edits: [{ kind: 'set-status', itemId: 'bundle-size-above-500-kb', status: 'wont_fix' }],
    diff: ['-- [ ] Bundle size above 500 kB', '+- [x] ➖ Bundle size above 500 kB'],
    check: (t) => expect(find(t, 'bundle-size-above-500-kb').status).toBe('wont_fix'),
  },
  {
    name: 'set-status: checkbox [ ] → in progress adds 🚧',
    fixture: 'checkbox-list',
    edits: [{ kind: 'set-status', itemId: 'replace-moment-js', status: 'in_progress' }],
    diff: ['-- [ ] Replace moment.js', '+- [ ] 🚧 Replace moment.js'],
    check: (t) => expect(find(t, 'replace-moment-js').status).toBe('in_progress'),
  },
  {
    name: 'set-status: strikethrough unwrapped on reopen (checkbox + ~~**title**~~)',
    fixture: 'checkbox-list',
    edits: [{ kind: 'set-status', itemId: 'secrets-printed-in-deploy-logs', status: 'open' }],
    diff: [
      '-- [x] ~~**Secrets printed in deploy logs**~~ — fixed in v2.3.1',
      '+- [ ] **Secrets printed in deploy logs** — fixed in v2.3.1',
    ],
    check: (t) => {
      const item = find(t, 'secrets-printed-in-deploy-logs');
      expect(item.status).toBe('open');
      expect(item.marks.map((m) => m.kind)).toEqual(['checkbox']);
    },
  },
  {
    name: 'set-status: status word COMPLETE → OPEN → FIXED, emoji and strikethrough along',
    fixture: 'reference',
    edits: [
      { kind: 'set-status', itemId: 'security-hardening', status: 'open' },
      { kind: 'set-status', itemId: 'security-hardening', status: 'resolved' },
    ],
    diff: ['-✅ ~~Security hardening~~ - **COMPLETE**', '+✅ Security hardening - **FIXED**'],
    check: (t) => {
      const item = find(t, 'security-hardening');
      expect(item.status).toBe('resolved');
      expect(item.marks.map((m) => [m.kind, m.text])).toEqual([
        ['emoji', '✅'],
        ['word', 'FIXED'],
      ]);
    },
  },
  {
    name: 'set-status: status word COMPLETE → OPEN (reopen)',
    fixture: 'reference',
    edits: [{ kind: 'set-status', itemId: 'sentry-error-monitoring-2', status: 'open' }],
    diff: [
      '-✅ ~~Sentry error monitoring~~ - **COMPLETE**',
      '+⚠️ Sentry error monitoring - **OPEN**',
    ],
    check: (t) => {
      const item = find(t, 'sentry-error-monitoring-2');
      expect(item.status).toBe('open');
      expect(item.marks.map((m) => [m.kind, m.text])).toEqual([
        ['emoji', '⚠️'],
        ['word', 'OPEN'],
      ]);
    },
  },
  {
    name: 'set-status: Status field **Status:** OPEN → FIXED',
    fixture: 'heading-items',
    edits: [{ kind: 'set-status', itemId: 'KI-1', status: 'resolved' }],
    diff: [
      '-**Status:** OPEN | **Owner:** payments team',
      '+**Status:** FIXED | **Owner:** payments team',
    ],
    check: (t) => {
      expect(find(t, 'KI-1').status).toBe('resolved');
      expect(find(t, 'KI-1').fields[1]).toMatchObject({ key: 'Owner', value: 'payments team' });
    },
  },
  {
    name: 'set-status: Status field FIXED (date) → OPEN keeps the rest of the value',
    fixture: 'heading-items',
    edits: [{ kind: 'set-status', itemId: 'KI-2', status: 'open' }],
    diff: ['-**Status:** FIXED (2026-02-28)', '+**Status:** OPEN (2026-02-28)'],
    check: (t) => expect(find(t, 'KI-2').status).toBe('open'),
  },
  {
    name: 'set-status: Status field BLOCKED → IN PROGRESS',
    fixture: 'heading-items',
    edits: [{ kind: 'set-status', itemId: 'KI-4', status: 'in_progress' }],
    diff: [
      '-**Status:** BLOCKED — waiting on the design tokens release',
      '+**Status:** IN PROGRESS — waiting on the design tokens release',
    ],
    check: (t) => expect(find(t, 'KI-4').status).toBe('in_progress'),
  },
  {
    name: 'set-status: BLOCKED by … → unblocked',
    fixture: 'reference',
    edits: [{ kind: 'set-status', itemId: 'load-test-execution', status: 'open' }],
    diff: [
      '-⛔ **Load test execution** - BLOCKED by build issues',
      '+⚠️ **Load test execution** - was BLOCKED by build issues',
    ],
    check: (t) => {
      const item = find(t, 'load-test-execution');
      expect(item.status).toBe('open');
      expect(item.blockedBy).toEqual([]);
    },
  },
  {
    name: 'set-status: (blocked by: …) on a checkbox item → resolved',
    fixture: 'checkbox-list',
    edits: [{ kind: 'set-status', itemId: 'migrations-not-idempotent', status: 'resolved' }],
    diff: [
      '-- [ ] **Migrations not idempotent** (blocked by: Build fails on Node 24)',
      '+- [x] **Migrations not idempotent** (was blocked by: Build fails on Node 24)',
    ],
    check: (t) => expect(find(t, 'migrations-not-idempotent').status).toBe('resolved'),
  },
  // --- set-field
  {
    name: 'set-field: existing field of an emoji line',
    fixture: 'reference',
    edits: [
      { kind: 'set-field', itemId: 'production-build-fails', key: 'Est. Fix', value: '1 hour' },
    ],
    diff: ['-   - Est. Fix: 2-16 hours depending on approach', '+   - Est. Fix: 1 hour'],
    check: (t) =>
      expect(fieldsOf(find(t, 'production-build-fails')).at(-1)).toEqual(['Est. Fix', '1 hour']),
  },
  {
    name: 'set-field: existing field with a nested list value (key matched case-insensitively)',
    fixture: 'reference',
    edits: [
      {
        kind: 'set-field',
        itemId: 'production-build-fails',
        key: 'impact',
        value: 'Nothing ships',
      },
    ],
    diff: [
      '-     - ⛔ Cannot create production bundle',
      '-     - ⛔ Cannot start production server',
      '-     - ⛔ Cannot execute load tests',
      '-     - ⛔ Cannot deploy to production',
      '+     Nothing ships',
    ],
    check: (t) => {
      const item = find(t, 'production-build-fails');
      expect(fieldsOf(item).map(([k]) => k)).toEqual([
        'Status',
        'Issue',
        'Missing modules',
        'Impact',
        'Action Required',
        'Details',
        'Est. Fix',
      ]);
      expect(fieldsOf(item)[3]).toEqual(['Impact', 'Nothing ships']);
    },
  },
  {
    name: 'set-field: new field on an emoji line with fields',
    fixture: 'reference',
    edits: [
      { kind: 'set-field', itemId: 'production-build-fails', key: 'Owner', value: 'platform team' },
    ],
    diff: ['+   - Owner: platform team'],
    check: (t) =>
      expect(fieldsOf(find(t, 'production-build-fails')).at(-1)).toEqual([
        'Owner',
        'platform team',
      ]),
  },
  {
    name: 'set-field: new field on an emoji line without fields, mid-paragraph',
    fixture: 'reference',
    edits: [
      { kind: 'set-field', itemId: 'performance-optimization', key: 'Owner', value: 'web team' },
    ],
    diff: ['+   - Owner: web team', '+'],
    check: (t) => {
      expect(fieldsOf(find(t, 'performance-optimization'))).toEqual([['Owner', 'web team']]);
      expect(find(t, 'test-coverage-improvement').status).toBe('open');
    },
  },
  {
    name: 'set-field: new field on the last emoji line of a paragraph',
    fixture: 'reference',
    edits: [
      { kind: 'set-field', itemId: 'test-coverage-improvement', key: 'Owner', value: 'web team' },
    ],
    diff: ['+   - Owner: web team'],
    check: (t) =>
      expect(fieldsOf(find(t, 'test-coverage-improvement'))).toEqual([['Owner', 'web team']]),
  },
  {
    name: 'set-field: existing field of a heading item, two fields on the line',
    fixture: 'heading-items',
    edits: [{ kind: 'set-field', itemId: 'KI-1', key: 'Owner', value: 'infra team' }],
    diff: [
      '-**Status:** OPEN | **Owner:** payments team',
      '+**Status:** OPEN | **Owner:** infra team',
    ],
    check: (t) =>
      expect(fieldsOf(find(t, 'KI-1')).slice(0, 2)).toEqual([
        ['Status', 'OPEN'],
        ['Owner', 'infra team'],
      ]),
  },
  {
    name: 'set-field: new field on a heading item',
    fixture: 'heading-items',
    edits: [{ kind: 'set-field', itemId: 'KI-2', key: 'Owner', value: 'data team' }],
    diff: ['+**Owner:** data team'],
    check: (t) => expect(fieldsOf(find(t, 'KI-2')).at(-1)).toEqual(['Owner', 'data team']),
  },
  {
    name: 'set-field: new field on a heading item with a list of notes',
    fixture: 'heading-items',
    edits: [{ kind: 'set-field', itemId: 'KI-3', key: 'Owner', value: 'qa' }],
    diff: ['+**Owner:** qa'],
    check: (t) => {
      expect(fieldsOf(find(t, 'KI-3')).at(-1)).toEqual(['Owner', 'qa']);
      expect(find(t, 'KI-3').text).toContain('- 11 failures in `web/src/cart.test.tsx`');
    },
  },
  {
    name: 'set-field: new field on a list item without fields',
    fixture: 'checkbox-list',
    edits: [
      { kind: 'set-field', itemId: 'bundle-size-above-500-kb', key: 'Est. fix', value: '2 days' },
    ],
    diff: ['+  - Est. fix: 2 days'],
    check: (t) => {
      expect(fieldsOf(find(t, 'bundle-size-above-500-kb'))).toEqual([['Est. fix', '2 days']]);
      expect(find(t, 'add-rate-limiting-to-the-public-api').status).toBe('resolved');
    },
  },
  {
    name: 'set-field: new field on a list item with fields',
    fixture: 'checkbox-list',
    edits: [
      { kind: 'set-field', itemId: 'build-fails-on-node-24', key: 'Owner', value: 'cli team' },
    ],
    diff: ['+  - Owner: cli team'],
    check: (t) =>
      expect(fieldsOf(find(t, 'build-fails-on-node-24'))).toEqual([
        ['Est. fix', '1 day'],
        ['Owner', 'cli team'],
      ]),
  },
  {
    name: 'set-field: a table cell',
    fixture: 'status-table',
    edits: [{ kind: 'set-field', itemId: 'KI-05', key: 'Notes', value: 'Rig arrives 2026-06-01' }],
    diff: [
      '-| KI-05 | P1 | Memory leak in websocket hub | ⛔ Blocked | 2026-05-02 | Needs the new load test rig |',
      '+| KI-05 | P1 | Memory leak in websocket hub | ⛔ Blocked | 2026-05-02 | Rig arrives 2026-06-01 |',
    ],
    check: (t) =>
      expect(fieldsOf(find(t, 'KI-05')).at(-1)).toEqual(['Notes', 'Rig arrives 2026-06-01']),
  },
  // --- set-issue
  {
    name: 'set-issue: new, on an emoji line',
    fixture: 'reference',
    edits: [{ kind: 'set-issue', itemId: 'performance-optimization', number: 412 }],
    diff: [
      '-⚠️ Performance optimization (bundle size, CDN, caching layers)',
      '+⚠️ Performance optimization (#412) (bundle size, CDN, caching layers)',
    ],
    check: (t) => {
      expect(find(t, 'performance-optimization').issue?.number).toBe(412);
      expect(find(t, 'performance-optimization').title).toBe('Performance optimization');
    },
  },
  {
    name: 'set-issue: new with a URL after a bold title',
    fixture: 'reference',
    edits: [
      {
        kind: 'set-issue',
        itemId: 'production-build-fails',
        number: 7,
        url: 'https://github.com/o/r/issues/7',
      },
    ],
    diff: [
      '-⚠️ **Production Build Fails** (Discovered 2026-01-28 during load test prep)',
      '+⚠️ **Production Build Fails** ([#7](https://github.com/o/r/issues/7)) (Discovered 2026-01-28 during load test prep)',
    ],
    check: (t) => {
      const item = find(t, 'production-build-fails');
      expect(item.issue?.number).toBe(7);
      expect(item.dates.map((d) => d.date)).toEqual(['2026-01-28']);
    },
  },
  {
    name: 'set-issue: replacing a link',
    fixture: 'reference',
    edits: [
      {
        kind: 'set-issue',
        itemId: 'production-build-fails',
        number: 7,
        url: 'https://github.com/o/r/issues/7',
      },
      {
        kind: 'set-issue',
        itemId: 'production-build-fails',
        number: 9,
        url: 'https://github.com/o/r/issues/9',
      },
    ],
    diff: [
      '-⚠️ **Production Build Fails** (Discovered 2026-01-28 during load test prep)',
      '+⚠️ **Production Build Fails** ([#9](https://github.com/o/r/issues/9)) (Discovered 2026-01-28 during load test prep)',
    ],
    check: (t) => expect(find(t, 'production-build-fails').issue?.number).toBe(9),
  },
  {
    name: 'set-issue: new, on a list item, then replaced',
    fixture: 'checkbox-list',
    edits: [
      { kind: 'set-issue', itemId: 'replace-moment-js', number: 5 },
      { kind: 'set-issue', itemId: 'replace-moment-js', number: 6 },
    ],
    diff: ['-- [ ] Replace moment.js', '+- [ ] Replace moment.js (#6)'],
    check: (t) => expect(find(t, 'replace-moment-js').issue?.number).toBe(6),
  },
  {
    name: 'set-issue: new, on a heading item',
    fixture: 'heading-items',
    edits: [{ kind: 'set-issue', itemId: 'KI-3', number: 77 }],
    diff: [
      '-### KI-3: `npm test` reports 41 failing tests',
      '+### KI-3: `npm test` reports 41 failing tests (#77)',
    ],
    check: (t) => {
      expect(find(t, 'KI-3').issue?.number).toBe(77);
      expect(find(t, 'KI-3').title).toBe('npm test reports 41 failing tests');
    },
  },
  {
    name: 'set-issue: new, in a table title cell',
    fixture: 'status-table',
    edits: [{ kind: 'set-issue', itemId: 'KI-07', number: 77 }],
    diff: [
      '-| KI-07 | P0 | Production build fails (`npm run build`) | 🔴 Open | 2026-05-17 | Missing `@/lib/mail` module |',
      '+| KI-07 | P0 | Production build fails (#77) (`npm run build`) | 🔴 Open | 2026-05-17 | Missing `@/lib/mail` module |',
    ],
    check: (t) => expect(find(t, 'KI-07').issue?.number).toBe(77),
  },
  // --- replace-text
  {
    name: 'replace-text: a phrase in a field',
    fixture: 'reference',
    edits: [
      {
        kind: 'replace-text',
        itemId: 'test-coverage-improvement',
        find: '328 failures',
        replace: '12 failures',
      },
    ],
    diff: [
      '-⚠️ Test coverage improvement (328 failures remaining)',
      '+⚠️ Test coverage improvement (12 failures remaining)',
    ],
    check: (t) =>
      expect(find(t, 'test-coverage-improvement').text).toContain('(12 failures remaining)'),
  },
  {
    name: 'replace-text: a phrase in a nested note',
    fixture: 'reference',
    edits: [
      {
        kind: 'replace-text',
        itemId: 'zustand-version-conflict',
        find: '30 minutes',
        replace: '45 minutes',
      },
    ],
    diff: ['-   - Est. Fix: 30 minutes', '+   - Est. Fix: 45 minutes'],
    check: (t) =>
      expect(fieldsOf(find(t, 'zustand-version-conflict')).at(-1)).toEqual([
        'Est. Fix',
        '45 minutes',
      ]),
  },
  // --- set-last-updated
  {
    name: 'set-last-updated: **Last Updated**: date',
    fixture: 'reference',
    edits: [{ kind: 'set-last-updated', date: '2026-02-03' }],
    diff: ['-**Last Updated**: 2026-01-28', '+**Last Updated**: 2026-02-03'],
    check: (t) => expect(t.lastUpdated?.date).toBe('2026-02-03'),
  },
  {
    name: 'set-last-updated: _Updated date_',
    fixture: 'checkbox-list',
    edits: [{ kind: 'set-last-updated', date: '2026-04-12' }],
    diff: ['-_Updated 2026-04-11_', '+_Updated 2026-04-12_'],
    check: (t) => expect(t.lastUpdated?.date).toBe('2026-04-12'),
  },
  {
    name: 'set-last-updated: **Last Updated:** date',
    fixture: 'heading-items',
    edits: [{ kind: 'set-last-updated', date: '2026-03-09' }],
    diff: ['-**Last Updated:** 2026-03-02', '+**Last Updated:** 2026-03-09'],
    check: (t) => expect(t.lastUpdated?.date).toBe('2026-03-09'),
  },
  {
    name: 'set-last-updated: Last updated: date',
    fixture: 'status-table',
    edits: [{ kind: 'set-last-updated', date: '2026-05-20' }],
    diff: ['-Last updated: 2026-05-19', '+Last updated: 2026-05-20'],
    check: (t) => expect(t.lastUpdated?.date).toBe('2026-05-20'),
  },
  // --- move (single-line items: the diff is exact; multi-line moves are checked in full below)
  {
    name: 'move: a single line into the existing Recently Fixed section',
    fixture: 'reference',
    edits: [
      { kind: 'set-status', itemId: 'load-test-execution', status: 'resolved' },
      { kind: 'move', itemId: 'load-test-execution', to: { kind: 'fixed', date: '2026-01-28' } },
    ],
    diff: [
      '+✅ **Load test execution** - was BLOCKED by build issues',
      '-⛔ **Load test execution** - BLOCKED by build issues',
    ],
    check: (t) => {
      expect(sectionOf(t, 'load-test-execution').heading).toBe('Recently Fixed (2026-01-28)');
      expect(t.sections[0]!.items.map((i) => i.id)).toEqual([
        'load-test-execution',
        ...parse(fixture('reference')).sections[0]!.items.map((i) => i.id),
      ]);
      expect(find(t, 'load-test-execution').status).toBe('resolved');
    },
  },
];

describe('each edit kind changes exactly the expected lines', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const text = fixture(c.fixture);
    const before = parse(text);
    const after = applyEdits(text, c.edits);
    expect(lineDiff(text, after)).toEqual(c.diff);
    const reparsed = parse(after);
    c.check(reparsed, before);
    const touched = c.edits.flatMap((e) => ('itemId' in e ? [e.itemId] : []));
    if (!c.edits.some((e) => e.kind === 'move')) othersUnchanged(before, reparsed, touched);
    // Planning the same edits again finds nothing left to do.
    expect(applyEdits(after, c.edits)).toBe(after);
  });

  it.each(CASES.filter((c) => c.fixture === 'reference').map((c) => [c.name, c] as const))(
    'CRLF keeps every line ending CRLF: %s',
    (_name, c) => {
      const crlf = fixture('crlf');
      const after = applyEdits(crlf, c.edits);
      expect(after).not.toBe(crlf);
      expect(after.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      expect(after).toBe(applyEdits(fixture('reference'), c.edits).replace(/\n/g, '\r\n'));
      expect(parse(after).eol).toBe('\r\n');
    },
  );

  it.each(CASES.filter((c) => c.fixture === 'reference').map((c) => [c.name, c] as const))(
    'BOM is kept: %s',
    (_name, c) => {
      const bom = fixture('bom');
      const after = applyEdits(bom, c.edits);
      expect(after.startsWith('\uFEFF')).toBe(true);
      expect(after).toBe(`\uFEFF${applyEdits(fixture('reference'), c.edits)}`);
      expect(parse(after).bom).toBe(true);
    },
  );
});

describe('a new priority section at the end of the file', () => {
  const toP0 = (text: string) =>
    applyEdits(text, [
      { kind: 'move', itemId: 'lazy-load', to: { kind: 'priority', priority: 'P0' } },
    ]);

  it('ends as the file did: with its final line break, or without one', () => {
    const text = '# TODO\n\n## Performance\n- [x] Lazy-load\n- [ ] Trim CSS\n';
    expect(toP0(text)).toBe(
      '# TODO\n\n## Performance\n- [ ] Trim CSS\n\n## P0 Outstanding\n\n- [x] Lazy-load\n',
    );
    expect(toP0(text.trimEnd())).toBe(
      '# TODO\n\n## Performance\n- [ ] Trim CSS\n\n## P0 Outstanding\n\n- [x] Lazy-load',
    );
  });
});

describe('a heading item moved into a section of other items', () => {
  const to = { kind: 'fixed', date: '2026-04-12' } as const;
  const move = (text: string) => applyEdits(text, [{ kind: 'move', itemId: 'KI-4', to }]);

  it('goes after the lines it would take in, so every item is still read', () => {
    const text = [
      '# Known Issues',
      '',
      '### KI-4: Login Loop - Mixed Cookies',
      '**Status:** OPEN',
      '',
      '## Recently Fixed (2026-04-12)',
      '',
      '- [x] Stage B — billing',
      '',
      '## Notes',
      '',
      'Kept as written.',
      '',
    ].join('\n');
    const after = move(text);
    expect(after).toBe(
      [
        '# Known Issues',
        '',
        '## Recently Fixed (2026-04-12)',
        '',
        '- [x] Stage B — billing',
        '',
        '### KI-4: Login Loop - Mixed Cookies',
        '**Status:** OPEN',
        '',
        '## Notes',
        '',
        'Kept as written.',
        '',
      ].join('\n'),
    );
    expect(summary(parse(after)).sort()).toEqual(summary(parse(text)).sort());
  });

  it('at the end of the file too, and before another heading item as before', () => {
    const tail =
      '# Known Issues\n\n### KI-4: Login Loop\n\n## Recently Fixed (2026-04-12)\n\n- [x] Stage B\n';
    expect(move(tail)).toBe(
      '# Known Issues\n\n## Recently Fixed (2026-04-12)\n\n- [x] Stage B\n\n### ⚠️ KI-4: Login Loop\n',
    );
    const headings =
      '# Known Issues\n\n### KI-4: Login Loop\n\n## Recently Fixed (2026-04-12)\n\n### KI-1: Old\n';
    expect(move(headings)).toBe(
      '# Known Issues\n\n## Recently Fixed (2026-04-12)\n\n### ⚠️ KI-4: Login Loop\n\n### KI-1: Old\n',
    );
  });
});

describe('move', () => {
  const text = fixture('reference');
  const lines = text.split('\n');
  /** Lines `from`..`to` (1-based, inclusive) of the reference. */
  const L = (from: number, to: number) => lines.slice(from - 1, to);

  it('creates a new Recently Fixed section before the first fixed one', () => {
    const edits: TrackerEdit[] = [
      { kind: 'set-status', itemId: 'production-build-fails', status: 'resolved' },
      { kind: 'move', itemId: 'production-build-fails', to: { kind: 'fixed', date: '2026-02-01' } },
    ];
    const after = applyEdits(text, edits);
    const moved = L(22, 36);
    moved[0] = moved[0]!.replace('⚠️', '✅');
    expect(after.split('\n')).toEqual([
      ...L(1, 6),
      '## Recently Fixed (2026-02-01)',
      '',
      ...moved,
      '',
      ...L(7, 21),
      ...L(38, 79),
      '',
    ]);
    const t = parse(after);
    expect(t.sections[0]).toMatchObject({
      heading: 'Recently Fixed (2026-02-01)',
      kind: 'fixed',
      date: '2026-02-01',
      depth: 2,
    });
    expect(t.sections[0]!.items.map((i) => [i.id, i.status])).toEqual([
      ['production-build-fails', 'resolved'],
    ]);
    expect(fieldsOf(find(t, 'production-build-fails'))).toEqual(
      fieldsOf(find(parse(text), 'production-build-fails')),
    );
    expect(sectionOf(t, 'zustand-version-conflict').items.map((i) => i.id)).toEqual([
      'zustand-version-conflict',
    ]);
    expect(applyEdits(after, edits)).toBe(after);
  });

  it('uses the heading a caller names', () => {
    const after = applyEdits(text, [
      {
        kind: 'move',
        itemId: 'zustand-version-conflict',
        to: { kind: 'fixed', date: '2026-02-01', heading: 'Fixed' },
      },
    ]);
    expect(after).toContain('\n## Fixed (2026-02-01)\n\n⚠️ **Zustand Version Conflict**');
    expect(parse(after).sections[0]!.heading).toBe('Fixed (2026-02-01)');
  });

  it('moves an item with fields into an existing section, a blank line after it', () => {
    const after = applyEdits(text, [
      {
        kind: 'move',
        itemId: 'zustand-version-conflict',
        to: { kind: 'fixed', date: '2026-01-28' },
      },
    ]);
    expect(after.split('\n')).toEqual([
      ...L(1, 8),
      ...L(38, 43),
      '',
      ...L(9, 37),
      ...L(45, 79),
      '',
    ]);
    const t = parse(after);
    expect(t.sections[0]!.items.map((i) => i.id).slice(0, 2)).toEqual([
      'zustand-version-conflict',
      'email-service-implementation',
    ]);
    expect(t.sections[0]!.items).toHaveLength(11);
    expect(fieldsOf(find(t, 'zustand-version-conflict'))).toHaveLength(5);
  });

  it('moves a reopened item back to the outstanding section of its priority', () => {
    const edits: TrackerEdit[] = [
      { kind: 'set-status', itemId: 'anthropic-retry-logic', status: 'open' },
      {
        kind: 'move',
        itemId: 'anthropic-retry-logic',
        to: { kind: 'outstanding', priority: 'P1' },
      },
    ];
    const after = applyEdits(text, edits);
    const moved = L(69, 73);
    moved[0] = moved[0]!.replace('✅', '⚠️');
    expect(after.split('\n')).toEqual([...L(1, 46), ...moved, '', ...L(47, 68), ...L(75, 79), '']);
    const t = parse(after);
    expect(sectionOf(t, 'anthropic-retry-logic').heading).toBe(
      'P1 Outstanding (Production Enhancement)',
    );
    expect(find(t, 'anthropic-retry-logic')).toMatchObject({ status: 'open', priority: 'P1' });
    expect(sectionOf(t, 'sentry-error-monitoring-2').items).toHaveLength(6);
  });

  it('moves a list item with its fields to a new section at the end', () => {
    const list = fixture('checkbox-list');
    const l = list.split('\n');
    const after = applyEdits(list, [
      { kind: 'set-status', itemId: 'build-fails-on-node-24', status: 'resolved' },
      { kind: 'move', itemId: 'build-fails-on-node-24', to: { kind: 'fixed', date: '2026-04-12' } },
    ]);
    expect(after.split('\n').slice(0, 21)).toEqual([
      ...l.slice(0, 6),
      ...l.slice(8, 20),
      '',
      '## Recently Fixed (2026-04-12)',
      '',
    ]);
    const t = parse(after);
    expect(t.sections.at(-1)!.items.map((i) => [i.id, i.status, i.family])).toEqual([
      ['build-fails-on-node-24', 'resolved', 'list-item'],
    ]);
    expect(fieldsOf(find(t, 'build-fails-on-node-24'))).toEqual([['Est. fix', '1 day']]);
    expect(allItems(t)).toHaveLength(7);
  });

  it('moves heading items with their notes', () => {
    const headings = fixture('heading-items');
    const after = applyEdits(headings, [
      { kind: 'move', itemId: 'KI-1', to: { kind: 'fixed', date: '2026-03-09' } },
      { kind: 'move', itemId: 'KI-3', to: { kind: 'fixed', date: '2026-03-09' } },
    ]);
    const t = parse(after);
    expect(t.sections.map((s) => [s.heading, s.items.map((i) => i.id)])).toEqual([
      ['Critical', ['KI-2']],
      ['High', ['KI-4']],
      ['Low', ['KI-5']],
      ['Recently Fixed (2026-03-09)', ['KI-3', 'KI-1']],
    ]);
    expect(fieldsOf(find(t, 'KI-1'))).toEqual(fieldsOf(find(parse(headings), 'KI-1')));
    expect(find(t, 'KI-3').text).toContain('- 11 failures in `web/src/cart.test.tsx`');
    // The new section closes the file as the file closed before: one line break, no blank line.
    expect(headings.endsWith('WONTFIX\n')).toBe(true);
    expect(after.endsWith('batch the tax lookups.\n')).toBe(true);
  });

  it('moves the same way in the CRLF and BOM copies, line endings and BOM kept', () => {
    const moves: TrackerEdit[][] = [
      [
        {
          kind: 'move',
          itemId: 'production-build-fails',
          to: { kind: 'fixed', date: '2026-02-01' },
        },
      ],
      [
        {
          kind: 'move',
          itemId: 'zustand-version-conflict',
          to: { kind: 'fixed', date: '2026-01-28' },
        },
      ],
      [
        {
          kind: 'move',
          itemId: 'anthropic-retry-logic',
          to: { kind: 'outstanding', priority: 'P1' },
        },
      ],
      [
        {
          kind: 'move',
          itemId: 'test-coverage-improvement',
          to: { kind: 'fixed', date: '2026-02-01' },
        },
      ],
    ];
    for (const edits of moves) {
      const lf = applyEdits(text, edits);
      expect(lf).not.toBe(text);
      const crlf = applyEdits(fixture('crlf'), edits);
      expect(crlf.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      expect(crlf).toBe(lf.replace(/\n/g, '\r\n'));
      expect(applyEdits(fixture('bom'), edits)).toBe(`\uFEFF${lf}`);
    }
  });
});

describe('a new field never swallows the next line of a paragraph', () => {
  const text = [
    '## P1 Outstanding',
    '',
    '⚠️ **Thing** (#4)',
    'more detail about the thing',
    '⚠️ **Other**',
    '',
  ].join('\n');

  it("goes after the item's last line, with a blank line before the next item", () => {
    const after = applyEdits(text, [
      { kind: 'set-field', itemId: 'thing', key: 'Owner', value: 'me' },
    ]);
    expect(lineDiff(text, after)).toEqual(['+   - Owner: me', '+']);
    const t = parse(after);
    expect(allItems(t).map((i) => [i.id, i.status, fieldsOf(i)])).toEqual([
      ['thing', 'open', [['Owner', 'me']]],
      ['other', 'open', []],
    ]);
    expect(find(t, 'thing').text).toContain('more detail about the thing');
    // In CRLF the blank line is CRLF too.
    const crlf = applyEdits(text.replace(/\n/g, '\r\n'), [
      { kind: 'set-field', itemId: 'thing', key: 'Owner', value: 'me' },
    ]);
    expect(crlf).toBe(after.replace(/\n/g, '\r\n'));
  });
});

describe('after set-status the parsed status is the requested one', () => {
  const statuses = Status.options;
  const cases: [string, string, ParseOptions][] = [
    ...FIXTURES.map(
      (name) => [name, fixture(name), optionsFor(name)] as [string, string, ParseOptions],
    ),
    ['edge cases', EDGE, {}],
  ];

  // crlf and bom are the reference tracker with other line breaks or a BOM: one status per
  // item there (the next one in turn) covers what they add; the reference has every status.
  const variants = new Set(['crlf', 'bom']);

  it.each(cases)('%s', (name, text, options) => {
    const before = parse(text, options);
    expect(allItems(before).length).toBeGreaterThan(0);
    for (const [n, item] of allItems(before).entries()) {
      const others = statuses.filter((s) => s !== item.status);
      for (const status of variants.has(name) ? [others[n % others.length]!] : others) {
        // What applyEdits does for one edit, without parsing the unchanged text again.
        const edit: TrackerEdit = { kind: 'set-status', itemId: item.id, status };
        const after = applySplices(text, splicesFor(text, before, edit));
        const reparsed = parse(after, options);
        const label = `${item.id} → ${status}: ${after.slice(item.range.start.offset, item.range.end.offset + 20)}`;
        // The status reads back as requested, so planning again gives nothing (set-status of
        // the current status is a no-op, see above).
        expect(find(reparsed, item.id).status, label).toBe(status);
        expect(summary(reparsed).length, label).toBe(summary(before).length);
        othersUnchanged(before, reparsed, [item.id]);
      }
    }
  });

  it('keeps the traffic-light palette and writes into a table status cell', () => {
    const light = applyEdits(EDGE, [
      { kind: 'set-status', itemId: 'login-fails-on-safari', status: 'in_progress' },
    ]);
    expect(lineDiff(EDGE, light)).toEqual([
      '-🔴 Login fails on Safari',
      '+🟡 Login fails on Safari',
    ]);
    const cell = applyEdits(EDGE, [{ kind: 'set-status', itemId: 'A-1', status: 'resolved' }]);
    expect(lineDiff(EDGE, cell)).toEqual([
      '-| A-1 | Flaky upload | TBD | retry? |',
      '+| A-1 | Flaky upload | ✅ TBD | retry? |',
    ]);
    const plain = applyEdits(EDGE, [
      { kind: 'set-status', itemId: 'plain-item-without-a-mark', status: 'resolved' },
    ]);
    expect(lineDiff(EDGE, plain)).toEqual([
      '-- Plain item without a mark',
      '+- ✅ Plain item without a mark',
    ]);
  });
});

// Two cases the batching property found: each edit must see what the edits before it did.
describe('later edits address items where earlier edits left them', () => {
  it('a move that renumbers same-title ids: the next edit follows the id, not the old line', () => {
    const text = fixture('reference');
    const after = applyEdits(text, [
      {
        kind: 'move',
        itemId: 'sentry-error-monitoring-2',
        to: { kind: 'fixed', date: '2026-01-28' },
      },
      // After the move the P1 item comes first, so it is now `sentry-error-monitoring`.
      { kind: 'set-issue', itemId: 'sentry-error-monitoring', number: 1 },
    ]);
    expect(after).toContain('✅ ~~Sentry error monitoring~~ (#1) - **COMPLETE**');
    expect(after).toContain('✅ Sentry error monitoring (client, server, edge configs)\n');
  });

  it('a move next to an item that just got a field takes the blank line the field added', () => {
    const text = fixture('reference');
    const edits: TrackerEdit[] = [
      { kind: 'set-field', itemId: 'input-sanitization', key: 'Owner', value: 'Dana' },
      { kind: 'move', itemId: 'load-testing-suite', to: { kind: 'outstanding', priority: 'P0' } },
    ];
    const oneByOne = edits.reduce((t, edit) => applyEdits(t, [edit]), text);
    expect(applyEdits(text, edits)).toBe(oneByOne);
    expect(oneByOne).toContain(
      '✅ Input sanitization (10 sanitization functions)\n   - Owner: Dana\n\n## P0 Outstanding',
    );
  });

  it('a status set on a table cell just rewritten by set-field', () => {
    const text = fixture('status-table');
    const after = applyEdits(text, [
      { kind: 'set-status', itemId: 'KI-07', status: 'blocked' },
      // The cell no longer reads blocked, so the next set-status is not a no-op.
      { kind: 'set-field', itemId: 'KI-07', key: 'Status', value: 'Needs triage' },
      { kind: 'set-status', itemId: 'KI-07', status: 'blocked' },
    ]);
    expect(lineDiff(text, after)).toEqual([
      '-| KI-07 | P0 | Production build fails (`npm run build`) | 🔴 Open | 2026-05-17 | Missing `@/lib/mail` module |',
      '+| KI-07 | P0 | Production build fails (`npm run build`) | ⛔ Needs triage | 2026-05-17 | Missing `@/lib/mail` module |',
    ]);
  });
});
