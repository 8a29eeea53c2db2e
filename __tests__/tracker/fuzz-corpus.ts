import type { ParseOptions } from '../../src/tracker/index.js';
import { seed } from '../support/fast-check-setup.js';
import { FIXTURES, REAL_SHAPE_FILES, fixture, realShape, seeded } from './helpers.js';

/**
 * The fuzz corpus: seeded mutations of the fixtures and the real tracker shapes. Case `index` of
 * a seed is always the same text, so a failure replays with PROPERTY_SEED.
 */
export const SEED = seed;

const EMOJI = [
  '✅',
  '⚠️',
  '⚠',
  '⛔',
  '🔴',
  '🟡',
  '🟢',
  '🟠',
  '⚪',
  '➖',
  '🚧',
  '🤔',
  '👩‍💻',
  '👍🏽',
  '🇩🇪',
  '\uFE0F',
  '✔️',
  '☑',
  '🔄',
  '⏸️',
];
const SNIPPETS = [
  '**',
  '~~',
  '__',
  '_',
  '*',
  '`',
  '```',
  '[',
  '](',
  '[x] ',
  '- [ ] ',
  '- ',
  '   - ',
  '1. ',
  '> ',
  '# ',
  '### KI-1: ',
  '| a | Status |\n|---|---|\n| x | ✅ |',
  '|',
  '---',
  '===',
  '**Status:** ',
  'Status: ',
  '**Last Updated**: 2026-01-28',
  'BLOCKED by ',
  'was BLOCKED by build issues',
  '(blocked by: KI-1)',
  '#0',
  ' (#0)',
  ' (#123)',
  ' (https://github.com/o/r/issues/0)',
  ' ([#99999999999999999999](https://github.com/o/r/issues/99999999999999999999))',
  '[#7](https://github.com/o/r/issues/7)',
  'https://github.com/o/r/issues/0',
  '2026-13-45',
  '2026-1-5',
  'COMPLETE',
  'FIXED',
  'OPEN',
  '<!-- ',
  ' -->',
  '<details>',
  '\\',
  '&amp;',
  '\u0000',
  '\u200B',
  '\uD83D',
  '\uFEFF',
  '\r',
  '\t',
  // The shapes of real trackers (fixtures/real-shapes), so that mutations reach every family.
  '[-] ',
  '[✅] ',
  '**[done]** ',
  '[blocked] ',
  '** IMPORTANT ** ',
  ' <-- DONE',
  ' ✅ FIXED',
  ' ❌ UNFIXED',
  '## 1. ',
  '### Issue #1: ',
  '## 🔴 High Priority',
  '## Legend',
  '## Resolved',
  '## Intentional behaviour (not bugs)',
  'Status: sprint 3 of 5',
  '**Status: FIXED in build 812.**',
  '**Status:** 🚧 Being worked on',
  'blocked on ',
  'Won’t Fix',
  'Nothing open right now',
  '`KI-3`',
  'BUG-2025-03-14-LOGIN-LOOP',
  'TODO\n====\n',
  'Router\n------\n',
  '| Key | Value |\n|-----|-------|\n| Status | ✅ FIXED |',
  '| ID | Feature | Description |\n|---|---|---|\n| W-1 | Dark theme | ✅ Done — shipped |',
  '| Sev | Status |\n| --- | --- |\n| P0 | None |\n| — | — |',
  '| 番号 | 問題 | 状態 |\n|---|---|---|\n| 1 | 同期 | 対応中 |',
];

export type Rand = () => number;
export const int = (r: Rand, n: number) => Math.floor(r() * n);
export const pick = <T>(r: Rand, list: readonly T[]): T => list[int(r, list.length)]!;

const splitLines = (text: string) => text.split('\n');
export const mutations: [string, (text: string, r: Rand) => string][] = [
  [
    'delete lines',
    (t, r) => {
      const lines = splitLines(t);
      const at = int(r, lines.length);
      lines.splice(at, 1 + int(r, 5));
      return lines.join('\n');
    },
  ],
  [
    'duplicate lines',
    (t, r) => {
      const lines = splitLines(t);
      const at = int(r, lines.length);
      const copy = lines.slice(at, at + 1 + int(r, 6));
      lines.splice(int(r, lines.length + 1), 0, ...copy);
      return lines.join('\n');
    },
  ],
  [
    'swap lines',
    (t, r) => {
      const lines = splitLines(t);
      const a = int(r, lines.length);
      const b = int(r, lines.length);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    },
  ],
  [
    'unbalanced emphasis',
    (t, r) => {
      const at = int(r, t.length + 1);
      return t.slice(0, at) + pick(r, ['**', '~~', '__', '*', '_', '`', '~~**']) + t.slice(at);
    },
  ],
  [
    'drop emphasis',
    (t, r) => {
      const marks = [...t.matchAll(/\*\*|~~|`/g)];
      if (!marks.length) return t;
      const m = pick(r, marks);
      return t.slice(0, m.index) + t.slice(m.index + m[0].length);
    },
  ],
  [
    'stray emoji',
    (t, r) => {
      const lines = splitLines(t);
      const at = int(r, lines.length);
      const line = lines[at] ?? '';
      const col = r() < 0.5 ? 0 : int(r, line.length + 1);
      lines[at] = line.slice(0, col) + pick(r, EMOJI) + (r() < 0.5 ? ' ' : '') + line.slice(col);
      return lines.join('\n');
    },
  ],
  [
    'snippet',
    (t, r) => {
      const at = int(r, t.length + 1);
      return t.slice(0, at) + pick(r, SNIPPETS) + t.slice(at);
    },
  ],
  [
    'snippet line',
    (t, r) => {
      const lines = splitLines(t);
      lines.splice(
        int(r, lines.length + 1),
        0,
        pick(r, SNIPPETS) + pick(r, ['', 'Thing', '**Thing**', '~~Thing~~ - **COMPLETE**']),
      );
      return lines.join('\n');
    },
  ],
  [
    'tabs',
    (t, r) => {
      const lines = splitLines(t);
      for (let i = 0; i < lines.length; i++) {
        if (r() < 0.3) lines[i] = lines[i]!.replace(/^ +/, '\t').replace(/ {2}/g, '\t');
        else if (r() < 0.1) lines[i] = `\t${lines[i]}`;
      }
      return lines.join('\n');
    },
  ],
  [
    'indent',
    (t, r) => {
      const lines = splitLines(t);
      const at = int(r, lines.length);
      for (let i = at; i < Math.min(lines.length, at + 1 + int(r, 8)); i++)
        lines[i] = ' '.repeat(1 + int(r, 6)) + lines[i];
      return lines.join('\n');
    },
  ],
  ['CRLF', (t) => t.replace(/\r?\n/g, '\r\n')],
  ['mixed line endings', (t, r) => t.replace(/\n/g, () => pick(r, ['\n', '\r\n', '\r', '\n\n']))],
  ['BOM', (t, r) => (r() < 0.8 ? `\uFEFF${t}` : `\uFEFF\uFEFF${t}`)],
  ['empty', () => ''],
  [
    'whitespace only',
    (t, r) => pick(r, ['\n', '\r\n', '   ', '\n\n\n', '\t\n', '\uFEFF', '\uFEFF\n']),
  ],
  [
    'random bytes',
    (t, r) => {
      const bytes = Buffer.alloc(1 + int(r, 400));
      for (let i = 0; i < bytes.length; i++) bytes[i] = int(r, 256);
      const noise = bytes.toString('utf8');
      if (r() < 0.3) return noise;
      const at = int(r, t.length + 1);
      return t.slice(0, at) + noise + t.slice(at);
    },
  ],
  ['truncate', (t, r) => t.slice(0, int(r, t.length + 1))],
  ['cut the head', (t, r) => t.slice(int(r, t.length + 1))],
  [
    'long line',
    (t, r) => {
      const unit = pick(r, ['a', 'word ', '**', '~~', '[', '⚠️ ', '`', '|', '- ', '🚀']);
      const long =
        pick(r, ['⚠️ **', '✅ ', '- [ ] ', '', '| ', '### ']) + unit.repeat(200 + int(r, 2000));
      const lines = splitLines(t);
      lines.splice(int(r, lines.length + 1), 0, long);
      return lines.join('\n');
    },
  ],
  [
    'many lines',
    (t, r) => {
      const line = pick(r, [
        '✅ Done thing',
        '⚠️ Open thing (#12)',
        '- [ ] task',
        '   - Key: value',
        '',
      ]);
      return t + `\n${line}`.repeat(50 + int(r, 200));
    },
  ],
  ['heading level', (t, r) => t.replace(/^#{1,6} /gm, () => `${'#'.repeat(1 + int(r, 7))} `)],
];

export interface Case {
  index: number;
  source: string;
  applied: string[];
  text: string;
  options: ParseOptions;
}

/** The texts mutated: the fixtures half of the time, the files of the real tracker shapes else. */
const SOURCES: [string, () => string][][] = [
  FIXTURES.map((name) => [name, () => fixture(name)]),
  REAL_SHAPE_FILES.map((file) => [file, () => realShape(file)]),
];

/** Case `index` of the corpus: a fixture or real shape (or a window of it), mutated 1 to 3 times. */
export function makeCase(index: number): Case {
  const r = seeded(SEED + index * 7919);
  const [source, read] = pick(r, pick(r, SOURCES));
  let text = read();
  const applied: string[] = [];
  if (r() < 0.5) {
    // A window of the fixture keeps the cases small (and fast) and starts them mid-document.
    const lines = splitLines(text);
    const from = r() < 0.3 ? 0 : int(r, lines.length);
    text = lines.slice(from, from + 5 + int(r, 35)).join('\n');
  }
  for (let n = 1 + int(r, 3); n > 0; n--) {
    const [name, mutate] = pick(r, mutations);
    applied.push(name);
    text = mutate(text, r);
  }
  // Two thirds of the CLAUDE.md cases are read through their section, as the action does.
  const scoped = source === 'claude-md' || source.startsWith('M');
  const options = scoped && r() < 0.67 ? { section: 'Known Issues' } : {};
  return { index, source, applied, text, options };
}
