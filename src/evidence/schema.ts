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

/** One test that did not pass: `failure` is a failed assertion, `error` a crash or a suite that could not run. */
export const FailingTest = z.object({
  suite: z.string(),
  name: z.string(),
  file: z.string().optional(),
  /** First meaningful line of the failure message, cut to {@link MAX_QUOTE_LENGTH} characters. */
  message: z.string().optional(),
  kind: z.enum(['failure', 'error']),
});
export type FailingTest = z.infer<typeof FailingTest>;

const count = z.number().int().nonnegative();

/**
 * Counts taken from the test cases themselves, never from a file's summary attributes.
 * `tests = passed + failed + errored + skipped`; a suite that failed to run counts as one errored test.
 */
export const TestTotals = z.object({
  tests: count,
  passed: count,
  failed: count,
  errored: count,
  skipped: count,
});
export type TestTotals = z.infer<typeof TestTotals>;

/** What one or more results files say: the files read, their totals and every failing test. */
export const TestResults = z.object({
  files: z.array(z.string()),
  totals: TestTotals,
  failures: z.array(FailingTest),
});
export type TestResults = z.infer<typeof TestResults>;

/** A results file (or pattern, or build log) that could not be used, and why. `line` is 1-based. */
export const EvidenceProblem = z.object({
  file: z.string(),
  line: z.number().int().positive().optional(),
  message: z.string(),
});
export type EvidenceProblem = z.infer<typeof EvidenceProblem>;

/**
 * Everything the workflow tells us. `tests` is null when no results were asked for or none could
 * be read. Any entry in `problems` means the test evidence is incomplete: nothing may be resolved
 * from it, because a missing or broken file must never read as "0 failures".
 */
export const Evidence = z.object({
  build: Build.nullable(),
  tests: TestResults.nullable(),
  problems: z.array(EvidenceProblem),
});
export type Evidence = z.infer<typeof Evidence>;

/** What every results parser returns: the results, or the one problem that made the file unusable. */
export type ParseResult =
  { ok: true; results: TestResults } | { ok: false; problem: EvidenceProblem };
