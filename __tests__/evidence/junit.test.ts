import { describe, expect, it } from 'vitest';
import { parseJUnit } from '../../src/evidence/index.js';
import { bad, fixture, ok } from './helpers.js';

const parse = (name: string) => parseJUnit(fixture(name), name);

describe('parseJUnit on real tool output', () => {
  it('jest-junit: counts the suite that failed to run as an error, not from the count attributes', () => {
    const results = ok(parse('jest-junit.xml'));
    // The file's own attributes say tests="7": jest-junit leaves the failed suite out of them.
    expect(results.totals).toEqual({ tests: 8, passed: 4, failed: 2, errored: 1, skipped: 1 });
    expect(results.files).toEqual(['jest-junit.xml']);
    expect(results.failures).toEqual([
      {
        suite: 'EmailExecutor',
        name: 'EmailExecutor retries on provider failure',
        message: 'Error: expect(received).toHaveBeenCalledTimes(expected)',
        kind: 'failure',
      },
      {
        suite: 'EmailExecutor',
        name: 'EmailExecutor personalization falls back to the default template',
        message: "TypeError: Cannot read properties of undefined (reading 'firstName')",
        kind: 'failure',
      },
      {
        suite: 'src/lib/guardian/__tests__/notifications.test.ts',
        name: 'src/lib/guardian/__tests__/notifications.test.ts',
        // The "● Test suite failed to run" header is skipped for the line that says why.
        message:
          "Cannot find module '@/lib/guardian/access' from 'src/lib/guardian/notifications.ts'",
        kind: 'error',
      },
    ]);
  });

  it('pytest (<testsuites> wrapper): failure and setup error, message attribute first line, classname as file', () => {
    const results = ok(parse('pytest.xml'));
    expect(results.totals).toEqual({ tests: 6, passed: 2, failed: 1, errored: 1, skipped: 2 });
    expect(results.failures).toEqual([
      {
        suite: 'pytest',
        name: 'test_create_user',
        file: 'tests.test_api',
        message: 'AssertionError: assert 500 == 201',
        kind: 'failure',
      },
      {
        suite: 'pytest',
        name: 'test_migrate',
        file: 'tests.test_db',
        message:
          'failed on setup with "sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) unable to open database file"',
        kind: 'error',
      },
    ]);
  });

  it('pytest (old root <testsuite>): takes the file attribute of the test case', () => {
    const results = ok(parse('pytest-legacy.xml'));
    expect(results.totals).toEqual({ tests: 4, passed: 2, failed: 1, errored: 0, skipped: 1 });
    expect(results.failures).toEqual([
      {
        suite: 'pytest',
        name: 'test_sub',
        file: 'tests/test_math.py',
        message: 'assert 1 == 2',
        kind: 'failure',
      },
    ]);
  });

  it('Maven Surefire: error without message uses the text, flaky and rerun entries are not extra failures', () => {
    const results = ok(parse('surefire.xml'));
    // sendsReminderEmail only has a <flakyFailure>: it passed on rerun.
    expect(results.totals).toEqual({ tests: 6, passed: 3, failed: 1, errored: 1, skipped: 1 });
    expect(results.failures).toEqual([
      {
        suite: 'com.example.billing.InvoiceServiceTest',
        name: 'appliesDiscount',
        file: 'com.example.billing.InvoiceServiceTest',
        message: 'expected: <90.00> but was: <100.00>',
        kind: 'failure',
      },
      {
        suite: 'com.example.billing.InvoiceServiceTest',
        name: 'rejectsNegativeTotals',
        file: 'com.example.billing.InvoiceServiceTest',
        message:
          'java.lang.NullPointerException: Cannot invoke "com.example.billing.Customer.getId()" because "customer" is null',
        kind: 'error',
      },
    ]);
  });

  it('go-junit-report: subtests, skipped test and a package that did not build', () => {
    const results = ok(parse('go-junit-report.xml'));
    expect(results.totals).toEqual({ tests: 7, passed: 3, failed: 2, errored: 1, skipped: 1 });
    expect(results.failures.map((f) => [f.suite, f.name, f.kind, f.message])).toEqual([
      ['github.com/acme/shop/cart', 'TestTotal', 'failure', 'Failed'],
      ['github.com/acme/shop/cart', 'TestCoupons/expired', 'failure', 'Failed'],
      ['github.com/acme/shop/payments', '[build failed]', 'error', 'Build error'],
    ]);
    expect(results.failures[2]?.file).toBe('github.com/acme/shop/payments');
  });

  it('mocha-junit-reporter: file from the suite, empty Root Suite, failing hook', () => {
    const results = ok(parse('mocha-junit-reporter.xml'));
    expect(results.totals).toEqual({ tests: 6, passed: 3, failed: 2, errored: 0, skipped: 1 });
    expect(results.failures).toEqual([
      {
        suite: 'Orders API validation',
        name: 'Orders API validation rejects an empty cart',
        file: 'test/api/orders.spec.js',
        message: 'expected 201 to equal 422',
        kind: 'failure',
      },
      {
        suite: 'Inventory',
        name: 'Inventory "before each" hook for "reserves stock"',
        file: 'test/inventory.spec.js',
        message:
          'Timeout of 2000ms exceeded. For async tests and hooks, ensure "done()" is called; if returning a Promise, ensure it resolves. (/home/runner/work/app/app/test/inventory.spec.js)',
        kind: 'failure',
      },
    ]);
  });

  it('PHPUnit: test suites nested three and four deep, named by the nearest suite', () => {
    const results = ok(parse('phpunit-nested.xml'));
    expect(results.totals).toEqual({ tests: 6, passed: 3, failed: 1, errored: 1, skipped: 1 });
    const file = '/home/runner/work/shop/shop/tests/Unit/PriceCalculatorTest.php';
    expect(results.failures).toEqual([
      {
        suite: 'Tests\\Unit\\PriceCalculatorTest',
        name: 'testCurrencyConversion',
        file,
        message: 'Tests\\Unit\\PriceCalculatorTest::testCurrencyConversion',
        kind: 'error',
      },
      {
        suite: 'Tests\\Unit\\PriceCalculatorTest::testRounds',
        name: 'testRounds with data set #1',
        file,
        message: 'Tests\\Unit\\PriceCalculatorTest::testRounds with data set #1 (10.005, 10.01)',
        kind: 'failure',
      },
    ]);
  });

  it('.NET JUnit logger: decodes &#xD;&#xA; in messages and keeps the first line', () => {
    const results = ok(parse('dotnet-junit-logger.xml'));
    expect(results.totals).toEqual({ tests: 5, passed: 2, failed: 2, errored: 0, skipped: 1 });
    expect(results.failures).toEqual([
      {
        suite: 'Acme.Orders.Tests.dll',
        name: 'PlaceOrder_WithoutStock_Throws',
        file: 'Acme.Orders.Tests.OrderServiceTests',
        message: 'Assert.Throws() Failure: No exception was thrown',
        kind: 'failure',
      },
      {
        suite: 'Acme.Orders.Tests.dll',
        name: 'Total_AppliesVat(rate: 0.07)',
        file: 'Acme.Orders.Tests.PricingTests',
        message: 'Assert.Equal() Failure: Values differ',
        kind: 'failure',
      },
    ]);
  });

  it('a root <testsuite> without count attributes is counted from its test cases', () => {
    const results = ok(parse('junit-no-counts.xml'));
    expect(results.totals).toEqual({ tests: 4, passed: 2, failed: 2, errored: 0, skipped: 0 });
    expect(results.failures).toEqual([
      {
        suite: 'smoke',
        name: 'api health is ok',
        file: 'smoke.http',
        message: 'GET /api/health returned 503',
        kind: 'failure',
      },
      // No message attribute: the element text is the message.
      {
        suite: 'smoke',
        name: '--version prints the version',
        file: 'smoke.cli',
        message: 'expected "1.4.2", got ""',
        kind: 'failure',
      },
    ]);
  });

  it('reads the 328- and 312-failure reference files exactly', () => {
    const before = ok(parse('junit-328-failures.xml'));
    const after = ok(parse('junit-312-failures.xml'));
    expect(before.totals).toEqual({
      tests: 1500,
      passed: 1160,
      failed: 328,
      errored: 0,
      skipped: 12,
    });
    expect(after.totals).toEqual({
      tests: 1500,
      passed: 1176,
      failed: 312,
      errored: 0,
      skipped: 12,
    });
    expect(before.failures).toHaveLength(328);
    expect(new Set(before.failures.map((f) => f.suite)).size).toBe(6);
    expect(before.failures[0]).toEqual({
      suite: 'EmailExecutor',
      name: 'EmailExecutor case 005',
      file: 'src/lib/email/__tests__/EmailExecutor.test.ts',
      message: "TypeError: Cannot read properties of undefined (reading 'id')",
      kind: 'failure',
    });
    // The 312 file is the 328 file with 16 of its failures fixed, nothing else changed.
    const key = (f: { suite: string; name: string }) => `${f.suite}/${f.name}`;
    const stillFailing = new Set(after.failures.map(key));
    const fixed = before.failures.filter((f) => !stillFailing.has(key(f)));
    expect(fixed).toHaveLength(16);
    expect(new Set(fixed.map((f) => f.suite))).toEqual(new Set(['campaign API']));
  });
});

describe('parseJUnit edge cases', () => {
  it('reports an unclosed tag with the line where the parser noticed it', () => {
    const problem = bad(parse('malformed.xml'));
    expect(problem.file).toBe('malformed.xml');
    expect(problem.line).toBe(8);
    expect(problem.message).toBe(
      "invalid XML: Expected closing tag 'failure' (opened in line 7, col 7) instead of closing tag 'testcase'.",
    );
  });

  it('reports a file cut off mid-write at its last line, naming the open elements', () => {
    expect(bad(parse('truncated.xml'))).toEqual({
      file: 'truncated.xml',
      line: 7,
      message:
        'invalid XML: file ends inside <testsuites>, <testsuite>, <testcase>, <failure>, truncated?',
    });
  });

  it('keeps line numbers right when blank lines precede the XML declaration', () => {
    const problem = bad(
      parseJUnit(
        '\n\n<?xml version="1.0"?>\n<testsuite>\n<testcase name="a">\n</testsuite>',
        'x.xml',
      ),
    );
    expect(problem.line).toBe(6);
  });

  it('rejects a document whose root is not a test suite', () => {
    expect(bad(parse('wrong-root.xml'))).toEqual({
      file: 'wrong-root.xml',
      message: 'expected <testsuites> or <testsuite> root element, found <test-run>',
    });
  });

  it('rejects two root elements', () => {
    const problem = bad(
      parseJUnit('<testsuite><testcase name="a"/></testsuite><testsuite/>', 'two.xml'),
    );
    expect(problem.message).toBe('expected a single <testsuites> or <testsuite> root element');
  });

  it('treats a well-formed file without a single test case as a problem, not as 0 failures', () => {
    expect(bad(parse('jest-junit-no-tests.xml'))).toEqual({
      file: 'jest-junit-no-tests.xml',
      message: 'no test cases in file',
    });
  });

  it('treats empty input as a problem', () => {
    expect(bad(parseJUnit('', 'e.xml')).message).toBe('empty file, expected JUnit XML');
  });

  it('reads a single test case and a single failure as lists, testcases directly under <testsuites>', () => {
    const results = ok(
      parseJUnit(
        '\uFEFF<testsuites name="all"><testcase name="only"><failure message="boom"/></testcase></testsuites>',
        'one.xml',
      ),
    );
    expect(results.totals).toEqual({ tests: 1, passed: 0, failed: 1, errored: 0, skipped: 0 });
    expect(results.failures).toEqual([
      { suite: 'all', name: 'only', message: 'boom', kind: 'failure' },
    ]);
  });

  it('counts a test case with both <failure> and <error> once, as a failure', () => {
    const results = ok(
      parseJUnit(
        '<testsuite name="s"><testcase name="t"><failure>f</failure><error>e</error></testcase></testsuite>',
        't.xml',
      ),
    );
    expect(results.totals).toEqual({ tests: 1, passed: 0, failed: 1, errored: 0, skipped: 0 });
    expect(results.failures[0]?.message).toBe('f');
  });

  it('clips long messages to 200 characters', () => {
    const long = 'x'.repeat(500);
    const results = ok(
      parseJUnit(
        `<testsuite name="s"><testcase name="t"><failure message="${long}"/></testcase></testsuite>`,
        'l.xml',
      ),
    );
    const message = results.failures[0]?.message ?? '';
    expect(message).toHaveLength(200);
    expect(message.endsWith('…')).toBe(true);
  });
});
