import { z } from 'zod';
import type { FailingTest, ParseResult } from './schema.js';
import { firstLine, lineAt, optional, problem, stripBom, totals, type Failed } from './text.js';

/** The parts of Jest's `--json` report we read; Vitest's `--reporter=json` has the same shape. */
const Assertion = z.object({
  ancestorTitles: z.array(z.string()).default([]),
  title: z.string(),
  status: z.enum(['passed', 'failed', 'skipped', 'pending', 'todo', 'disabled', 'focused']),
  failureMessages: z.array(z.string()).nullish(),
});
const TestFile = z.object({
  name: z.string(),
  status: z.string().optional(),
  message: z.string().nullish(),
  assertionResults: z.array(Assertion).default([]),
});
const Report = z.object({ testResults: z.array(TestFile) });

/** Name given to the test that stands for a test file that failed without a failing test. */
export const SUITE_FAILED_TO_RUN = 'Test suite failed to run';

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** Parses JSON, locating a syntax error by line when the engine says where it is. */
export function parseJson(text: string, file: string): { ok: true; value: unknown } | Failed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const end = text.trimEnd().length;
    const lineColumn = /\(line (\d+) column \d+\)/.exec(message);
    const position = /at position (\d+)/.exec(message);
    const line = lineColumn
      ? Number(lineColumn[1])
      : position
        ? lineAt(text, Math.min(Number(position[1]), end))
        : /end of JSON input/i.test(message)
          ? lineAt(text, end)
          : undefined;
    return problem(file, `invalid JSON: ${message}`, line);
  }
}

/** Reads an already parsed Jest or Vitest JSON report. */
export function jestResultsFrom(value: unknown, file: string): ParseResult {
  const parsed = Report.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return problem(
      file,
      `not a Jest/Vitest JSON report${where}: ${issue?.message ?? 'unexpected shape'}`,
    );
  }
  const failures: FailingTest[] = [];
  let tests = 0;
  let skipped = 0;
  for (const testFile of parsed.data.testResults) {
    let failedHere = 0;
    for (const assertion of testFile.assertionResults) {
      tests++;
      if (assertion.status === 'failed') {
        failedHere++;
        failures.push({
          suite: assertion.ancestorTitles.join(' > ') || baseName(testFile.name),
          name: assertion.title,
          file: testFile.name,
          ...optional('message', firstLine(assertion.failureMessages?.[0])),
          kind: 'failure',
        });
      } else if (assertion.status !== 'passed' && assertion.status !== 'focused') {
        skipped++;
      }
    }
    // A file that failed with no failing test did not run (import error, syntax error, failing
    // hook): count it as one errored test so it can never read as a pass.
    if (testFile.status === 'failed' && failedHere === 0) {
      tests++;
      failures.push({
        suite: baseName(testFile.name),
        name: SUITE_FAILED_TO_RUN,
        file: testFile.name,
        ...optional('message', firstLine(testFile.message ?? undefined)),
        kind: 'error',
      });
    }
  }
  if (tests === 0) return problem(file, 'no test cases in file');
  const errored = failures.filter((f) => f.kind === 'error').length;
  return {
    ok: true,
    results: {
      files: [file],
      totals: totals(tests, failures.length - errored, errored, skipped),
      failures,
    },
  };
}

/**
 * Reads Jest `--json` output. Failing tests are named by their describe blocks (`a > b`) and
 * title; a test file that failed without any failing test (it did not even run) is one error.
 */
export function parseJestJson(input: string, file: string): ParseResult {
  const text = stripBom(input);
  if (text.trim() === '') return problem(file, 'empty file, expected Jest/Vitest JSON');
  const json = parseJson(text, file);
  return json.ok ? jestResultsFrom(json.value, file) : json;
}

/**
 * Reads Vitest `--reporter=json` output, which follows Jest's format (statuses
 * `passed|failed|skipped|pending|todo`, files that failed to load have no assertions).
 */
export const parseVitestJson: (input: string, file: string) => ParseResult = parseJestJson;
