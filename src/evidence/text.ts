import { MAX_QUOTE_LENGTH, type EvidenceProblem, type TestTotals } from './schema.js';

// eslint-disable-next-line no-control-regex -- terminal colour codes start with ESC
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** Removes terminal colour codes (Jest colours its messages even in `--json` output). */
export const stripAnsi = (text: string): string => text.replace(ANSI, '');

export const stripBom = (text: string): string => text.replace(/^\uFEFF/, '');

/** Cuts a line to `max` characters, marking the cut with an ellipsis. */
export const clip = (line: string, max = MAX_QUOTE_LENGTH): string =>
  line.length <= max ? line : `${line.slice(0, max - 1)}…`;

/**
 * The first meaningful line of a message: colours removed, trimmed, clipped. Jest's
 * `● Test suite failed to run` style headers are skipped, the line after them says what happened.
 */
export function firstLine(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  for (const raw of stripAnsi(text).split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line !== '' && !line.startsWith('●')) return clip(line);
  }
  return undefined;
}

/** The 1-based line of a 0-based offset into `text`. */
export const lineAt = (text: string, offset: number): number =>
  text.slice(0, offset).split('\n').length;

/** The failed half of a parse result. */
export type Failed = { ok: false; problem: EvidenceProblem };

export const problem = (file: string, message: string, line?: number): Failed => ({
  ok: false,
  problem: line === undefined ? { file, message } : { file, line, message },
});

/** Totals with `passed` derived, so the four counts always add up to `tests`. */
export function totals(
  tests: number,
  failed: number,
  errored: number,
  skipped: number,
): TestTotals {
  return { tests, passed: tests - failed - errored - skipped, failed, errored, skipped };
}

/** Adds a property only when it has a value, so results carry no `key: undefined` entries. */
export const optional = <K extends string>(key: K, value: string | undefined) =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
