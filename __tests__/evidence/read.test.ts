import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allTests, countTests, Evidence, readEvidence } from '../../src/evidence/index.js';
import { FIXTURES } from './helpers.js';

const read = (testResults: string[], extra: { buildOutcome?: string; buildLog?: string } = {}) =>
  readEvidence({ testResults, cwd: FIXTURES, ...extra });

const paths = (evidence: Evidence) => evidence.tests?.files.map((f) => f.path);
const counts = (evidence: Evidence) => countTests(allTests(evidence.tests!));

describe('readEvidence: test results', () => {
  it('expands globs, reads files in sorted order, keeps every test and reports paths relative to cwd', async () => {
    const evidence = await read(['surefire.xml', 'pytest*.xml']);
    expect(evidence.problems).toEqual([]);
    expect(evidence.build).toBeNull();
    expect(paths(evidence)).toEqual(['pytest-legacy.xml', 'pytest.xml', 'surefire.xml']);
    expect(counts(evidence)).toEqual({
      tests: 16,
      passed: 7,
      failed: 4,
      skipped: 4,
      pending: 0,
      other: 1,
      flaky: 1,
    });
    expect(Evidence.parse(evidence)).toEqual(evidence);
  });

  it('names a pattern that matches nothing and still reads the others', async () => {
    const evidence = await read(['missing-*.xml', 'jest-junit.xml']);
    expect(evidence.problems[0]).toEqual({
      file: 'missing-*.xml',
      message: 'no file matches missing-*.xml',
    });
    expect(paths(evidence)).toEqual(['missing-*.xml', 'jest-junit.xml']);
    expect(evidence.tests?.files[0]?.complete).toBe(false);
    expect(counts(evidence).failed).toBe(2);
  });

  it('keeps the good files and lists every bad one with its line', async () => {
    const evidence = await read([
      'jest-junit.xml',
      'malformed.xml',
      'empty.xml',
      'wrong-root.xml',
      'whitespace-only.xml',
    ]);
    expect(evidence.tests?.files.map((f) => [f.path, f.complete])).toEqual([
      ['empty.xml', false],
      ['jest-junit.xml', false],
      ['malformed.xml', false],
      ['whitespace-only.xml', false],
      ['wrong-root.xml', false],
    ]);
    expect(evidence.problems.map((p) => [p.file, p.line])).toEqual([
      ['empty.xml', 1],
      ['jest-junit.xml', undefined],
      ['malformed.xml', 8],
      ['whitespace-only.xml', 1],
      ['wrong-root.xml', 2],
    ]);
  });

  it('has no test at all, only problems, when every file is bad', async () => {
    const evidence = await read(['truncated.*', 'empty.xml', 'nope/*.xml']);
    expect(allTests(evidence.tests!)).toEqual([]);
    expect(evidence.problems.map((p) => [p.file, p.line])).toEqual([
      ['nope/*.xml', undefined],
      ['empty.xml', 1],
      ['truncated.json', 45],
      ['truncated.xml', 7],
    ]);
  });

  it('test-results-format forces one format on every file', async () => {
    const evidence = await readEvidence({
      testResults: ['vitest.json'],
      cwd: FIXTURES,
      format: 'jest',
    });
    expect(evidence.tests?.files[0]?.format).toBe('jest');
  });

  it('has no test results and no problem when none were asked for', async () => {
    expect(await read(['', '  '])).toEqual({ build: null, tests: null, problems: [] });
  });

  it('reads a file matched by two patterns once', async () => {
    const evidence = await read(['*.json', 'jest.json']);
    expect(paths(evidence)).toEqual([
      'ctrf.json',
      'go-test-invalid-line.json',
      'go-test.json',
      'jest.json',
      'rspec.json',
      'truncated.json',
      'vitest.json',
    ]);
    expect(evidence.problems).toContainEqual(
      expect.objectContaining({ file: 'truncated.json', line: 45 }) as unknown,
    );
  });

  it('gives the reference failure count of the 328-failure file', async () => {
    const evidence = await read(['junit-328-failures.xml']);
    expect(counts(evidence).failed).toBe(328);
    expect(evidence.problems).toEqual([]);
  });
});

describe('readEvidence: paths in a workspace', () => {
  let workspace: string;
  beforeAll(async () => {
    workspace = await mkdtemp(path.join(tmpdir(), 'evidence-'));
    await mkdir(path.join(workspace, 'results', 'shard-2'), { recursive: true });
    const report = {
      testResults: [
        {
          name: path.join(workspace, 'src', 'a.test.ts'),
          status: 'failed',
          assertionResults: [
            { ancestorTitles: ['a'], title: 'fails', status: 'failed', failureMessages: ['boom'] },
          ],
        },
        {
          name: '/elsewhere/b.test.ts',
          status: 'failed',
          assertionResults: [
            { ancestorTitles: ['b'], title: 'fails', status: 'failed', failureMessages: ['bang'] },
          ],
        },
      ],
    };
    await writeFile(
      path.join(workspace, 'results', 'shard-2', 'vitest.json'),
      JSON.stringify(report),
    );
    await writeFile(
      path.join(workspace, 'results', 'junit.xml'),
      '<testsuite name="s"><testcase name="t" file="lib/x.test.js"/></testsuite>',
    );
  });
  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('lists matched files relative to cwd and makes test files inside it relative', async () => {
    const evidence = await readEvidence({
      testResults: ['results/**/*.{xml,json}'],
      cwd: workspace,
    });
    expect(evidence.problems).toEqual([]);
    expect(paths(evidence)).toEqual(['results/junit.xml', 'results/shard-2/vitest.json']);
    expect(allTests(evidence.tests!).map((t) => t.file)).toEqual([
      'lib/x.test.js',
      'src/a.test.ts',
      '/elsewhere/b.test.ts',
    ]);
  });

  it('accepts an absolute path as a pattern', async () => {
    const evidence = await readEvidence({
      testResults: [path.join(workspace, 'results', 'junit.xml')],
      cwd: workspace,
    });
    expect(paths(evidence)).toEqual(['results/junit.xml']);
  });
});

describe('readEvidence: build', () => {
  it('quotes the first errors of the log of a failed build', async () => {
    const evidence = await read([], { buildOutcome: 'failure', buildLog: 'build-failure.txt' });
    expect(evidence.build).toEqual({
      outcome: 'failure',
      logFile: 'build-failure.txt',
      firstErrors: [
        "Module not found: Can't resolve '@/lib/email/emailService'",
        "Module not found: Can't resolve '@/lib/ai/personalization'",
        "Module not found: Can't resolve '@/lib/guardian/access'",
        'npm error Lifecycle script `build` failed with error:',
        'npm error code 1',
      ],
    });
    expect(evidence.tests).toBeNull();
    expect(evidence.problems).toEqual([]);
  });

  it('does not quote the log of a build that succeeded', async () => {
    const evidence = await read([], { buildOutcome: 'success', buildLog: 'build-failure.txt' });
    expect(evidence.build).toEqual({
      outcome: 'success',
      firstErrors: [],
      logFile: 'build-failure.txt',
    });
  });

  it('reports a build log that cannot be read', async () => {
    const evidence = await read([], { buildOutcome: 'failure', buildLog: 'no-such-build.txt' });
    expect(evidence.build).toEqual({
      outcome: 'failure',
      firstErrors: [],
      logFile: 'no-such-build.txt',
    });
    expect(evidence.problems).toEqual([
      {
        file: 'no-such-build.txt',
        message: expect.stringMatching(/^cannot read build log: ENOENT/) as unknown,
      },
    ]);
  });

  it('has no build evidence when the outcome is empty', async () => {
    expect((await read([], { buildOutcome: '' })).build).toBeNull();
  });

  it('rejects an unknown outcome as bad configuration', async () => {
    await expect(read(['jest-junit.xml'], { buildOutcome: 'passed' })).rejects.toThrow(
      'Invalid build outcome "passed": expected one of success, failure, cancelled, skipped',
    );
  });

  it('rejects a build log without an outcome', async () => {
    await expect(read([], { buildLog: 'build-failure.txt' })).rejects.toThrow(
      'A build log (build-failure.txt) was given without a build outcome',
    );
  });
});
