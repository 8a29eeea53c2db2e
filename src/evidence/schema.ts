import { z } from 'zod';

/** How a workflow step ended, spelled exactly as `${{ steps.<id>.outcome }}` gives it. */
export const BuildOutcome = z.enum(['success', 'failure', 'cancelled', 'skipped']);
export type BuildOutcome = z.infer<typeof BuildOutcome>;

/** Lines quoted from a build log are cut to this many characters. */
export const MAX_QUOTE_LENGTH = 200;
/** At most this many error lines are quoted from a build log. */
export const MAX_FIRST_ERRORS = 5;

/**
 * The build step's outcome. `firstErrors` quotes the first error lines of the build log (only
 * read when the build failed and a log was given), so a report can show why without the log.
 */
export const Build = z.object({
  outcome: BuildOutcome,
  firstErrors: z.array(z.string().max(MAX_QUOTE_LENGTH)).max(MAX_FIRST_ERRORS),
  logFile: z.string().optional(),
});
export type Build = z.infer<typeof Build>;

/**
 * A test's outcome, as CTRF spells it. `other` is a test whose outcome is not known: it
 * errored before it could run (a failing setup), so it is neither a pass nor a failure.
 */
export const TestStatus = z.enum(['passed', 'failed', 'skipped', 'pending', 'other']);
export type TestStatus = z.infer<typeof TestStatus>;

const count = z.number().int().nonnegative();

/**
 * One test, shaped like a CTRF test: every test of a results file is kept, passing ones too,
 * so a check can tell "no test matched" from "all passed".
 */
export const TestCase = z.object({
  name: z.string(),
  /** The describe blocks, classes or parent tests around it, outermost first. */
  suite: z.array(z.string()),
  /** The test file (or go package, or class) it belongs to, relative to the workspace when it is a path inside it. */
  file: z.string().optional(),
  /** The test's line in its file (1-based), when the report gives one: annotations point there. */
  line: z.number().int().positive().optional(),
  status: TestStatus,
  /** Milliseconds; 0 when the report does not say. */
  duration: z.number().nonnegative(),
  /** First meaningful line of the failure (or skip) message, cut to {@link MAX_QUOTE_LENGTH} characters. */
  message: z.string().optional(),
  /** Attempts after the first one. */
  retries: count,
  /** Passed after failing at least once: counts as passing, reported as flaky. */
  flaky: z.boolean(),
});
export type TestCase = z.infer<typeof TestCase>;

/** The formats a results file can be read as; `test-results-format` forces one. */
export const ResultsFormat = z.enum([
  'junit',
  'jest',
  'vitest',
  'mocha',
  'rspec',
  'tap',
  'go',
  'trx',
  'ctrf',
]);
export type ResultsFormat = z.infer<typeof ResultsFormat>;

/**
 * Part of a run whose tests are not known: a file cut short, an aborted run, a package that did
 * not build, a test file that failed to load. `scope` is the test file or package it covers;
 * without one it covers every test. `line` (1-based) points into the results file.
 */
export const Gap = z.object({
  scope: z.string().optional(),
  reason: z.string(),
  line: z.number().int().positive().optional(),
});
export type Gap = z.infer<typeof Gap>;

/** What one results file says: its format and tool, its tests, and whether the run it records was complete. */
export const ResultsFile = z.object({
  /** The file as the workflow names it (or the pattern that matched no file). */
  path: z.string(),
  /** Null when the file could not be read as any format. */
  format: ResultsFormat.nullable(),
  /** The runner that wrote it, when the file says: `jest`, `vitest`, `node:test`, `pytest`, `go`, … */
  tool: z.string().optional(),
  /** False when any gap was found: the tests it covers are unknown, never passed. */
  complete: z.boolean(),
  tests: z.array(TestCase),
  gaps: z.array(Gap),
});
export type ResultsFile = z.infer<typeof ResultsFile>;

/** The test results of a run: one entry per file read, in the order read. */
export const TestResults = z.object({ files: z.array(ResultsFile) });
export type TestResults = z.infer<typeof TestResults>;

/** A results file (or pattern, or build log) that could not be used fully, and why. `line` is 1-based. */
export const EvidenceProblem = z.object({
  file: z.string(),
  line: z.number().int().positive().optional(),
  message: z.string(),
});
export type EvidenceProblem = z.infer<typeof EvidenceProblem>;

/**
 * Everything the workflow tells us. `tests` is null when no results were asked for. `problems`
 * lists every gap and unreadable file by name and line, for logs and annotations; what they
 * make unknown is recorded as gaps in `tests`.
 */
export const Evidence = z.object({
  build: Build.nullable(),
  tests: TestResults.nullable(),
  problems: z.array(EvidenceProblem),
});
export type Evidence = z.infer<typeof Evidence>;

/** Counts of a list of tests by status; `flaky` tests are also counted as passed. */
export interface TestCounts {
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  pending: number;
  other: number;
  flaky: number;
}

/** Counts tests by status. */
export function countTests(tests: readonly TestCase[]): TestCounts {
  const counts: TestCounts = {
    tests: 0,
    passed: 0,
    failed: 0,
    skipped: 0,
    pending: 0,
    other: 0,
    flaky: 0,
  };
  for (const test of tests) {
    counts.tests++;
    counts[test.status]++;
    if (test.flaky) counts.flaky++;
  }
  return counts;
}

/** Every test of the results, in file order. */
export const allTests = (results: TestResults): TestCase[] =>
  results.files.flatMap((file) => file.tests);
