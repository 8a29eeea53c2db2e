import diffSequencesEntry from '@jest/diff-sequences';
import { FILE_HEADERS_ONLY, formatPatch, type StructuredPatchHunk } from 'diff';

// The package's ESM entry exports the function itself; its types describe the CommonJS entry.
const diffSequences = diffSequencesEntry as unknown as typeof diffSequencesEntry.default;

/** A text's lines, each with its line ending: a last line without one differs from one with it. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Lines `a..aEnd` of the old text became lines `b..bEnd` of the new one (0-based, end excluded). */
interface Change {
  a: number;
  aEnd: number;
  b: number;
  bEnd: number;
}

/**
 * The changes of a minimal line diff, in order. Myers' algorithm in linear space (Jest's
 * diff-sequences): when many items of a large tracker move, jsdiff's diffLines took seconds.
 */
function changesOf(a: string[], b: string[]): Change[] {
  const changes: Change[] = [];
  let aNext = 0;
  let bNext = 0;
  const common = (length: number, aCommon: number, bCommon: number): void => {
    if (aCommon > aNext || bCommon > bNext) {
      changes.push({ a: aNext, aEnd: aCommon, b: bNext, bEnd: bCommon });
    }
    aNext = aCommon + length;
    bNext = bCommon + length;
  };
  diffSequences(a.length, b.length, (i, j) => a[i] === b[j], common);
  common(0, a.length, b.length);
  return changes;
}

/** The line numbers (1-based) of `after` that `before` does not have there: added or changed. */
export function linesAdded(before: string, after: string): number[] {
  const lines: number[] = [];
  for (const change of changesOf(linesOf(before), linesOf(after))) {
    for (let line = change.b; line < change.bEnd; line++) lines.push(line + 1);
  }
  return lines;
}

/**
 * A unified diff from `before` to `after` with `context` lines around each change (a last line
 * without a line ending marked as git marks it), or '' when the texts are equal.
 */
export function unifiedDiff(
  oldName: string,
  newName: string,
  before: string,
  after: string,
  context: number,
): string {
  const a = linesOf(before);
  const b = linesOf(after);
  const hunks: StructuredPatchHunk[] = [];
  const changes = changesOf(a, b);
  for (let first = 0; first < changes.length;) {
    // A hunk takes the following changes while the lines between them fit in its context.
    let last = first;
    while (last + 1 < changes.length && changes[last + 1]!.a - changes[last]!.aEnd <= 2 * context) {
      last++;
    }
    const start = Math.max(0, changes[first]!.a - context);
    const end = Math.min(a.length, changes[last]!.aEnd + context);
    const lines: string[] = [];
    const add = (prefix: string, line: string): void => {
      if (line.endsWith('\n')) lines.push(prefix + line.slice(0, -1));
      else lines.push(prefix + line, '\\ No newline at end of file');
    };
    let at = start;
    for (const change of changes.slice(first, last + 1)) {
      for (; at < change.a; at++) add(' ', a[at]!);
      for (; at < change.aEnd; at++) add('-', a[at]!);
      for (let line = change.b; line < change.bEnd; line++) add('+', b[line]!);
    }
    for (; at < end; at++) add(' ', a[at]!);
    const newStart = changes[first]!.b - (changes[first]!.a - start);
    const newEnd = changes[last]!.bEnd + (end - changes[last]!.aEnd);
    hunks.push({
      oldStart: start + 1,
      oldLines: end - start,
      newStart: newStart + 1,
      newLines: newEnd - newStart,
      lines,
    });
    first = last + 1;
  }
  if (!hunks.length) return '';
  return formatPatch(
    { oldFileName: oldName, newFileName: newName, oldHeader: '', newHeader: '', hunks },
    FILE_HEADERS_ONLY,
  );
}
