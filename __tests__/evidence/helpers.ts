import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  countTests,
  readResults,
  type ResultsFile,
  type ResultsFormat,
} from '../../src/evidence/index.js';

/** The evidence fixtures folder. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/evidence/', import.meta.url));
/** The reports the real runners wrote (regenerate with __tests__/fixtures/runners/regenerate.mjs). */
export const RUNNERS = fileURLToPath(new URL('../fixtures/runners/', import.meta.url));

export const fixture = (name: string): string => readFileSync(FIXTURES + name, 'utf8');

/** The text of a fixture: under the evidence fixtures, or `runners/<tool>/reports/<file>`. */
export const text = (name: string): string =>
  readFileSync(
    name.startsWith('runners/') ? RUNNERS + name.slice('runners/'.length) : FIXTURES + name,
    'utf8',
  );

/** Reads a fixture as the action would. */
export const read = (name: string, format?: ResultsFormat): ResultsFile =>
  readResults(text(name), name, format);

/** What a person checks of a results file: format, counts, the failing tests, the gaps. */
export function summary(file: ResultsFile) {
  const c = countTests(file.tests);
  return {
    format: file.format,
    tool: file.tool ?? null,
    complete: file.complete,
    passed: c.passed,
    failed: c.failed,
    skipped: c.skipped + c.pending,
    flaky: c.flaky,
    failing: file.tests
      .filter((t) => t.status === 'failed')
      .map((t) => [...t.suite, t.name].join(' > ')),
    gaps: file.gaps.map((g) => [g.scope ?? null, g.line ?? null, g.reason]),
  };
}
