import { describe, expect, it } from 'vitest';
import { allItems, lintTracker, parseTracker, type Diagnostic } from '../../src/tracker/index.js';
import { FIXTURES, fixture, optionsFor } from './helpers.js';

const KNOWN = '✅ ✔ ☑ 🟢 ✓ ⚠ 🟡 ❌ 🔴 🟠 ⛔ 🚫 ⏸ 🚧 🔄 ⏳ ⚪ ➖';
const lint = (...lines: string[]) => lintTracker(lines.join('\n')).diagnostics;
const only = (diagnostics: Diagnostic[], rule: string) =>
  diagnostics.filter((d) => d.rule === rule);

describe('unknown-status-mark', () => {
  it('fires on an item led by an emoji that is no status mark', () => {
    expect(
      lint('# Known Issues', '', '## P1 Outstanding', '', '🤔 **Thing** - nobody knows', ''),
    ).toEqual([
      {
        line: 5,
        column: 1,
        rule: 'unknown-status-mark',
        severity: 'warning',
        message: `Unexpected status mark 🤔, expected one of ${KNOWN}`,
      },
    ]);
  });

  it('fires on a list item too, at the emoji', () => {
    const found = lint('## P2 Backlog', '', '- [ ] 🦄 Unicorn mode', '');
    expect(found).toEqual([
      expect.objectContaining({
        line: 3,
        column: 7,
        rule: 'unknown-status-mark',
        severity: 'warning',
      }),
    ]);
    expect(found[0]!.message).toBe(`Unexpected status mark 🦄, expected one of ${KNOWN}`);
  });

  it('stays quiet outside tracker sections, where 🤔 lines are prose', () => {
    const found = lint('## Notes', '', '🤔 Why is the build so slow?', '');
    expect(found.map((d) => d.rule)).toEqual(['no-items']);
  });
});

describe('no-items', () => {
  it('warns at the top of a file where no item was found', () => {
    expect(lint('# Known Issues', '', 'Nothing to report.', '')).toEqual([
      {
        line: 1,
        column: 1,
        rule: 'no-items',
        severity: 'warning',
        message:
          'Unexpected tracker without items, expected status-emoji lines, checkbox items, `### KI-n` headings or a table with a Status column',
      },
    ]);
    expect(lint('').map((d) => d.rule)).toEqual(['no-items']);
  });

  it('is quiet once there is one item', () => {
    expect(lint('# Known Issues', '', '⚠️ Flaky login test', '')).toEqual([]);
  });
});

describe('missing-status', () => {
  it('fires on an open P0 item with no mark and no Status field', () => {
    expect(
      lint('# Known Issues', '', '## P0 Outstanding', '', '- Database backups are not tested', ''),
    ).toEqual([
      {
        line: 5,
        column: 3,
        rule: 'missing-status',
        severity: 'error',
        message:
          'Unexpected open P0 item "Database backups are not tested" without a status, expected a status mark or a Status field',
      },
    ]);
  });

  it('does not fire with a mark, a Status field, or below P0', () => {
    expect(lint('## P0 Outstanding', '', '- [ ] Database backups are not tested', '')).toEqual([]);
    expect(
      lint('## P0 Outstanding', '', '### KI-1: Backups', '**Status:** investigating', ''),
    ).toEqual([]);
    expect(lint('## P1 Outstanding', '', '- Database backups are not tested', '')).toEqual([]);
  });
});

describe('duplicate-id', () => {
  it('is an error for two open items with the same explicit id', () => {
    const found = lint(
      '# Known Issues',
      '',
      '## P0 Outstanding',
      '',
      '### KI-1: Login broken',
      '**Status:** OPEN',
      '',
      '### KI-1: Login still broken',
      '**Status:** OPEN',
      '',
    );
    expect(found).toEqual([
      {
        line: 8,
        column: 5,
        rule: 'duplicate-id',
        severity: 'error',
        message: 'Unexpected duplicate id "KI-1" (first at line 5), expected each item once',
      },
    ]);
  });

  it('is a warning for two resolved items with the same title', () => {
    expect(
      lint(
        '## Recently Fixed (2026-01-28)',
        '',
        '✅ Flaky login test',
        '✅ **Flaky login test**',
        '',
      ),
    ).toEqual([
      {
        line: 4,
        column: 5,
        rule: 'duplicate-id',
        severity: 'warning',
        message:
          'Unexpected duplicate id "flaky-login-test" (first at line 3), expected each item once',
      },
    ]);
  });

  it('is an error as soon as one copy is open', () => {
    const found = lint('## P1 Outstanding', '', '✅ Flaky login test', '⚠️ Flaky login test', '');
    expect(found).toEqual([
      expect.objectContaining({ line: 4, column: 4, rule: 'duplicate-id', severity: 'error' }),
    ]);
  });

  it('finds copies of a title that ends in a number, and only real copies', () => {
    const copies = lint(
      '## P1 Outstanding',
      '',
      '⚠️ Build fails on Node 24',
      '⚠️ Build fails on Node 24',
      '',
    );
    expect(copies).toEqual([
      expect.objectContaining({
        line: 4,
        column: 4,
        rule: 'duplicate-id',
        message:
          'Unexpected duplicate id "build-fails-on-node-24" (first at line 3), expected each item once',
      }),
    ]);
    expect(
      lint('## P1 Outstanding', '', '⚠️ Build fails on Node', '⚠️ Build fails on Node 24', ''),
    ).toEqual([]);
    expect(lint('## P1 Outstanding', '', '⚠️ Item', '⚠️ Item 2', '')).toEqual([]);
  });

  it('numbers copies so that no two items share an id', () => {
    const text = ['## P1 Outstanding', '', '⚠️ Item', '⚠️ Item', '⚠️ Item 2', '⚠️ Item 2', ''].join(
      '\n',
    );
    const ids = allItems(parseTracker(text).tracker).map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 2)).toEqual(['item', 'item-2']);
    expect(only(lintTracker(text).diagnostics, 'duplicate-id').map((d) => d.line)).toEqual([4, 6]);
  });
});

describe('unknown-reference', () => {
  it('fires on a BLOCKED by that names no item', () => {
    expect(
      lint(
        '# Known Issues',
        '',
        '## P1 Outstanding',
        '',
        '⛔ **Thing** - BLOCKED by nothing-like-this',
        '',
      ),
    ).toEqual([
      {
        line: 5,
        column: 15,
        rule: 'unknown-reference',
        severity: 'warning',
        message:
          'Unexpected reference "nothing-like-this", expected the id or title of an item in this tracker',
      },
    ]);
  });

  it('does not fire when the phrase names an item by id, title or words', () => {
    expect(
      lint(
        '## P1 Outstanding',
        '',
        '### KI-1: Login',
        '**Status:** OPEN',
        '',
        '### KI-2: Signup',
        '**Status:** BLOCKED by KI-1',
        '',
      ),
    ).toEqual([]);
    expect(
      lint(
        '## P1 Outstanding',
        '',
        '⚠️ **Database migration**',
        '⛔ **Thing** - BLOCKED by the database migration',
        '',
      ),
    ).toEqual([]);
  });
});

describe('malformed-date', () => {
  it('fires on a day that does not exist and on an unpadded date', () => {
    const found = lint(
      '# Known Issues',
      '',
      '**Last Updated**: 2026-01-28',
      '',
      '## P1 Outstanding',
      '',
      '⚠️ **Thing** (Discovered 2026-13-45)',
      '⚠️ **Other** (since 2026-1-5, again 2026-02-30)',
      '',
    );
    expect(found).toEqual([
      {
        line: 7,
        column: 26,
        rule: 'malformed-date',
        severity: 'error',
        message: 'Unexpected date "2026-13-45", expected a real date as YYYY-MM-DD',
      },
      {
        line: 8,
        column: 21,
        rule: 'malformed-date',
        severity: 'error',
        message: 'Unexpected date "2026-1-5", expected a real date as YYYY-MM-DD',
      },
      {
        line: 8,
        column: 37,
        rule: 'malformed-date',
        severity: 'error',
        message: 'Unexpected date "2026-02-30", expected a real date as YYYY-MM-DD',
      },
    ]);
  });

  it('leaves real dates, ranges and versions alone', () => {
    expect(
      lint(
        '## P1 Outstanding',
        '',
        '⚠️ Thing (2024-02-29, migrations 481-486, v1.2.3, 3008/3009, 2-16 hours)',
        '',
      ),
    ).toEqual([]);
  });
});

describe('the fixtures', () => {
  it('the reference lints with no errors, only the duplicate resolved "Sentry error monitoring"', () => {
    expect(lintTracker(fixture('reference')).diagnostics).toEqual([
      {
        line: 47,
        column: 5,
        rule: 'duplicate-id',
        severity: 'warning',
        message:
          'Unexpected duplicate id "sentry-error-monitoring" (first at line 15), expected each item once',
      },
    ]);
  });

  it.each(FIXTURES)('%s has no errors', (name) => {
    const { diagnostics } = lintTracker(fixture(name), optionsFor(name));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const d of diagnostics) expect(d.message).toMatch(/^Unexpected .+, expected .+$/);
  });

  it('sorts diagnostics by line and column', () => {
    const found = lint(
      '## P0 Outstanding',
      '',
      '- Plain (since 2026-1-5)',
      '',
      '🤔 Odd',
      '⛔ Stuck - BLOCKED by ghosts',
      '',
      '- Plain (since 2026-1-5)',
      '',
    ).map((d) => [d.line, d.column, d.rule]);
    expect(found).toEqual(
      [...found].sort((a, b) => Number(a[0]) - Number(b[0]) || Number(a[1]) - Number(b[1])),
    );
    expect(new Set(found.map((d) => d[2]))).toEqual(
      new Set([
        'missing-status',
        'malformed-date',
        'unknown-status-mark',
        'unknown-reference',
        'duplicate-id',
      ]),
    );
  });
});
