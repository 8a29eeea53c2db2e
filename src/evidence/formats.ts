import { ctrfResultsFrom } from './ctrf.js';
import { parseGoTestJson } from './gotest.js';
import { isVitest, jestResultsFrom } from './jest.js';
import { parseJson } from './json.js';
import { parseJUnit } from './junit.js';
import { mochaResultsFrom } from './mocha.js';
import { rspecResultsFrom } from './rspec.js';
import type { ResultsFile, ResultsFormat } from './schema.js';
import { parseTap } from './tap.js';
import { unreadable } from './results.js';
import { stripBom } from './text.js';
import { parseTrx } from './trx.js';

const EXPECTED =
  'expected JUnit XML, TRX, TAP, go test -json, or Jest, Vitest, Mocha, RSpec or CTRF JSON';

/** The format of a results file, told by its content (never its name), or null. */
export function detectFormat(text: string): ResultsFormat | null {
  const start = stripBom(text).trimStart();
  if (start.startsWith('<')) return /<TestRun[\s>]/.test(start.slice(0, 2000)) ? 'trx' : 'junit';
  if (/^(TAP version 1[34]\b|1\.\.\d|(not )?ok\b|# Subtest:)/.test(start)) return 'tap';
  if (/^\{\s*"(Time|Action|ImportPath)"\s*:/.test(start)) return 'go';
  if (!start.startsWith('{')) return null;
  const json = parseJson(start);
  if (!json.ok || typeof json.value !== 'object' || json.value === null) {
    // A go stream is one object per line: a document that is not one JSON value may be one.
    return /^\{[^\n]*"Action"\s*:/.test(start) ? 'go' : null;
  }
  const value = json.value;
  if ('reportFormat' in value || ('results' in value && !('testResults' in value))) return 'ctrf';
  if ('testResults' in value) return isVitest(value) ? 'vitest' : 'jest';
  if ('examples' in value && 'summary' in value) return 'rspec';
  if ('stats' in value && 'tests' in value) return 'mocha';
  return null;
}

/**
 * Reads a results file in the given format, or in the one its content shows. Empty, unknown or
 * broken content is a file with a gap naming the line, never an empty result.
 */
export function readResults(input: string, path: string, format?: ResultsFormat): ResultsFile {
  const text = stripBom(input);
  if (text.trim() === '') return unreadable(path, format ?? null, `empty file, ${EXPECTED}`, 1);
  const chosen = format ?? detectFormat(text);
  if (chosen === null) {
    const json = text.trimStart().startsWith('{') ? parseJson(text) : null;
    if (json && !json.ok) return unreadable(path, null, json.reason, json.line);
    return unreadable(path, null, `unrecognised content, ${EXPECTED}`, 1);
  }
  if (chosen === 'junit') return parseJUnit(text, path);
  if (chosen === 'trx') return parseTrx(text, path);
  if (chosen === 'tap') return parseTap(text, path);
  if (chosen === 'go') return parseGoTestJson(text, path);
  const json = parseJson(text);
  if (!json.ok) return unreadable(path, chosen, json.reason, json.line);
  if (chosen === 'ctrf') return ctrfResultsFrom(json.value, path);
  if (chosen === 'rspec') return rspecResultsFrom(json.value, path);
  if (chosen === 'mocha') return mochaResultsFrom(json.value, path);
  return jestResultsFrom(json.value, path, chosen);
}
