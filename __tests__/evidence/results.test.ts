import { describe, expect, it } from 'vitest';
import { mergeResults, parseTestResults, TestResults } from '../../src/evidence/index.js';
import { bad, fixture, ok } from './helpers.js';

const parse = (name: string) => parseTestResults(fixture(name), name);

describe('parseTestResults picks the format by content', () => {
  it.each([
    ['jest-junit.xml', 8, 2],
    ['surefire.xml', 6, 1],
    ['jest.json', 7, 1],
    ['vitest.json', 7, 2],
  ])('%s: %i tests, %i failed', (name, tests, failed) => {
    const results = ok(parse(name));
    expect(results.totals.tests).toBe(tests);
    expect(results.totals.failed).toBe(failed);
    expect(TestResults.parse(results)).toEqual(results);
  });

  it('reads JUnit XML whatever the file is called', () => {
    expect(ok(parseTestResults(fixture('pytest.xml'), 'report.json')).totals.failed).toBe(1);
  });

  it.each(['empty.xml', 'whitespace-only.xml'])('%s is a problem, never 0 failures', (name) => {
    expect(bad(parse(name))).toEqual({
      file: name,
      message: 'empty file, expected JUnit XML or Jest/Vitest JSON',
    });
  });

  it('reports malformed XML with its line', () => {
    expect(bad(parse('malformed.xml'))).toMatchObject({ file: 'malformed.xml', line: 8 });
  });

  it('reports truncated JSON with its line', () => {
    const problem = bad(parse('truncated.json'));
    expect(problem).toMatchObject({ file: 'truncated.json', line: 45 });
    expect(problem.message).toMatch(/^invalid JSON: /);
  });

  it('locates a JSON syntax error in the middle of a file when the engine gives its position', () => {
    // A missing comma: "Expected ',' or '}' after property value in JSON at position 25".
    expect(
      bad(parseTestResults('{\n  "numTotalTests": 3\n  "testResults": []\n}', 'mid.json')).line,
    ).toBe(3);
  });

  it('still reports a JSON syntax error the engine does not locate', () => {
    const problem = bad(parseTestResults('{\n  "testResults": [\n    }\n]}', 'tok.json'));
    expect(problem.file).toBe('tok.json');
    expect(problem.message).toMatch(/^invalid JSON: Unexpected token/);
  });

  it('reports the wrong XML root', () => {
    expect(bad(parse('wrong-root.xml')).message).toBe(
      'expected <testsuites> or <testsuite> root element, found <test-run>',
    );
  });

  it('rejects JSON that is not a Jest/Vitest report', () => {
    expect(bad(parseTestResults('{"suites": []}', 'mocha.json')).message).toBe(
      'JSON without testResults, expected Jest or Vitest JSON output',
    );
  });

  it('rejects text that is neither XML nor JSON', () => {
    expect(bad(parseTestResults('PASS src/a.test.ts\n', 'out.txt'))).toEqual({
      file: 'out.txt',
      line: 1,
      message: 'unrecognised content, expected JUnit XML or Jest/Vitest JSON',
    });
  });
});

describe('mergeResults', () => {
  it('sums totals and concatenates files and failures in order', () => {
    const a = ok(parse('pytest.xml'));
    const b = ok(parse('surefire.xml'));
    const merged = mergeResults([a, b]);
    expect(merged.files).toEqual(['pytest.xml', 'surefire.xml']);
    expect(merged.totals).toEqual({ tests: 12, passed: 5, failed: 2, errored: 2, skipped: 3 });
    expect(merged.failures.map((f) => f.name)).toEqual([
      'test_create_user',
      'test_migrate',
      'appliesDiscount',
      'rejectsNegativeTotals',
    ]);
  });

  it('merges nothing into empty results', () => {
    expect(mergeResults([])).toEqual({
      files: [],
      totals: { tests: 0, passed: 0, failed: 0, errored: 0, skipped: 0 },
      failures: [],
    });
  });
});
