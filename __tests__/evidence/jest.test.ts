import { describe, expect, it } from 'vitest';
import { parseJestJson, parseVitestJson, SUITE_FAILED_TO_RUN } from '../../src/evidence/index.js';
import { bad, fixture, ok } from './helpers.js';

const ROOT = '/home/runner/work/app/app/';

describe('parseJestJson', () => {
  it('reads jest --json: describe path as suite, colours stripped, a suite that failed to run is one error', () => {
    const results = ok(parseJestJson(fixture('jest.json'), 'jest.json'));
    // numTotalTests is 6 in the file; the suite that failed to run adds one errored test.
    expect(results.totals).toEqual({ tests: 7, passed: 3, failed: 1, errored: 1, skipped: 2 });
    expect(results.files).toEqual(['jest.json']);
    expect(results.failures).toEqual([
      {
        suite: 'EmailExecutor',
        name: 'retries on provider failure',
        file: `${ROOT}src/lib/email/__tests__/EmailExecutor.test.ts`,
        message: 'Error: expect(received).toHaveBeenCalledTimes(expected)',
        kind: 'failure',
      },
      {
        suite: 'notifications.test.ts',
        name: SUITE_FAILED_TO_RUN,
        file: `${ROOT}src/lib/guardian/__tests__/notifications.test.ts`,
        message:
          "Cannot find module '@/lib/guardian/access' from 'src/lib/guardian/notifications.ts'",
        kind: 'error',
      },
    ]);
  });

  it('counts a file that failed with only passing tests (a failing afterAll) as an error', () => {
    const json = JSON.stringify({
      testResults: [
        {
          name: '/repo/a.test.ts',
          status: 'failed',
          message: 'afterAll hook timed out',
          assertionResults: [
            { ancestorTitles: [], title: 'works', status: 'passed', failureMessages: [] },
          ],
        },
      ],
    });
    const results = ok(parseJestJson(json, 'r.json'));
    expect(results.totals).toEqual({ tests: 2, passed: 1, failed: 0, errored: 1, skipped: 0 });
    expect(results.failures[0]).toMatchObject({
      suite: 'a.test.ts',
      kind: 'error',
      message: 'afterAll hook timed out',
    });
  });

  it('names a failing top-level test by its file', () => {
    const json = JSON.stringify({
      testResults: [
        {
          name: 'C:\\repo\\b.test.ts',
          status: 'failed',
          assertionResults: [
            {
              ancestorTitles: [],
              title: 't',
              status: 'failed',
              failureMessages: ['\n\nboom\nstack'],
            },
          ],
        },
      ],
    });
    expect(ok(parseJestJson(json, 'r.json')).failures).toEqual([
      {
        suite: 'b.test.ts',
        name: 't',
        file: 'C:\\repo\\b.test.ts',
        message: 'boom',
        kind: 'failure',
      },
    ]);
  });

  it('reports the truncated file with the line where the JSON stops', () => {
    expect(bad(parseJestJson(fixture('truncated.json'), 'truncated.json'))).toEqual({
      file: 'truncated.json',
      line: 45,
      message: expect.stringMatching(/^invalid JSON: /) as unknown as string,
    });
  });

  it('reports a JSON document of another shape', () => {
    const problem = bad(parseJestJson('{"testResults": [{"status": "passed"}]}', 'odd.json'));
    expect(problem.file).toBe('odd.json');
    expect(problem.message).toMatch(/^not a Jest\/Vitest JSON report at testResults\.0\.name: /);
  });

  it('rejects an unknown test status rather than guessing', () => {
    const json = JSON.stringify({
      testResults: [{ name: 'a', assertionResults: [{ title: 't', status: 'exploded' }] }],
    });
    expect(bad(parseJestJson(json, 's.json')).message).toMatch(
      /at testResults\.0\.assertionResults\.0\.status/,
    );
  });

  it('treats a report without tests as a problem, not as 0 failures', () => {
    expect(bad(parseJestJson('{"numTotalTests": 0, "testResults": []}', 'none.json')).message).toBe(
      'no test cases in file',
    );
  });

  it('treats empty input as a problem', () => {
    expect(bad(parseJestJson(' \n', 'e.json')).message).toBe(
      'empty file, expected Jest/Vitest JSON',
    );
  });
});

describe('parseVitestJson', () => {
  it('reads real vitest --reporter=json output, including a file that failed to load', () => {
    const results = ok(parseVitestJson(fixture('vitest.json'), 'vitest.json'));
    // skipped and todo both count as skipped.
    expect(results.totals).toEqual({ tests: 7, passed: 2, failed: 2, errored: 1, skipped: 2 });
    expect(results.failures).toEqual([
      {
        suite: 'broken.test.ts',
        name: SUITE_FAILED_TO_RUN,
        file: `${ROOT}src/broken.test.ts`,
        message: `Cannot find module './missing-module.js' imported from ${ROOT}src/broken.test.ts`,
        kind: 'error',
      },
      {
        suite: 'math',
        name: 'subtracts',
        file: `${ROOT}src/math.test.ts`,
        message: 'AssertionError: expected 2 to be 1 // Object.is equality',
        kind: 'failure',
      },
      {
        suite: 'math > division',
        name: 'throws',
        file: `${ROOT}src/math.test.ts`,
        message: "TypeError: Cannot read properties of undefined (reading 'x')",
        kind: 'failure',
      },
    ]);
  });
});
