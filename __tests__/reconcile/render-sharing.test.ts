import type { RootContent } from 'mdast';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderMarkdownSharing } from '../../src/reconcile/markdown.js';
import { parseFragment } from '../../src/tracker/markdown.js';
import { runs } from '../support/fast-check-setup.js';

/** Lines that make every kind of block, and lists next to lists. */
const LINES = [
  '- a',
  '* b',
  '1. c',
  '- [ ] d',
  '',
  '> e',
  '```',
  '    f',
  '# g',
  '<div>',
  '<!-- h -->',
  '| i | j |',
  '|---|---|',
  '[k]: https://example.com',
  'l *m* `n`',
  '***',
  'o  ',
  '\\',
];

const blocks = fc
  .array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 12 })
  .map((lines) => parseFragment(lines.join('\n')).children as RootContent[])
  .filter((children) => children.length > 0);

describe('renderMarkdownSharing', () => {
  it('renders what renderMarkdown renders, whichever block is shared', () => {
    fc.assert(
      fc.property(blocks, fc.nat(), (children, pick) => {
        const shared = children[pick % children.length]!;
        const whole = renderMarkdown(children);
        expect(renderMarkdownSharing(children, shared)).toBe(whole);
        // Again, from the kept rendering.
        expect(renderMarkdownSharing(children, shared)).toBe(whole);
      }),
      { numRuns: runs(300) },
    );
  });
});
