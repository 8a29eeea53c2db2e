import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readEvidence, type Evidence } from '../../src/evidence/index.js';
import { Config, defaultConfig, parseCheck } from '../../src/reconcile/config.js';
import { classifyFailures } from '../../src/reconcile/failures.js';
import { markerFor, type IssueSnapshot } from '../../src/reconcile/issues.js';
import { plan } from '../../src/reconcile/plan.js';
import { renderEvidence } from '../../src/report/evidence.js';
import { renderPlan } from '../../src/report/plan.js';
import { parseTracker } from '../../src/tracker/index.js';
import { context } from '../support/simulate.js';

const fixtures = new URL('../fixtures/', import.meta.url).pathname;
const reference = readFileSync(`${fixtures}trackers/reference.md`, 'utf8');
const evidence = (...files: string[]): Promise<Evidence> =>
  readEvidence({ testResults: files, cwd: `${fixtures}evidence` });
const runner = (path: string): Promise<Evidence> =>
  readEvidence({ testResults: [path], cwd: `${fixtures}runners` });

/** One open P1 item checked by `check`, with its issue #7 open. */
const itemWith = (check: string) => `# Known Issues

## P1 Outstanding

⚠️ **Coupons are wrong** (#7)
   - Check: ${check}
   - Impact: checkout totals
`;
const stub: IssueSnapshot = {
  number: 7,
  title: 'Coupons are wrong',
  body: markerFor('coupons-are-wrong'),
  state: 'open',
  labels: ['known-issue', 'P1'],
  itemId: 'coupons-are-wrong',
};
const none: Evidence = { build: null, tests: null, problems: [] };
/** Issue #7 as the action last wrote it for the item's text: nothing about it is out of date. */
const issueFor = (text: string): IssueSnapshot => {
  const update = plan(text, none, [stub], defaultConfig(), context).operations[0];
  return { ...stub, body: update?.kind === 'update' ? (update.body ?? stub.body) : stub.body };
};

describe('Check: grammar for tests', () => {
  it('reads globs, quoted names and file::name ids, alone or together', () => {
    expect(parseCheck('tests src/auth/**')).toEqual({
      kind: 'tests',
      select: [{ kind: 'files', pattern: 'src/auth/**' }],
    });
    expect(parseCheck('tests "checkout applies coupons"')).toEqual({
      kind: 'tests',
      select: [{ kind: 'name', name: 'checkout applies coupons' }],
    });
    expect(parseCheck('tests src/cart.test.ts::cart > applies coupons')).toEqual({
      kind: 'tests',
      select: [{ kind: 'id', file: 'src/cart.test.ts', name: 'cart > applies coupons' }],
    });
    expect(parseCheck('tests `src/a/**`, "b c", x.test.ts::"d"')).toEqual({
      kind: 'tests',
      select: [
        { kind: 'files', pattern: 'src/a/**' },
        { kind: 'name', name: 'b c' },
        { kind: 'id', file: 'x.test.ts', name: 'd' },
      ],
    });
    expect(parseCheck('tests "unclosed')).toBeNull();
    expect(parseCheck('build now')).toBeNull();
  });
});

describe('a check matching no test is unknown, never a pass', () => {
  it('`Check: tests src/atuh/**` (a typo) leaves the item and its issue as they were', async () => {
    const text = itemWith('tests src/atuh/**');
    const result = plan(
      text,
      await evidence('reference-run.xml'),
      [issueFor(text)],
      defaultConfig(),
      context,
    );
    expect(result.edits).toEqual([]);
    expect(result.operations).toEqual([]);
    expect(result.links[0]?.verdict).toEqual({
      state: 'unknown',
      failures: null,
      summary: 'no test matched `src/atuh/**`',
    });
    expect(renderPlan(result, '')).toContain(
      'coupons-are-wrong: unknown (no test matched `src/atuh/**`)',
    );
  });

  it('a named test that is only skipped is unknown too', async () => {
    const text = itemWith('tests "checkout ships abroad"');
    const result = plan(
      text,
      await evidence('reference-run.xml'),
      [issueFor(text)],
      defaultConfig(),
      context,
    );
    expect(result.links[0]?.verdict.summary).toBe(
      'every test matching `"checkout ships abroad"` was skipped',
    );
    expect(result.edits).toEqual([]);
  });
});

describe('test-level links', () => {
  it('by name: the plan says which tests failed and passed; the count covers them', async () => {
    const text = itemWith('tests "checkout applies coupons", "checkout computes the total"');
    const result = plan(
      text,
      await evidence('reference-run.xml'),
      [issueFor(text)],
      defaultConfig(),
      context,
    );
    expect(result.links[0]?.verdict).toMatchObject({
      state: 'fail',
      failures: 1,
      tests: {
        failed: [
          'src/app/checkout/__tests__/checkout.test.ts::checkout > checkout applies coupons',
        ],
        passed: [
          'src/app/checkout/__tests__/checkout.test.ts::checkout > checkout computes the total',
        ],
        flaky: [],
      },
    });
    const printed = renderPlan(result, '');
    expect(printed).toContain(
      '    failed: src/app/checkout/__tests__/checkout.test.ts::checkout > checkout applies coupons',
    );
    expect(printed).toContain(
      '    passed: src/app/checkout/__tests__/checkout.test.ts::checkout > checkout computes the total',
    );
  });

  it('by id (file::name) and by glob, from a real runner report', async () => {
    const mocha = await runner('mocha/reports/mocha.json');
    const judged = (check: string) =>
      plan(itemWith(check), mocha, [issueFor(itemWith(check))], defaultConfig(), context).links[0]
        ?.verdict;
    expect(
      judged('tests /home/runner/work/shop/shop/cart.test.js::cart coupons > applies coupons')
        ?.state,
    ).toBe('fail');
    expect(judged('tests **/cart.test.js')).toMatchObject({ state: 'fail', failures: 1 });
    // Passed on its second attempt: passing, and reported as flaky.
    expect(judged('tests "talks to the payment service"')).toMatchObject({
      state: 'pass',
      summary: expect.stringContaining('(1 flaky test passed on retry)') as unknown,
      tests: {
        flaky: ['/home/runner/work/shop/shop/cart.test.js::cart > talks to the payment service'],
      },
    });
  });

  it('a passing named test resolves the item and closes its issue', async () => {
    const text = itemWith('tests "checkout computes the total"');
    const result = plan(
      text,
      await evidence('reference-run.xml'),
      [issueFor(text)],
      defaultConfig(),
      context,
    );
    expect(result.edits.map((e) => e.edit.kind)).toContain('set-status');
    expect(result.operations.map((o) => o.kind)).toEqual(['close']);
  });

  it('the count rule counts the tests the check covers when it names any', async () => {
    const config = Config.parse({
      checks: { 'test-coverage-improvement': 'tests src/lib/email/**' },
    });
    const result = plan(reference, await evidence('reference-run.xml'), [], config, context);
    const count = result.edits.find((e) => e.edit.kind === 'replace-text');
    expect(count?.edit).toMatchObject({
      find: '328 failures remaining',
      replace: '2 failures remaining',
    });
    // Without a check naming tests, it counts all failures.
    const all = plan(reference, await evidence('reference-run.xml'), [], defaultConfig(), context);
    expect(all.edits.find((e) => e.edit.kind === 'replace-text')?.edit).toMatchObject({
      replace: '3 failures remaining',
    });
  });
});

describe('an incomplete run makes the tests it covers unknown: nothing is resolved on it', () => {
  it.each([
    ['truncated.xml', 'truncated.xml:7: invalid XML: file ends inside'],
    [
      'go-test-invalid-line.json',
      'go-test-invalid-line.json:13: invalid JSON line in the go test -json stream',
    ],
    ['dotnet-aborted.trx', 'dotnet-aborted.trx:37: the test run ended Aborted'],
    ['jest-junit-no-tests.xml', 'jest-junit-no-tests.xml:2: no test cases in file (empty suite)'],
  ])('%s', async (file, said) => {
    const result = plan(
      itemWith('tests'),
      await evidence(file),
      [issueFor(itemWith('tests'))],
      defaultConfig(),
      context,
    );
    expect(result.links[0]?.verdict.state).toBe('unknown');
    expect(result.links[0]?.verdict.summary).toContain(said);
    expect(result.edits).toEqual([]);
    expect(result.operations).toEqual([]);
  });

  it('a package that did not build is unknown; another package is judged', async () => {
    const go = await evidence('go-test.json');
    const judged = (check: string) =>
      plan(itemWith(check), go, [issueFor(itemWith(check))], defaultConfig(), context).links[0]
        ?.verdict.state;
    expect(judged('tests github.com/acme/shop/payments')).toBe('unknown');
    expect(judged('tests github.com/acme/shop/inventory')).toBe('pass');
    expect(judged('tests')).toBe('unknown');
  });

  it('a test whose setup failed (outcome other) is unknown, not a failure', async () => {
    const pytest = await evidence('pytest.xml');
    const verdict = plan(
      itemWith('tests "test_migrate"'),
      pytest,
      [issueFor(itemWith('tests "test_migrate"'))],
      defaultConfig(),
      context,
    ).links[0]?.verdict;
    expect(verdict?.state).toBe('unknown');
    expect(verdict?.summary).toMatch(
      /^the outcome of 1 test is unknown \(tests\.test_db::pytest > test_migrate: failed on setup/,
    );
  });
});

describe('known and new failures', () => {
  const config = Config.parse({
    checks: { 'test-coverage-improvement': 'tests src/lib/email/**' },
  });
  const tracker = parseTracker(reference).tracker;

  it('on the reference tracker: two failures known by "Test coverage improvement", one new', async () => {
    const coverage = classifyFailures(tracker, await evidence('reference-run.xml'), config);
    expect(coverage.known.map((k) => [k.id, k.itemIds])).toEqual([
      [
        'src/lib/email/__tests__/EmailExecutor.test.ts::EmailExecutor > EmailExecutor fails over to the second provider',
        ['test-coverage-improvement'],
      ],
      [
        'src/lib/email/__tests__/EmailExecutor.test.ts::EmailExecutor > EmailExecutor personalizes the subject',
        ['test-coverage-improvement'],
      ],
    ]);
    expect(coverage.new.map((n) => n.id)).toEqual([
      'src/app/checkout/__tests__/checkout.test.ts::checkout > checkout applies coupons',
    ]);
    expect(coverage.appearsFixed).toEqual([]);
  });

  it('when every email test passes, "Test coverage improvement" appears fixed', async () => {
    const coverage = classifyFailures(
      tracker,
      await evidence('reference-run-email-fixed.xml'),
      config,
    );
    expect(coverage.known).toEqual([]);
    expect(coverage.new.map((n) => n.test.name)).toEqual(['checkout applies coupons']);
    expect(coverage.appearsFixed.map((a) => [a.itemId, a.verdict.summary])).toEqual([
      [
        'test-coverage-improvement',
        '0 of 3 tests matching `src/lib/email/**` failed in reference-run-email-fixed.xml',
      ],
    ]);
  });

  it('the plan carries the answer, and the report renders it with the evidence read', async () => {
    const run = await evidence('reference-run.xml', 'truncated.xml');
    const result = plan(reference, run, [], config, context);
    expect(result.failures?.new).toHaveLength(1);
    expect(renderEvidence(run, result.failures)).toBe(`### Evidence read

| File | Format | Tests | Passed | Failed | Skipped | Flaky | Complete |
| - | - | -: | -: | -: | -: | -: | -: |
| \`reference-run.xml\` | junit (jest) | 6 | 2 | 3 | 1 | 0 | yes |
| \`truncated.xml\` | junit | 0 | 0 | 0 | 0 | 0 | no |

Problems (the tests they cover are unknown, never passed):

- \`truncated.xml:7\`: invalid XML: file ends inside \\<testsuites>, \\<testsuite>, \\<testcase>, \\<failure>, truncated?

### Known and new failures

New failures (no open item covers them): 1

- \`src/app/checkout/__tests__/checkout.test.ts::checkout > checkout applies coupons\`: Error: expect(received).toBe(expected) // Object.is equality

Known failures (covered by an open item): 2

- \`src/lib/email/__tests__/EmailExecutor.test.ts::EmailExecutor > EmailExecutor fails over to the second provider\` — \`test-coverage-improvement\`
- \`src/lib/email/__tests__/EmailExecutor.test.ts::EmailExecutor > EmailExecutor personalizes the subject\` — \`test-coverage-improvement\`
`);
  });
});
