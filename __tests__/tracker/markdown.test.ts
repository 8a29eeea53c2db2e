import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import { describe, expect, it } from 'vitest';
import { generateTracker } from '../../bench/generate.js';
import { cutPoints, markdownStats, parseMarkdown } from '../../src/tracker/markdown.js';
import { runs } from '../support/fast-check-setup.js';

const whole = remark().use(remarkGfm);
const root = new URL('../..', import.meta.url).pathname;

/** Every markdown file under the fixtures and examples folders. */
function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}
const files = [
  ...markdownFiles(join(root, '__tests__/fixtures')),
  ...markdownFiles(join(root, 'examples')),
].map((path) => [path.slice(root.length), path] as const);

const read = (path: string) => readFileSync(path, 'utf8').replace(/^\uFEFF/, '');

/** Piece size 1 cuts at every cut point: the strictest reading of the pieces. */
const expectSameTree = (text: string) => {
  expect(parseMarkdown(text, { pieceSize: 1 })).toEqual(whole.parse(text));
  expect(parseMarkdown(text)).toEqual(whole.parse(text));
};

describe('parseMarkdown gives the tree of one whole-text parse', () => {
  it.each(files)('%s', (_name, path) => expectSameTree(read(path)));

  it.each([
    [
      'a reference before its definition',
      'a [foo] and [Foo  Bar]\n\nx\n\n[foo]: /url\n\n[foo bar]: /b\n',
    ],
    ['a footnote call before its definition', 'a [^1]\n\nx\n\n[^1]: note\n'],
    ['a footnote call after indented code', '\tTabbed\nsee [^n]\n\n[^n]: note'],
    ['a footnote call in an unclosed script', '[^n]: note\n\n<script>\n[^n]: note'],
    ['a fence holding blank lines', '```\na\n\nb\n\n```\n\nafter\n'],
    ['an unclosed fence in a list item', '- a\n\n  ```\n  x\n\ny\n\n```\nz\n\nw\n```\n\nv\n'],
    ['a fence inside an HTML block', '<div>\n```\n</div>\n\ny\n\n```\nq\n\nw\n```\n\nv\n'],
    ['an HTML comment holding blank lines', '<!--\n\ny\n\n-->\n\nz\n'],
    ['a list continued across paragraphs', '1. a\n\ny\n\n2. b\n\n- c\n\n- d\n'],
    ['CRLF line endings', '# T\r\n\r\n⚠️ **A**\r\n   - Status: Open\r\n\r\n✅ B\r\n'],
    ['a setext heading', 'Title\n=====\n\ntext\n\nSub\n---\n\nmore\n'],
    ['a table after a paragraph', 'p\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nq\n'],
  ])('%s', (_name, text) => expectSameTree(text));

  it('on generated trackers of every size the benchmark uses', () => {
    for (const items of [1, 10, 100]) expectSameTree(generateTracker(items));
  });

  // Blocks and fragments that cross pieces: fences, HTML blocks, definitions, lists, quotes.
  const fragment = fc.constantFrom(
    '',
    'text',
    '⚠️ **Item**',
    '   - Status: Open',
    '- a',
    '  - nested',
    '1. one',
    '2) two',
    '> quote',
    '```',
    '~~~~',
    '```js',
    '    indented code',
    '<!--',
    '-->',
    '<div>',
    '</div>',
    '<script>',
    '</script>',
    '<?php',
    '?>',
    '<!DOCTYPE html>',
    '[foo]: /url',
    '[Foo]',
    '[^n]: note',
    'see [^n]',
    '| a | Status |',
    '|---|---|',
    '| x | ✅ |',
    '## Heading',
    'Setext',
    '===',
    '---',
    '\tTabbed',
    '- [ ] task',
    '~~done~~ www.example.com',
    '- [bar]: /in-a-list',
    '> [q]: /in-a-quote',
    'see [bar] and [q]',
    '[multi',
    'line]: /u',
    'see [multi line]',
  );
  it('on random documents of those blocks', () => {
    fc.assert(
      fc.property(
        fc.array(fragment, { maxLength: 40 }),
        fc.constantFrom('\n', '\r\n'),
        (lines, eol) => expectSameTree(lines.join(eol)),
      ),
      { numRuns: runs(300) },
    );
  });
});

describe('cutPoints', () => {
  it('cuts before each item of a reference-style tracker, not inside it', () => {
    const text = '## P0\n\n⚠️ **A**\n   - Status: Open\n\n⚠️ **B**\n   - Status: Open\n';
    expect(cutPoints(text).map((at) => text.slice(at).split('\n')[0])).toEqual([
      '⚠️ **A**',
      '⚠️ **B**',
    ]);
  });

  it('never cuts inside a fence or before a line that may continue a list', () => {
    const text = '```\n\nx\n```\n\n- a\n\n- b\n\n> q\n';
    expect(cutPoints(text)).toEqual([]);
  });
});

describe('the piece cache', () => {
  it('parses again only the pieces an edit changed', () => {
    const text = generateTracker(300);
    parseMarkdown(text);
    const before = markdownStats.pieceParses;
    const edited = text.replace('Service 150 fails', 'Service 150 failed');
    expect(parseMarkdown(edited)).toEqual(whole.parse(edited));
    expect(markdownStats.pieceParses - before).toBeLessThanOrEqual(2);
  });
});
