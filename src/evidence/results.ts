import { jestResultsFrom, parseJson } from './jest.js';
import { parseJUnit } from './junit.js';
import type { ParseResult, TestResults } from './schema.js';
import { problem, stripBom } from './text.js';

/**
 * Reads a results file whatever its format, chosen by content rather than by file name:
 * XML is JUnit, a JSON object with `testResults` is Jest/Vitest. Empty, unknown or broken
 * content is a problem, never an empty result.
 */
export function parseTestResults(input: string, file: string): ParseResult {
  const text = stripBom(input);
  const start = text.trimStart();
  if (start === '') return problem(file, 'empty file, expected JUnit XML or Jest/Vitest JSON');
  if (start.startsWith('<')) return parseJUnit(text, file);
  if (start.startsWith('{') || start.startsWith('[')) {
    const json = parseJson(text, file);
    if (!json.ok) return json;
    const value = json.value;
    if (typeof value === 'object' && value !== null && 'testResults' in value) {
      return jestResultsFrom(value, file);
    }
    return problem(file, 'JSON without testResults, expected Jest or Vitest JSON output');
  }
  return problem(file, 'unrecognised content, expected JUnit XML or Jest/Vitest JSON', 1);
}

/** Sums several files' results into one, keeping their order. */
export function mergeResults(parts: readonly TestResults[]): TestResults {
  const merged: TestResults = {
    files: [],
    totals: { tests: 0, passed: 0, failed: 0, errored: 0, skipped: 0 },
    failures: [],
  };
  for (const part of parts) {
    merged.files.push(...part.files);
    merged.failures.push(...part.failures);
    for (const key of Object.keys(merged.totals) as (keyof TestResults['totals'])[]) {
      merged.totals[key] += part.totals[key];
    }
  }
  return merged;
}
