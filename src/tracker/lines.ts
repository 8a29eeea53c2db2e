import type { Item } from './schema.js';
import { isStatusKey } from './vocabulary.js';

/** The offset where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The end of the line holding `offset`, before its `\n` or `\r\n`. */
export function lineEnd(text: string, offset: number): number {
  const at = text.indexOf('\n', offset);
  if (at < 0) return text.length;
  return text[at - 1] === '\r' ? at - 1 : at;
}

/** The indentation and bullet of a line, e.g. `   - `. */
export function bulletOf(text: string, offset: number): string {
  const line = text.slice(lineStart(text, offset), lineEnd(text, offset));
  return /^\s*(?:[-*+]|\d+[.)])\s+/.exec(line)?.[0] ?? '   - '; // `   - `, `1. `: a list marker
}

/**
 * Where a new status emoji goes: after heading hashes, list marker and checkbox; into a row's
 * status cell, or at the start of its title cell when it has none.
 */
export function markInsertionPoint(text: string, item: Item): number {
  if (item.family === 'table-row') {
    const cell = item.fields.find((f) => isStatusKey(f.key));
    return cell ? cell.valueRange.start.offset : item.titleRange.start.offset;
  }
  const start = item.headRange.start.offset;
  const head = text.slice(start, item.titleRange.start.offset);
  // `### `, or `- ` / `1. ` and a checkbox (`[ ]`, `[x]`, `[-]`, `[✅]`, also without a marker).
  const lead = /^(?:#+\s+|\s*(?:(?:[-*+]|\d+[.)])\s+)?(?:\[(?:[^\]\s]{1,3}| )\]\s+)?)/.exec(head)!;
  return start + lead[0].length;
}
