import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { planCommand } from '../../src/plan-command.js';
import {
  Status,
  allItems,
  applyEdits,
  applySplices,
  lintTracker,
  parseTracker,
  splicesFor,
  type ParseOptions,
  type Tracker,
  type TrackerEdit,
} from '../../src/tracker/index.js';
import { REAL_SHAPE_FILES, lineDiff, realShape } from './helpers.js';

const parse = (text: string, options: ParseOptions = {}) => parseTracker(text, options).tracker;
const facts = (t: Tracker) => allItems(t).map((i) => [i.id, i.title, i.status, i.priority]);

/** Every file as the action reads it: M1 and M2 also through their "Known Issues" section. */
const READINGS: [string, ParseOptions][] = [
  ...REAL_SHAPE_FILES.map((f) => [f, {}] as [string, ParseOptions]),
  ['M1-embedded-scope.md', { section: 'Known Issues' }],
  ['M2-section-flag-drops-bullets.md', { section: 'Known Issues' }],
];
const label = ([file, options]: [string, ParseOptions]) =>
  options.section ? `${file} --section "${options.section}"` : file;

describe('edits on every real tracker shape', () => {
  it.each(READINGS.map((r) => [label(r), ...r] as const))(
    '%s: no-op edits give back the same bytes, and lint finds no error',
    (_name, file, options) => {
      const text = realShape(file);
      const tracker = parse(text, options);
      const edits: TrackerEdit[] = allItems(tracker).flatMap((item) => [
        { kind: 'set-status', itemId: item.id, status: item.status } as const,
        ...item.fields.map(
          (f) => ({ kind: 'set-field', itemId: item.id, key: f.key, value: f.value }) as const,
        ),
        ...(item.issue
          ? [{ kind: 'set-issue', itemId: item.id, number: item.issue.number } as const]
          : []),
      ]);
      for (const edit of edits)
        expect(splicesFor(text, tracker, edit), JSON.stringify(edit)).toEqual([]);
      expect(applyEdits(text, edits, options)).toBe(text);
      const errors = lintTracker(text, options).diagnostics.filter((d) => d.severity === 'error');
      expect(errors).toEqual([]);
    },
  );

  it.each(READINGS.map((r) => [label(r), ...r] as const))(
    '%s: set-status to every status reads back, and nothing else changes',
    (_name, file, options) => {
      const text = realShape(file);
      const before = parse(text, options);
      for (const item of allItems(before)) {
        for (const status of Status.options.filter((s) => s !== item.status)) {
          const edit: TrackerEdit = { kind: 'set-status', itemId: item.id, status };
          const after = applySplices(text, splicesFor(text, before, edit));
          const reparsed = parse(after, options);
          const what = `${item.id} → ${status}:\n${after}`;
          const others = (t: Tracker) => facts(t).filter(([id]) => id !== item.id);
          expect(allItems(reparsed).find((i) => i.id === item.id)?.status, what).toBe(status);
          expect(others(reparsed), what).toEqual(others(before));
          // And back: the round trip ends where it started, in the item's own spelling.
          const back = applyEdits(after, [{ ...edit, status: item.status }], options);
          expect(
            parse(back, options)
              .sections.flatMap((s) => s.items)
              .map((i) => i.status),
          ).toEqual(allItems(before).map((i) => i.status));
        }
      }
    },
  );

  it('plan --write with no evidence leaves every file byte-identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ki-shapes-'));
    // The command's own output is not what this checks.
    const quiet = [vi.spyOn(process.stdout, 'write'), vi.spyOn(process.stderr, 'write')];
    quiet.forEach((spy) => spy.mockImplementation(() => true));
    try {
      for (const [file, options] of READINGS) {
        const path = join(dir, file);
        writeFileSync(path, realShape(file));
        const section = options.section ? ['--section', options.section] : [];
        expect(await planCommand([path, '--write', '--now', '2026-11-25', ...section])).toBe(0);
        expect(readFileSync(path, 'utf8'), label([file, options])).toBe(realShape(file));
      }
    } finally {
      quiet.forEach((spy) => spy.mockRestore());
    }
  });
});

/** The lines one set-status changes in a file. */
const statusDiff = (file: string, itemId: string, status: Status, options: ParseOptions = {}) =>
  lineDiff(
    realShape(file),
    applyEdits(realShape(file), [{ kind: 'set-status', itemId, status }], options),
  );

describe('set-status writes each new shape in its own spelling', () => {
  it.each([
    [
      'an emoji section heading: its checkbox',
      'A-emoji-section-heading.md',
      'login-button-unresponsive-on-tablets',
      'resolved',
      [
        '-- [ ] Login button unresponsive on tablets',
        '+- [x] Login button unresponsive on tablets',
      ],
    ],
    [
      'an emoji item heading: emoji, strikethrough and word',
      'A2-emoji-item-heading-keep.md',
      'fix-1-cookie-flags-on-login',
      'open',
      [
        '-## ✅ ~~Fix #1: Cookie flags on login~~ **FIXED**',
        '+## ⚠️ Fix #1: Cookie flags on login **OPEN**',
      ],
    ],
    [
      'a status in the description cell',
      'B-table-without-status-column.md',
      'W-1',
      'open',
      [
        '-| W-1 | Dark theme | ✅ Done — shipped in 2.1 | 🟢 Low |',
        '+| W-1 | Dark theme | ⚠️ Open — shipped in 2.1 | 🟢 Low |',
      ],
    ],
    [
      'a row with no status cell: an emoji leads its title',
      'B-table-without-status-column.md',
      'W-2',
      'resolved',
      [
        '-| W-2 | CSV export | Export the report grid | 🔴 High |',
        '+| W-2 | ✅ CSV export | Export the report grid | 🔴 High |',
      ],
    ],
    [
      'a plain bullet in a tracker',
      'C-plain-bullets-unrecognised-heading.md',
      'only-one-workspace-per-account',
      'wont_fix',
      ['-- Only one workspace per account.', '+- ➖ Only one workspace per account.'],
    ],
    [
      'a setext list item',
      'C2-setext-category-headings.md',
      'decode-percent-encoded-paths',
      'in_progress',
      ['-* Decode percent-encoded paths', '+* 🚧 Decode percent-encoded paths'],
    ],
    [
      'an issue heading without an id',
      'D-keyword-heading-detail-bullets.md',
      'cache-never-expires',
      'resolved',
      ['-### Issue #1: Cache never expires', '+### ✅ Issue #1: Cache never expires'],
    ],
    [
      'a numbered heading',
      'E-issue-heading-without-status.md',
      'upload-fails-on-slow-links',
      'resolved',
      ['-## 1. Upload fails on slow links', '+## ✅ 1. Upload fails on slow links'],
    ],
    [
      'a Status field under an id with a date',
      'I-id-with-date.md',
      'BUG-2025-03-14-EXPORT-CRASH',
      'open',
      ['-- Status: resolved', '+- Status: open'],
    ],
    [
      'a hand-written checkbox [✅] and its word',
      'L-malformed-checkbox.md',
      'lazy-load-images',
      'open',
      ['-- [✅] **Lazy-load images** done', '+- [ ] **Lazy-load images** open'],
    ],
    [
      'a checkbox line that lost its bullet',
      'L-malformed-checkbox.md',
      'debounce-search',
      'open',
      ['-[-] **Debounce search** done', '+[ ] **Debounce search** open'],
    ],
    [
      'a Status value led by an emoji',
      'S1-status-field-emoji.md',
      'search-ignores-accents',
      'resolved',
      ['-**Status:** 🚧 Being worked on', '+**Status:** ✅ Fixed'],
    ],
    [
      'a heading suffix and a key/value table',
      'S2-status-kv-table-heading-suffix.md',
      'CR-1',
      'open',
      [
        '-### CR-1: Payments double-charge ✅ FIXED',
        '+### CR-1: Payments double-charge ⚠️ OPEN',
        '-| Status | ✅ FIXED (v3.2) |',
        '+| Status | ⚠️ OPEN (v3.2) |',
      ],
    ],
    [
      'a bold Status line',
      'S3-bold-status-line.md',
      'widget-renders-blank-on-safari',
      'open',
      [
        '-**Status: FIXED in build 812.** A polyfill was missing.',
        '+**Status: OPEN in build 812.** A polyfill was missing.',
      ],
    ],
    [
      'an unmarked item of a Resolved section',
      'S4-section-implied-status.md',
      'session-leak',
      'open',
      [
        '-- **Session leak**: fixed by clearing tokens on logout.',
        '+- ⚠️ **Session leak**: fixed by clearing tokens on logout.',
      ],
    ],
    [
      'a status after an arrow',
      'S5-arrow-done-suffix.md',
      'fix-tooltip-flicker',
      'open',
      ['-* Fix tooltip flicker <== DONE', '+* Fix tooltip flicker <== OPEN'],
    ],
    [
      'blocked on …, unblocked',
      'S6-blocked-on.md',
      'cache-warmup',
      'open',
      [
        '-- [ ] Cache warmup — blocked on infra ticket',
        '+- [ ] Cache warmup — was blocked on infra ticket',
      ],
    ],
    [
      'a curly apostrophe',
      'S7-curly-apostrophe.md',
      '7',
      'open',
      ['-| 7 | Tooltip lag | Won’t Fix |', '+| 7 | Tooltip lag | Open |'],
    ],
    [
      'a bracket tag',
      'S8-bracket-tags.md',
      'signed-releases-needs-a-certificate',
      'resolved',
      [
        '-- **[blocked]** Signed releases; needs a certificate.',
        '+- **[fixed]** Signed releases; needs a certificate.',
      ],
    ],
    [
      'a traffic light and its word',
      'S9-lights-palette.md',
      'slow-cold-start',
      'resolved',
      [
        '-| Slow cold start | 🟢 MITIGATED (cache added) |',
        '+| Slow cold start | 🟢 FIXED (cache added) |',
      ],
    ],
  ] as const)('%s (%s)', (_name, file, itemId, status, diff) => {
    expect(statusDiff(file, itemId, status)).toEqual(diff);
  });

  it('an embedded tracker read through its section', () => {
    expect(
      statusDiff('M2-section-flag-drops-bullets.md', 'dates-render-in-utc-only', 'resolved', {
        section: 'Known Issues',
      }),
    ).toEqual(['-- Dates render in UTC only.', '+- ✅ Dates render in UTC only.']);
  });
});

describe('moves keep the file’s style', () => {
  const move = (file: string, itemId: string, options: ParseOptions = {}) =>
    applyEdits(
      realShape(file),
      [
        { kind: 'set-status', itemId, status: 'resolved' },
        { kind: 'move', itemId, to: { kind: 'fixed', date: '2026-11-25' } },
      ],
      options,
    );

  it('a setext file gets a setext section', () => {
    const after = move('C2-setext-category-headings.md', 'swap-route-matcher-for-a-trie');
    expect(after).toBe(
      [
        'TODO',
        '====',
        '',
        'Router',
        '------',
        '* Decode percent-encoded paths',
        '',
        'Recently Fixed (2026-11-25)',
        '---------------------------',
        '',
        '* ✅ Swap route matcher for a trie',
        '',
      ].join('\n'),
    );
    expect(parse(after).sections.at(-1)).toMatchObject({
      kind: 'fixed',
      depth: 2,
      date: '2026-11-25',
    });
  });

  it('an item of an undated Resolved section joins it', () => {
    const after = move('S4-section-implied-status.md', 'dashboard-loads-slowly-with-many-charts');
    expect(after).toBe(
      [
        '# Known Issues',
        '',
        '## Current',
        '',
        '## Resolved',
        '- ✅ Dashboard loads slowly with many charts.',
        '- Password reset email now arrives.',
        '- **Session leak**: fixed by clearing tokens on logout.',
        '',
      ].join('\n'),
    );
    expect(parse(after).sections.map((s) => [s.heading, s.items.length])).toEqual([
      ['Current', 0],
      ['Resolved', 3],
    ]);
  });

  it('heading items under no section get a section at their own depth, inside the scope', () => {
    const numbered = move('E-issue-heading-without-status.md', 'retry-loop-spins-forever');
    expect(numbered).toContain(
      '\n## Recently Fixed (2026-11-25)\n\n## ✅ 2. Retry loop spins forever\n',
    );
    expect(
      parse(numbered)
        .sections.at(-1)!
        .items.map((i) => i.id),
    ).toEqual(['retry-loop-spins-forever']);

    const options = { section: 'Known Issues' };
    const scoped = move('M2-section-flag-drops-bullets.md', 'export-drops-the-header-row', options);
    expect(scoped).toContain(
      '\n### Recently Fixed (2026-11-25)\n\n- ✅ Export drops the header row.\n',
    );
    const t = parse(scoped, options);
    expect(t.sections.at(-1)!.items.map((i) => i.id)).toEqual(['export-drops-the-header-row']);
    expect(allItems(t)).toHaveLength(2);
  });
});

describe('new fields on the new shapes', () => {
  it('a key/value table gets a row', () => {
    const text = realShape('S2-status-kv-table-heading-suffix.md');
    const after = applyEdits(text, [
      { kind: 'set-field', itemId: 'CR-1', key: 'Owner', value: 'payments' },
    ]);
    expect(lineDiff(text, after)).toEqual(['+| Owner | payments |']);
    expect(allItems(parse(after))[0]!.fields.map((f) => [f.key, f.value])).toEqual([
      ['Status', '✅ FIXED (v3.2)'],
      ['Owner', 'payments'],
    ]);
  });
});
