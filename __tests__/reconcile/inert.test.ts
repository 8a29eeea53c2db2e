import { describe, expect, it } from 'vitest';
import { inertMarkdown, inertPhrasing, inertPlain } from '../../src/reconcile/inert.js';
import { paragraph, renderMarkdown } from '../../src/reconcile/markdown.js';
import { inMarkdown, inPlainText } from '../support/github-references.js';

/** Everything that pings, links, closes or runs, in the shapes a tracker has it. */
const HOSTILE = [
  'Ping @octocat and @acme/security-team, cc:@someone.',
  'Fixes #1: crash on save; closes other/repo#2, resolved GH-3.',
  'fix: https://github.com/acme/widgets/issues/4 and https://github.com/acme/widgets/pull/5',
  '<script>alert(1)</script> <img src=x onerror=alert(1)> <b>bold</b>',
  'See #12, (#13), [#14] and owner/repo#15.',
].join('\n');

const none = { mentions: [], references: [], closes: [], html: [] };

describe('inertPlain', () => {
  it('leaves nothing to ping, link or close, and reads the same', () => {
    const plain = inertPlain(HOSTILE);
    expect(inPlainText(HOSTILE).closes.length).toBeGreaterThan(0);
    expect(inPlainText(plain)).toEqual(none);
    expect(plain.replace(/\u200D/g, '')).toBe(HOSTILE);
  });

  it('keeps e-mail addresses, words and ordinary text as they are', () => {
    for (const text of [
      'mail me at dev@example.com',
      'C# and F#',
      'Production Build Fails',
      'a #b',
    ])
      expect(inertPlain(text)).toBe(text);
  });

  it('replaces lone surrogates (bytes that were not UTF-8) with U+FFFD', () => {
    expect(inertPlain('Jos\uDCE9')).toBe('Jos\uFFFD');
  });
});

describe('inertPhrasing', () => {
  it('turns mentions and references into code and lets the renderer escape HTML', () => {
    const markdown = renderMarkdown([paragraph(...inertPhrasing(HOSTILE))]);
    expect(inMarkdown(markdown)).toEqual(none);
    expect(markdown).toContain('`@octocat`');
    expect(markdown).toContain('`other/repo#2`');
    expect(markdown).toContain('\\<script>');
  });
});

describe('inertMarkdown', () => {
  it('keeps the structure of copied notes and makes their text inert', () => {
    const notes = [
      '- Owner: @octocat',
      '- Related: [the old bug](https://github.com/acme/widgets/issues/9), #10',
      '- Link: <https://github.com/acme/widgets/pull/11>',
      '- Code: `@kept #1` stays code',
      '',
      '<details><summary>raw</summary><img src=x onerror=alert(1)></details>',
      '',
      '[ref]: https://github.com/acme/widgets/issues/12',
      '',
      '```sh',
      'echo @inside-code #1',
      '```',
    ].join('\n');
    expect(inMarkdown(notes).mentions).not.toEqual([]);
    const markdown = renderMarkdown(inertMarkdown(notes));
    expect(inMarkdown(markdown)).toEqual(none);
    expect(markdown).toContain('- Code: `@kept #1` stays code');
    expect(markdown).toContain('the old bug (`https://github.com/acme/widgets/issues/9`)');
    expect(markdown).toContain('echo @inside-code #1');
  });

  it('keeps links that are not to issues', () => {
    const markdown = renderMarkdown(inertMarkdown('See [the docs](https://example.com/docs).'));
    expect(markdown).toBe('See [the docs](https://example.com/docs).\n');
  });
});
