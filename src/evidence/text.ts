import { MAX_QUOTE_LENGTH } from './schema.js';

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

/** The last line of a text (1-based), where a reader points when a file ends too early. */
export const lastLine = (text: string): number => lineAt(text, text.trimEnd().length);

/** A path or file URL as a plain path: `file:///w/a.test.ts` → `/w/a.test.ts`. */
export const fromFileUrl = (file: string): string =>
  file.startsWith('file://') ? decodeURIComponent(file.slice('file://'.length)) : file;
