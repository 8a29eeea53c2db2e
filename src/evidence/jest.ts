import { z } from 'zod';
import { describeShape } from './json.js';
import { gap, resultsFile, testCase, unreadable } from './results.js';
import type { Gap, ResultsFile, TestCase, TestStatus } from './schema.js';
import { firstLine } from './text.js';

/**
 * One test as Jest and Vitest write it. Jest's `--json` and Vitest's `--reporter=json` call the
 * list `assertionResults`; Jest's aggregated results (what reporters receive and custom
 * reporters save) call it `testResults`.
 */
const Assertion = z.object({
  ancestorTitles: z.array(z.string()).default([]),
  title: z.string(),
  status: z.enum(['passed', 'failed', 'skipped', 'pending', 'todo', 'disabled', 'focused']),
  duration: z.number().nullish(),
  failureMessages: z.array(z.string()).nullish(),
  /** jest-circus: attempts made, more than 1 with `jest.retryTimes`. */
  invocations: z.number().int().positive().nullish(),
  /** Where the test is: Jest with `--testLocationInResults`, Vitest with `includeTaskLocation`. */
  location: z.object({ line: z.number() }).passthrough().nullish(),
});
type Assertion = z.infer<typeof Assertion>;

/** A test file: `name` in `--json` output, `testFilePath` in the aggregated results. */
const TestFile = z
  .object({
    name: z.string().optional(),
    testFilePath: z.string().optional(),
    status: z.string().optional(),
    message: z.string().nullish(),
    failureMessage: z.string().nullish(),
    testExecError: z.object({ message: z.string().optional() }).passthrough().nullish(),
    assertionResults: z.array(Assertion).optional(),
    testResults: z.array(Assertion).optional(),
  })
  .refine((file) => file.name !== undefined || file.testFilePath !== undefined, {
    message: 'expected name or testFilePath',
  });
const Report = z.object({
  testResults: z.array(TestFile),
  wasInterrupted: z.boolean().optional(),
});

const STATUS: Record<Assertion['status'], TestStatus> = {
  passed: 'passed',
  focused: 'passed',
  failed: 'failed',
  skipped: 'skipped',
  disabled: 'skipped',
  pending: 'pending',
  todo: 'pending',
};

function readAssertion(assertion: Assertion, file: string): TestCase {
  const failures = assertion.failureMessages ?? [];
  const status = STATUS[assertion.status];
  // Jest counts attempts; Vitest keeps the messages of the attempts that failed before a pass.
  const retries = assertion.invocations
    ? assertion.invocations - 1
    : status === 'passed'
      ? failures.length
      : 0;
  return testCase({
    name: assertion.title,
    suite: assertion.ancestorTitles,
    file,
    line: assertion.location?.line,
    status,
    duration: assertion.duration ?? undefined,
    message: status === 'failed' ? failures[0] : undefined,
    retries,
    flaky: status === 'passed' && retries > 0,
  });
}

/** Jest and Vitest write the same shape; the keys only one of them writes tell them apart. */
export function isVitest(value: object): boolean {
  if ('wasInterrupted' in value || 'numRuntimeErrorTestSuites' in value) return false;
  if ('numTotalTestSuites' in value) return true;
  const report = value as { testResults?: { assertionResults?: { meta?: unknown }[] }[] };
  return (report.testResults ?? []).some((file) =>
    (file.assertionResults ?? []).some((a) => a.meta !== undefined),
  );
}

/**
 * Reads an already parsed Jest or Vitest JSON report, in every shape they write: `--json`
 * output (`name`, `assertionResults`), and the aggregated results that reporters receive
 * (`testFilePath`, `testResults`). A test file that failed without a failing test (an import
 * error, a failing hook) did not run: its tests are unknown.
 */
export function jestResultsFrom(
  value: unknown,
  path: string,
  format: 'jest' | 'vitest',
): ResultsFile {
  const parsed = Report.safeParse(value);
  if (!parsed.success) {
    return unreadable(
      path,
      format,
      `not a Jest/Vitest JSON report${describeShape(parsed.error.issues)}`,
    );
  }
  const tests: TestCase[] = [];
  const gaps: Gap[] = [];
  for (const file of parsed.data.testResults) {
    const name = (file.name ?? file.testFilePath)!;
    const assertions = file.assertionResults ?? file.testResults ?? [];
    const read = assertions.map((a) => readAssertion(a, name));
    tests.push(...read);
    const failedToRun =
      file.testExecError != null ||
      (file.status === 'failed' && !read.some((t) => t.status === 'failed'));
    if (failedToRun) {
      const why = file.testExecError?.message ?? file.message ?? file.failureMessage ?? undefined;
      gaps.push(gap(`test file failed to run: ${firstLine(why) ?? 'no message'}`, name));
    }
  }
  if (parsed.data.wasInterrupted) gaps.push(gap('the run was interrupted'));
  return resultsFile(path, format, { tests, gaps, tool: format });
}
