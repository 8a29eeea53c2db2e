import { describe, expect, it } from 'vitest';
import { parseJUnit } from '../../src/evidence/junit.js';
import { read, summary } from './helpers.js';

describe('JUnit XML from real tools, test by test', () => {
  it('jest-junit: the suite that failed to run is a gap for its file, not a test', () => {
    expect(summary(read('jest-junit.xml'))).toEqual({
      format: 'junit',
      tool: 'jest',
      complete: false,
      passed: 4,
      failed: 2,
      skipped: 1,
      flaky: 0,
      failing: [
        'EmailExecutor > EmailExecutor retries on provider failure',
        'EmailExecutor > EmailExecutor personalization falls back to the default template',
      ],
      gaps: [
        [
          'src/lib/guardian/__tests__/notifications.test.ts',
          null,
          // The "● Test suite failed to run" header is skipped for the line that says why.
          "test file failed to run: Cannot find module '@/lib/guardian/access' from 'src/lib/guardian/notifications.ts'",
        ],
      ],
    });
  });

  it('pytest: an error in setup is a test whose outcome is unknown (other), not a failure', () => {
    const file = read('pytest.xml');
    expect(summary(file)).toMatchObject({ tool: 'pytest', passed: 2, failed: 1, skipped: 2 });
    expect(file.tests.find((t) => t.status === 'other')).toMatchObject({
      name: 'test_migrate',
      file: 'tests.test_db',
      message:
        'failed on setup with "sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) unable to open database file"',
    });
    expect(summary(read('pytest-legacy.xml'))).toMatchObject({ failing: ['pytest > test_sub'] });
    expect(read('pytest-legacy.xml').tests[2]?.file).toBe('tests/test_math.py');
  });

  it('Maven Surefire: an <error> in the test body fails it; a flakyFailure passed on rerun', () => {
    const file = read('surefire.xml');
    expect(summary(file)).toMatchObject({ passed: 3, failed: 2, skipped: 1, flaky: 1 });
    expect(file.tests.find((t) => t.flaky)).toMatchObject({
      name: 'sendsReminderEmail',
      status: 'passed',
      retries: 1,
    });
    expect(file.tests.find((t) => t.name === 'rejectsNegativeTotals')?.message).toBe(
      'java.lang.NullPointerException: Cannot invoke "com.example.billing.Customer.getId()" because "customer" is null',
    );
  });

  it('go-junit-report: subtests and a package that did not build (a gap for the package)', () => {
    expect(summary(read('go-junit-report.xml'))).toMatchObject({
      complete: false,
      passed: 3,
      failed: 2,
      skipped: 1,
      failing: [
        'github.com/acme/shop/cart > TestTotal',
        'github.com/acme/shop/cart > TestCoupons/expired',
      ],
      gaps: [['github.com/acme/shop/payments', null, 'package did not build: Build error']],
    });
  });

  it('mocha-junit-reporter: a failing hook is a gap for its file; the file comes from the suite', () => {
    const file = read('mocha-junit-reporter.xml');
    expect(summary(file)).toMatchObject({ passed: 3, failed: 1, skipped: 1 });
    expect(file.tests.find((t) => t.status === 'failed')?.file).toBe('test/api/orders.spec.js');
    expect(file.gaps.map((g) => g.scope)).toEqual(['test/inventory.spec.js']);
  });

  it('PHPUnit, the .NET JUnit logger and files without count attributes', () => {
    const php = read('phpunit-nested.xml');
    expect(php.complete).toBe(true);
    expect(php.tests.filter((t) => t.status === 'failed').map((t) => t.name)).toContain(
      'testCurrencyConversion',
    );
    expect(summary(read('dotnet-junit-logger.xml'))).toMatchObject({
      passed: 2,
      failed: 2,
      skipped: 1,
    });
    expect(
      read('dotnet-junit-logger.xml').tests.find((t) => t.status === 'failed')?.message,
    ).not.toMatch(/\r|\n/);
    expect(summary(read('junit-no-counts.xml'))).toMatchObject({ passed: 2, failed: 2 });
  });

  it('reads the 328- and 312-failure reference files exactly', () => {
    expect(summary(read('junit-328-failures.xml'))).toMatchObject({ failed: 328, complete: true });
    const file = read('junit-312-failures.xml');
    expect(summary(file)).toMatchObject({ passed: 1176, failed: 312, skipped: 12, complete: true });
    expect(file.tests).toHaveLength(1500);
  });
});

describe('JUnit XML that cannot be used whole', () => {
  it.each([
    [
      'malformed.xml',
      8,
      "invalid XML: Expected closing tag 'failure' (opened in line 7, col 7) instead of closing tag 'testcase'.",
    ],
    [
      'truncated.xml',
      7,
      'invalid XML: file ends inside <testsuites>, <testsuite>, <testcase>, <failure>, truncated?',
    ],
    ['wrong-root.xml', 2, 'expected <testsuites> or <testsuite> root element, found <test-run>'],
    ['jest-junit-no-tests.xml', 2, 'no test cases in file (empty suite)'],
  ])('%s: one gap over the whole file, with its line', (name, line, reason) => {
    const file = read(name);
    expect([file.complete, file.tests, file.gaps]).toEqual([false, [], [{ reason, line }]]);
  });

  it('keeps line numbers right when blank lines precede the XML declaration', () => {
    const file = parseJUnit(
      '\n\n<?xml version="1.0"?>\n<testsuite>\n<testcase name="a">\n</testsuite>',
      'b.xml',
    );
    expect(file.gaps[0]?.line).toBe(6);
  });

  it('two root elements are refused', () => {
    expect(
      parseJUnit('<testsuite><testcase name="a"/></testsuite><testsuite/>', 'two.xml').complete,
    ).toBe(false);
  });

  it('a test case with both <failure> and <error> is one failed test; long messages are clipped', () => {
    const file = parseJUnit(
      `<testsuite><testcase name="a"><failure message="${'x'.repeat(300)}"/><error message="e"/></testcase></testsuite>`,
      'c.xml',
    );
    expect(file.tests).toHaveLength(1);
    expect(file.tests[0]?.status).toBe('failed');
    expect(file.tests[0]?.message).toHaveLength(200);
  });
});
