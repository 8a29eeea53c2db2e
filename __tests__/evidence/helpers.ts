import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { EvidenceProblem, ParseResult, TestResults } from '../../src/evidence/index.js';

/** The evidence fixtures folder. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/evidence/', import.meta.url));

export const fixture = (name: string): string => readFileSync(FIXTURES + name, 'utf8');

/** Asserts the parse succeeded and returns its results. */
export function ok(result: ParseResult): TestResults {
  if (!result.ok) expect.fail(`expected results, got problem: ${JSON.stringify(result.problem)}`);
  return result.results;
}

/** Asserts the parse failed and returns its problem. */
export function bad(result: ParseResult): EvidenceProblem {
  if (result.ok)
    expect.fail(`expected a problem, got totals ${JSON.stringify(result.results.totals)}`);
  return result.problem;
}
