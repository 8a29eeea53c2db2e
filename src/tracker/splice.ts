/** Replace `[start, end)` of the text with `text`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies non-overlapping splices in one pass; an empty list returns the very same string.
 * Insertions at one point keep their order, text on the line before new lines (`" (#3)"` before
 * `"\n   - Status: …"`), and come before a replacement that starts there.
 */
export function applySplices(text: string, splices: Splice[]): string {
  if (!splices.length) return text;
  const sorted = splices
    .map((splice, order) => ({ splice, order }))
    .sort(
      (a, b) =>
        a.splice.start - b.splice.start ||
        a.splice.end - b.splice.end ||
        opensLine(a.splice) - opensLine(b.splice) ||
        a.order - b.order,
    );
  const out: string[] = [];
  let at = 0;
  for (const { splice } of sorted) {
    out.push(text.slice(at, splice.start), splice.text);
    at = splice.end;
  }
  out.push(text.slice(at));
  return out.join('');
}

/** 1 for an insertion that starts new lines, 0 for text within a line. */
const opensLine = (splice: Splice) => (/^\r?\n/.test(splice.text) ? 1 : 0);
