import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/tracker/markdown.js';
import { parseTracker, type ParseOptions } from '../../src/tracker/parse.js';
import { propertyTimeout, runs } from '../support/fast-check-setup.js';
import { SEED, makeCase } from './fuzz-corpus.js';

/**
 * The tracker model read through the piecewise parse is the model of one whole-file parse:
 * sections, items, fields, every range and every diagnostic. The reference is `pieceSize:
 * Infinity` (the text as one piece), itself checked against remark + GFM on the whole text, and
 * the tree of every piece size is checked too. Small piece sizes cut at (nearly) every cut
 * point, so that fences, HTML blocks and definitions cross pieces.
 */
const PIECE_SIZES = [undefined, 1, 50, 300];

const whole = remark().use(remarkGfm);
const root = new URL('../..', import.meta.url).pathname;

/** What parsing gives: the result, or the error it throws (a section not found). */
function outcome(text: string, options: ParseOptions): unknown {
  try {
    return parseTracker(text, options);
  } catch (error) {
    return { error: String(error) };
  }
}

/** `expect(actual).toEqual(expected)`, with a fast deep comparison first (trees are large). */
function expectEqual(actual: unknown, expected: unknown, message: string): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual, message).toEqual(expected);
}

function expectSameModel(text: string, options: ParseOptions = {}, label = ''): void {
  const body = text.replace(/^\uFEFF/, '');
  const tree = whole.parse(body);
  const reference = outcome(text, { ...options, pieceSize: Infinity });
  expectEqual(parseMarkdown(body, { pieceSize: Infinity }), tree, `${label} reference tree`);
  for (const pieceSize of PIECE_SIZES) {
    // The tree first: it differs before the model does (the model reads no block quote, say).
    expectEqual(parseMarkdown(body, { pieceSize }), tree, `${label} tree, pieceSize ${pieceSize}`);
    expectEqual(
      outcome(text, { ...options, pieceSize }),
      reference,
      `${label} pieceSize ${pieceSize}`,
    );
  }
}

/** Whether a text has a "Known Issues" heading, the section the action reads in a CLAUDE.md. */
const KNOWN_ISSUES = /^ {0,3}#{1,6}[ \t]+known issues\b/im;
const SECTION = 'Known Issues';

/** Every markdown file under `dir`, by path from the repository root. */
function markdownFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}
const FILES = [...markdownFiles('__tests__/fixtures'), ...markdownFiles('examples')];

// Building blocks of tracker-like documents. Each block is one or more lines joined by "\n";
// the document turns them into CRLF (or a mix) afterwards.

const lines = (...parts: string[]) => parts.join('\n');
const word = fc.constantFrom('Login', 'Sync', 'Cache', 'Router', 'Export', 'Build');
const title = fc
  .tuple(word, fc.constantFrom('fails', 'times out', 'is slow', 'loops'), fc.nat(9))
  .map(([w, verb, n]) => `${w} ${verb} ${n}`);
const indent = fc.constantFrom('', ' ', '  ', '   ', '    ', '\t');

const priorityName = fc.constantFrom(
  'P0 Critical',
  'P1 - High',
  '🔴 High Priority',
  'Medium',
  'Low Priority',
  'Known Issues',
  'Recently Fixed (2026-01-28)',
  'Resolved',
  'Legend',
  'Notes',
);
const atxHeading = fc
  .tuple(fc.integer({ min: 1, max: 4 }), priorityName, fc.constantFrom('', ' ##', ' #'))
  .map(([depth, name, close]) => `${'#'.repeat(depth)} ${name}${close}`);
const setextHeading = fc
  .tuple(priorityName, fc.constantFrom('===', '---', '======', '- - -'))
  .map(([name, underline]) => lines(name, underline));

const status = fc.constantFrom('Open', 'In progress', 'Fixed', '✅ FIXED', 'Blocked', '');
const field = fc.oneof(
  status.map((s) => `Status: ${s}`),
  status.map((s) => `**Status:** ${s}`),
  title.map((t) => `BLOCKED by ${t}`),
  fc.constantFrom(
    'BLOCKED by KI-1',
    'Blocked by: KI-2, KI-3',
    'Workaround: restart',
    'Fixed: 2026-02-01',
    'Issue: #12',
    'Notes: see [foo] and [^n]',
  ),
);
const emoji = fc.constantFrom('⚠️', '✅', '🔴', '🟡', '⛔', '🚧');
const emojiItem = fc
  .tuple(
    emoji,
    title,
    fc.constantFrom('', ' (#12)', ' - **COMPLETE**'),
    fc.array(fc.tuple(indent, fc.constantFrom('- ', '* ', '1. '), field), { maxLength: 4 }),
    fc.boolean(),
  )
  .map(([e, t, suffix, fields, blank]) =>
    lines(
      `${e} **${t}**${suffix}`,
      ...fields.map(([space, marker, f], i) => `${blank && i ? '\n' : ''}${space}${marker}${f}`),
    ),
  );
const checkboxList = fc
  .array(
    fc.tuple(
      fc.constantFrom('- [ ] ', '- [x] ', '* [X] ', '- [-] ', '1. [ ] '),
      title,
      fc.option(field, { nil: undefined }),
      fc.constantFrom('\n', '\n\n'),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((items) =>
    items
      .map(([box, t, f, gap]) => `${box}${t}${f === undefined ? '' : `\n  - ${f}`}${gap}`)
      .join('')
      .trimEnd(),
  );
const table = fc
  .tuple(
    fc.constantFrom(
      ['| ID | Title | Status |', '|----|-------|:------:|'],
      ['ID | Title | Status', '--- | --- | ---'],
    ),
    fc.array(fc.tuple(fc.nat(9), title, status), { maxLength: 4 }),
    fc.boolean(),
  )
  .map(([[head, rule], rows, lazy]) =>
    lines(
      head,
      rule,
      ...rows.map(([n, t, s]) => `| KI-${n} | ${t} | ${s} |`),
      ...(lazy ? ['lazy row after the table'] : []),
    ),
  );

// What a code or HTML block may hold: lines that would be blocks of their own outside it.
const innerLine = fc.oneof(
  fc.constantFrom(
    '',
    '',
    '## Not a heading',
    '- not an item',
    '⚠️ **Not an item**',
    '   - Status: Open',
    '| a | b |',
    '[foo]: /inside',
    '[^n]: inside',
    '-->',
    '</details>',
    '</pre>',
    '```',
    '~~~',
    '    indented',
    '> quoted',
  ),
  title,
);
const fence = fc
  .tuple(
    fc.constantFrom('```', '~~~', '````', '~~~~'),
    fc.constantFrom('', ' ', '  ', '   ', '    '),
    fc.constantFrom('', 'js', 'markdown', ' text title'),
    fc.array(innerLine, { maxLength: 6 }),
    fc.constantFrom('same', 'longer', 'shorter', 'other', 'none', 'info'),
  )
  .map(([open, space, info, body, close]) => {
    const closing = {
      same: open,
      longer: `${open}${open[0]}`,
      shorter: open.slice(1),
      other: open[0] === '`' ? '~~~~' : '````',
      none: null,
      info: `${open} js`,
    }[close];
    return lines(`${space}${open}${info}`, ...body, ...(closing === null ? [] : [space + closing]));
  });
const html = fc
  .tuple(
    fc.constantFrom(
      ['<!--', '-->'],
      ['<!-- note', 'end -->'],
      ['<details>', '</details>'],
      ['<details><summary>More</summary>', '</details>'],
      ['<pre>', '</pre>'],
      ['<script>', '</script>'],
      ['<div>', '</div>'],
      ['<?php', '?>'],
      ['<!DOCTYPE html>', ''],
    ),
    fc.array(innerLine, { maxLength: 5 }),
    fc.boolean(),
  )
  .map(([[open, close], body, closed]) => lines(open, ...body, ...(closed ? [close] : [])));

// Labels that match across case, whitespace and Unicode case folding (ẞ, ß and SS), and labels
// with escapes and entities, which mdast decodes in `label` but not in `identifier`.
const label = fc.constantFrom(
  'foo',
  'Foo',
  'FOO',
  'foo bar',
  'Foo  Bar',
  'KI-1',
  'Straße',
  'STRASSE',
  'Strasse X',
  'a\\]b',
  'x\\\\',
  'A &amp; B',
  'back\\\nslash',
);
const definition = fc.oneof(
  label.map((l) => `[${l}]: /url/${l.length}`),
  label.map((l) => `[${l}]: <https://example.com> "title"`),
  label.map((l) => `[${l}]:\n/next-line`),
  label.map((l) => `[^${l}]: a note`),
  label.map((l) => `[^${l}]: a note\n\n    continued after a blank line`),
  label.map((l) => `- [${l}]: /in-a-list`),
  label.map((l) => `> [${l}]: /in-a-quote`),
);
const reference = fc.oneof(
  label.map((l) => `see [${l}]`),
  label.map((l) => `see [text][${l}] and [${l}][]`),
  label.map((l) => `a note[^${l}]`),
  label.map((l) => `⚠️ **See [${l}]**\n   - Status: Open [^${l}]`),
  label.map((l) => `- [ ] [${l}] task`),
);

// A label broken across lines inside containers: a quote's `>` markers are not part of it.
const splitReference = fc
  .tuple(
    fc.constantFrom(
      ['', ''],
      ['> ', '> '],
      ['>', '>'],
      ['> > ', '> '],
      ['- > ', '  > '],
      ['- ', '  '],
      ['> ', ''],
    ),
    fc.constantFrom('', '^'),
    fc.constantFrom(['foo', 'bar'], ['Foo', ' BAR'], ['STRASSE', 'x'], ['Straße', 'X']),
  )
  .map(([[first, next], caret, [a, b]]) => `${first}see [${caret}${a}\n${next}${b}]`);

const containers = fc.oneof(
  fc.constantFrom(
    '> quote\n>\n> more',
    '> quote\nlazy continuation',
    '> - item in a quote\n> - another',
    '- a\n\n- b',
    '- a\n\n  para in a\n\n- b',
    '1. one\n\n   more of one\n\n2. two',
    '- a\nlazy continuation',
    '- a\n  - nested\n\n    para of nested',
    '   - Status: Open',
    '    indented code',
    '\tTabbed code',
    '***',
    '---',
    '**Last Updated**: 2026-01-28',
    'was BLOCKED by build issues',
    '[multi\nline]: /u',
    'see [multi line]',
    '~~done~~ www.example.com',
  ),
  title,
);

const block = fc.oneof(
  { arbitrary: atxHeading, weight: 3 },
  { arbitrary: setextHeading, weight: 1 },
  { arbitrary: emojiItem, weight: 4 },
  { arbitrary: checkboxList, weight: 2 },
  { arbitrary: table, weight: 1 },
  { arbitrary: fence, weight: 3 },
  { arbitrary: html, weight: 2 },
  { arbitrary: definition, weight: 2 },
  { arbitrary: reference, weight: 2 },
  { arbitrary: splitReference, weight: 1 },
  { arbitrary: containers, weight: 3 },
);

type Eol = 'lf' | 'crlf' | 'cr' | 'mixed';

/** Turns "\n" into CRLF or a lone CR everywhere, or into a mix of LF, CRLF and CR. */
function withEol(text: string, eol: Eol): string {
  const mix = ['\n', '\r\n', '\r'];
  let n = 0;
  return text.replace(/\n/g, () =>
    eol === 'mixed' ? mix[n++ % 3]! : { lf: '\n', crlf: '\r\n', cr: '\r' }[eol],
  );
}

const trackerDocument = fc
  .tuple(
    fc.array(fc.tuple(block, fc.constantFrom('\n', '\n\n', '\n\n', '\n\n\n')), {
      minLength: 1,
      maxLength: 30,
      size: 'large',
    }),
    fc.constantFrom<Eol>('lf', 'lf', 'lf', 'crlf', 'crlf', 'cr', 'mixed'),
    fc.constantFrom('', '', '\uFEFF', '\uFEFF\uFEFF'),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([blocks, eol, boms, trailing, section]) => {
    let text = blocks.map(([b, gap]) => b + gap).join('');
    if (!trailing) text = text.replace(/\n+$/, '');
    return {
      text: boms + withEol(text, eol),
      section: section && /known issues/i.test(text),
    };
  });

describe('the model of the piecewise parse is that of a whole-file parse', () => {
  it('covers every tracker fixture, real shape and example', () => {
    const names = FILES.join('\n');
    for (const dir of ['trackers/', 'real-shapes/', 'examples/']) expect(names, dir).toContain(dir);
    expect(FILES.length).toBeGreaterThanOrEqual(35);
  });

  it.each(FILES)('%s', (path) => {
    const text = readFileSync(join(root, path), 'utf8');
    expectSameModel(text, {}, path);
    if (KNOWN_ISSUES.test(text.replace(/^\uFEFF/, '')))
      expectSameModel(text, { section: SECTION }, `${path} (section)`);
  });

  it('on the fuzz corpus', { timeout: propertyTimeout }, () => {
    for (let i = 0; i < runs(15); i++) {
      const c = makeCase(i);
      expectSameModel(c.text, c.options, `fuzz case ${i} of seed ${SEED} (${c.source})`);
    }
  });

  // Inputs the properties found, kept as fixed cases.
  it.each([
    ['a lone CR as a line ending', 'a\rb'],
    ['a fence after a lone CR', 'x\r```\n\ny\n```\n\nz\n'],
    ['a label broken across the lines of a quote', '> see [foo\n> bar]\n\n[foo bar]: /u\n'],
    ['a link labelled ^ and a space', '[^foo bar]: /u\n\nx\n\nsee [^foo bar]\n'],
    ['an escaped bracket in a label', '[\\]]: /u\n\nx\n\nsee [\\]]\n'],
    ['a backslash before a line break in a label', 'see [a\\\nb]\n\n[a\\\nb]: /u\n'],
    ['two BOMs', '\uFEFF\uFEFFa\n\nb\n'],
    ['three BOMs', '\uFEFF\uFEFF\uFEFF# a\n\nb\n'],
    ['a BOM that starts a piece', 'a\n\n\uFEFF# b\n\nc\n'],
  ])('%s', (_name, text) => expectSameModel(text));

  it('on generated tracker-like documents', { timeout: propertyTimeout }, () => {
    fc.assert(
      fc.property(trackerDocument, ({ text, section }) =>
        expectSameModel(text, section ? { section: SECTION } : {}),
      ),
      { numRuns: runs(60) },
    );
  });
});
