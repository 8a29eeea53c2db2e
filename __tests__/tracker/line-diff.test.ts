import { applyPatch, createTwoFilesPatch, diffLines } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linesAdded, unifiedDiff } from '../../src/tracker/line-diff.js';
import { runs } from '../support/fast-check-setup.js';

/** Texts of a few distinct lines, CRLF and a missing last line ending among them. */
const text = fc
  .array(fc.constantFrom('a', 'b', 'c', '', '- x', '- x\r'), { maxLength: 14 })
  .chain((lines) =>
    fc.boolean().map((ended) => lines.join('\n') + (ended && lines.length ? '\n' : '')),
  );

/** The number of lines jsdiff's minimal diff removes and adds. */
function changedLines(before: string, after: string): number {
  return diffLines(before, after)
    .filter((part) => part.added || part.removed)
    .reduce((sum, part) => sum + (part.count ?? 0), 0);
}

describe('unifiedDiff', () => {
  it('writes the diff jsdiff writes for a small change', () => {
    const before = 'one\ntwo\nthree\nfour\nfive\nsix\nseven\n';
    const after = 'one\nTWO\nthree\nfour\nfive\nsix\nseven\neight';
    const jsdiff = createTwoFilesPatch('a/x.md', 'b/x.md', before, after, '', '', { context: 2 });
    expect(unifiedDiff('a/x.md', 'b/x.md', before, after, 2)).toBe(
      jsdiff.split('\n').slice(1).join('\n'),
    );
  });

  it('is empty for equal texts, and a hunk from line 0 for a new file', () => {
    expect(unifiedDiff('a', 'b', 'same\n', 'same\n', 2)).toBe('');
    expect(unifiedDiff('a', 'b', '', 'new\n', 2)).toBe('--- a\n+++ b\n@@ -0,0 +1,1 @@\n+new\n');
  });

  it('is a minimal diff that jsdiff applies back to the new text', () => {
    fc.assert(
      fc.property(text, text, fc.nat(3), (before, after, context) => {
        const patch = unifiedDiff('a/t', 'b/t', before, after, context);
        expect(patch === '').toBe(before === after);
        if (!patch) return;
        expect(applyPatch(before, patch, { autoConvertLineEndings: false })).toBe(after);
        const changed = patch.split('\n').filter((l) => /^[+-](?![+-]{2} [ab]\/t$)/.test(l));
        expect(changed.length).toBe(changedLines(before, after));
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('linesAdded', () => {
  it("numbers the new text's lines that the old one does not have there", () => {
    expect(linesAdded('a\nb\nc\n', 'a\nB\nc\nd\n')).toEqual([2, 4]);
    expect(linesAdded('', 'x\ny')).toEqual([1, 2]);
    expect(linesAdded('x\ny', 'x\ny')).toEqual([]);
  });
});
