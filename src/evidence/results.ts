import type { Gap, ResultsFile, ResultsFormat, TestCase, TestStatus } from './schema.js';
import { firstLine } from './text.js';

/** The fields a reader knows about a test; the rest take their defaults. */
export interface TestFields {
  name: string;
  suite?: string[];
  file?: string | undefined;
  line?: number | undefined;
  status: TestStatus;
  duration?: number | undefined;
  /** The raw message: only its first meaningful line is kept. */
  message?: string | undefined;
  retries?: number;
  flaky?: boolean;
}

/** A test in the model's shape, with no `key: undefined` entries. */
export function testCase(fields: TestFields): TestCase {
  const message = firstLine(fields.message);
  const duration = fields.duration;
  return {
    name: fields.name,
    suite: (fields.suite ?? []).filter((s) => s !== ''),
    ...(fields.file ? { file: fields.file } : {}),
    ...(fields.file && fields.line && Number.isInteger(fields.line) && fields.line > 0
      ? { line: fields.line }
      : {}),
    status: fields.status,
    duration: duration !== undefined && Number.isFinite(duration) && duration > 0 ? duration : 0,
    ...(message === undefined ? {} : { message }),
    retries: fields.retries ?? 0,
    flaky: fields.flaky ?? false,
  };
}

/** A gap with no `key: undefined` entries. */
export const gap = (reason: string, scope?: string, line?: number): Gap => ({
  ...(scope ? { scope } : {}),
  reason,
  ...(line === undefined ? {} : { line }),
});

/** What a reader found in a file. `emptyLine` is where an empty file's problem points. */
export interface ReadFindings {
  tests: TestCase[];
  gaps?: Gap[];
  tool?: string | undefined;
  emptyLine?: number | undefined;
}

/** A results file read (partly or fully); it is complete when nothing left a gap. */
export function resultsFile(
  path: string,
  format: ResultsFormat,
  { tests, gaps = [], tool, emptyLine }: ReadFindings,
): ResultsFile {
  // A file with no test at all proves nothing: it is an empty suite, never "all passed".
  const all =
    tests.length === 0 && gaps.length === 0
      ? [gap('no test cases in file (empty suite)', undefined, emptyLine ?? 1)]
      : gaps;
  return {
    path,
    format,
    ...(tool ? { tool } : {}),
    complete: all.length === 0,
    tests,
    gaps: all,
  };
}

/** A file that could not be read at all: every test it might hold is unknown. */
export const unreadable = (
  path: string,
  format: ResultsFormat | null,
  reason: string,
  line?: number,
): ResultsFile => ({
  path,
  format,
  complete: false,
  tests: [],
  gaps: [gap(reason, undefined, line)],
});
