import { describe, expect, it } from 'vitest';
import {
  allItems,
  applyEdits,
  lintTracker,
  parseTracker,
  type Item,
} from '../../src/tracker/index.js';
import { resolveReference } from '../../src/tracker/parse.js';

// The rules of docs/tracker-format.md that the files of fixtures/real-shapes do not show on
// their own, each on the smallest tracker that shows it.

const items = (...lines: string[]) => allItems(parseTracker(lines.join('\n')).tracker);
const seen = (...lines: string[]) =>
  items(...lines).map((i) => [i.explicitId ?? i.id, i.title, i.status, i.priority]);

describe('heading items', () => {
  it('reads issue leads, status suffixes and numbered headings', () => {
    expect(
      seen(
        '# Known Issues',
        '## Issue 2: Export drops rows ❌ UNFIXED',
        'Seen on big files.',
        '### Crash on save (Windows) FIXED',
        'Patched in 2.1.',
        '## 3) Slow start',
        '- **Severity**: Critical',
      ),
    ).toEqual([
      ['export-drops-rows', 'Export drops rows', 'open', null],
      ['crash-on-save', 'Crash on save', 'resolved', null],
      ['slow-start', 'Slow start', 'open', 'P0'],
    ]);
  });

  it('a numbered heading outside a tracker, or with items of its own, is a section', () => {
    expect(seen('# Release guide', '## 1. Bump the version', 'Edit package.json.')).toEqual([]);
    expect(
      seen('# TODO', '## 1. Phase one', '- [ ] Write the parser', '- [x] Pick a name'),
    ).toEqual([
      ['write-the-parser', 'Write the parser', 'open', null],
      ['pick-a-name', 'Pick a name', 'resolved', null],
    ]);
  });

  it('an emoji heading with a list of items, or one that names a section, is a section', () => {
    expect(seen('# Bugs', '## 🚀 Launch', '- [ ] Sign the binary', '## ✅ Done', '- Ship')).toEqual(
      [
        ['sign-the-binary', 'Sign the binary', 'open', null],
        ['ship', 'Ship', 'resolved', null],
      ],
    );
  });

  it('strips the backticks of an explicit id', () => {
    expect(seen('# Known Issues', '### `KI-3`: Login loop', '**Status:** OPEN')).toEqual([
      ['KI-3', 'Login loop', 'open', null],
    ]);
    expect(
      seen('| ID | Issue | Status |', '|---|---|---|', '| `KI-9` | Slow search | Open |'),
    ).toEqual([['KI-9', 'Slow search', 'open', null]]);
  });
});

describe('the vocabulary in the languages of trackers', () => {
  it('reads status and priority columns and words in German, Japanese, Chinese, Korean and Russian', () => {
    const table = (header: string, ...rows: string[]) =>
      seen(
        `| ${header} |`,
        `|${'---|'.repeat(header.split('|').length)}`,
        ...rows.map((r) => `| ${r} |`),
      );
    expect(
      table('Nr. | Problem | Zustand | Priorität', '1 | Sync bricht ab | in Arbeit | hoch'),
    ).toEqual([['1', 'Sync bricht ab', 'in_progress', 'P1']]);
    expect(table('番号 | 問題 | 状態 | 優先度', '2 | 同期が止まる | 解決済み | 高')).toEqual([
      ['2', '同期が止まる', 'resolved', 'P1'],
    ]);
    expect(table('编号 | 问题 | 状态', '3 | 导出失败 | 进行中')).toEqual([
      ['3', '导出失败', 'in_progress', null],
    ]);
    expect(table('번호 | 제목 | 상태 | 우선순위', '4 | 로그인 실패 | 미해결 | 긴급')).toEqual([
      ['4', '로그인 실패', 'open', 'P0'],
    ]);
    expect(table('№ | Проблема | Статус', '5 | Падает экспорт | Исправлено')).toEqual([
      ['5', 'Падает экспорт', 'resolved', null],
    ]);
  });

  it('writes a status word in the language and letter case of the one it replaces', () => {
    const text = [
      '| Nr. | Problem | Status |',
      '|---|---|---|',
      '| 1 | Sync bricht ab | Offen |',
      '',
    ].join('\n');
    expect(applyEdits(text, [{ kind: 'set-status', itemId: '1', status: 'resolved' }])).toContain(
      '| 1 | Sync bricht ab | Behoben |',
    );
    const ja = ['| 番号 | 問題 | 状態 |', '|---|---|---|', '| 2 | 同期 | 未対応 |', ''].join('\n');
    expect(applyEdits(ja, [{ kind: 'set-status', itemId: '2', status: 'in_progress' }])).toContain(
      '| 2 | 同期 | 対応中 |',
    );
  });

  it("reads in progress and won't fix wherever a tracker writes them", () => {
    expect(
      seen(
        '# TODO',
        '- [-] Rewrite the cache',
        '- 🚧 Port to ARM',
        '- Drop IE support — WONTFIX',
        '- [ ] Theme picker **[wip]**',
        '- **[not planned]** Fax export',
        '## Won’t fix',
        '- Legacy importer',
      ).map(([, title, status]) => [title, status]),
    ).toEqual([
      ['Rewrite the cache', 'in_progress'],
      ['Port to ARM', 'in_progress'],
      ['Drop IE support', 'wont_fix'],
      ['Theme picker', 'in_progress'],
      ['Fax export', 'wont_fix'],
      ['Legacy importer', 'wont_fix'],
    ]);
  });
});

describe('the judgement calls of docs/tracker-format.md', () => {
  it('reads tags, lone words, Blocked and Blockers as documented', () => {
    expect(
      seen(
        '# TODO',
        '- **URGENT** Rotate the keys',
        '- [P2] Tidy the logs',
        '- Fix OPEN redirect',
        '- [x] ~~**Old thing**~~ — fixed in v2.3.1',
        '✅',
        '## Blocked',
        '- Wait for the vendor',
        '## Blockers',
        '- Signing certificate',
      ),
    ).toEqual([
      ['rotate-the-keys', 'Rotate the keys', 'open', 'P0'],
      ['tidy-the-logs', 'Tidy the logs', 'open', 'P2'],
      ['fix-open-redirect', 'Fix OPEN redirect', 'open', null],
      ['old-thing', 'Old thing', 'resolved', null],
      ['wait-for-the-vendor', 'Wait for the vendor', 'blocked', null],
      ['signing-certificate', 'Signing certificate', 'open', null],
    ]);
  });
});

describe('tables that are not lists of issues', () => {
  it('a scorecard with a Status column of ✅ Pass is not read', () => {
    expect(
      seen(
        '# Known Issues',
        '| Check | Score | Status |',
        '|---|---|---|',
        '| Lint | 10 | ✅ Pass |',
      ),
    ).toEqual([]);
  });
});

describe('references name items literally', () => {
  const parsed = (...lines: string[]) => items(...lines);

  it('an id that is no pattern (`(a`) never throws', () => {
    const list = parsed(
      '| ID | Issue | Status |',
      '|---|---|---|',
      '| (a | Broken parser | Open |',
      '| B-1 | Waits for the parser | BLOCKED by (a |',
    );
    expect(list.map((i) => i.id)).toEqual(['(a', 'B-1']);
    expect(resolveReference('(a', list[1]!, list)).toEqual(['(a']);
    expect(() => lintTracker(['⚠️ X (blocked by: (a)', '⚠️ Y'].join('\n'))).not.toThrow();
  });

  it('`KI-1+` names KI-1+, not KI-11', () => {
    const list = parsed(
      '| ID | Issue | Status |',
      '|---|---|---|',
      '| KI-1+ | First | Open |',
      '| KI-11 | Eleventh | Open |',
      '| KI-2 | Second | Open |',
    );
    const from = list[2]!;
    expect(resolveReference('KI-11', from, list)).toEqual(['KI-11']);
    expect(resolveReference('KI-1+ and more', from, list)).toEqual(['KI-1+']);
    expect(resolveReference('KI-1', from, list)).toEqual([]);
  });
});

describe('embedded trackers', () => {
  const doc = [
    '# Project guide',
    '',
    '## Setup',
    '',
    '- Fast search',
    '',
    '## Known Issues',
    '',
    '- Export drops rows',
    '',
  ];

  it('lint names the section to read when a document is not itself a tracker', () => {
    const hint = lintTracker(doc.join('\n')).diagnostics.filter(
      (d) => d.rule === 'embedded-tracker',
    );
    expect(hint).toEqual([
      {
        line: 7,
        column: 1,
        rule: 'embedded-tracker',
        severity: 'warning',
        message:
          'Unexpected "Known Issues" section in a document that is not itself a tracker, expected the section option to read only it: --section "Known Issues" (input section)',
      },
    ]);
    expect(lintTracker(doc.join('\n'), { section: 'Known Issues' }).diagnostics).toEqual([]);
    // A tracker with sections of its own, or a file without a title, gets no hint.
    expect(lintTracker('# Known Issues\n\n## Limitations\n\n- Slow\n').diagnostics).toEqual([]);
    expect(lintTracker('## Known Issues\n\n- Slow\n').diagnostics).toEqual([]);
  });

  it('without the section option only items that tell themselves apart are read', () => {
    const title = (i: Item) => i.title;
    expect(items(...doc).map(title)).toEqual(['Export drops rows']);
    expect(
      items(...doc, '## Deployment', '', '- Use the blue slot', '- [ ] Rotate keys').map(title),
    ).toEqual(['Export drops rows', 'Rotate keys']);
  });

  it('"blocked on" something outside the tracker is no unknown reference', () => {
    const found = lintTracker(
      '# TODO\n\n- [ ] Sign builds — blocked on the vendor\n- [ ] Ship — blocked by nothing here\n',
    );
    expect(found.diagnostics.map((d) => [d.rule, d.line])).toEqual([['unknown-reference', 4]]);
  });
});
