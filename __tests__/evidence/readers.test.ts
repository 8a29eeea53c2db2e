import { describe, expect, it } from 'vitest';
import { detectFormat, readResults, TestResults } from '../../src/evidence/index.js';
import { read, summary, text } from './helpers.js';

/** The four tests of every runner project: one passes, one fails, one is skipped, one is flaky. */
const CART = { passed: 2, failed: 1, skipped: 1, flaky: 1 };

describe('reports written by the real runners (__tests__/fixtures/runners)', () => {
  it.each([
    ['runners/vitest/reports/vitest.json', 'vitest', 'vitest'],
    ['runners/jest/reports/jest.json', 'jest', 'jest'],
    // Jest's aggregated results, as custom reporters save them: testFilePath, no name.
    ['runners/jest/reports/jest-raw.json', 'jest', 'jest'],
    ['runners/mocha/reports/mocha.json', 'mocha', 'mocha'],
  ])('%s: counts, the failing test and the flaky one', (name, format, tool) => {
    const file = read(name);
    expect(summary(file)).toMatchObject({ format, tool, complete: true, ...CART, gaps: [] });
    const failing = file.tests.filter((t) => t.status === 'failed');
    expect(failing.map((t) => t.name)).toEqual(['applies coupons']);
    expect(failing[0]!.file).toBe('/home/runner/work/shop/shop/cart.test.js');
    const flaky = file.tests.find((t) => t.flaky)!;
    expect([flaky.name, flaky.status, flaky.retries]).toEqual([
      'talks to the payment service',
      'passed',
      1,
    ]);
  });

  it("Jest with --testLocationInResults and Vitest with includeTaskLocation give each test's line", () => {
    const failingLine = (name: string) => read(name).tests.find((t) => t.status === 'failed')?.line;
    expect(failingLine('runners/jest/reports/jest-location.json')).toBe(12);
    expect(failingLine('runners/vitest/reports/vitest-location.json')).toBe(11);
    // Without the option the reports give no line, and none is made up.
    expect(read('runners/jest/reports/jest.json').tests.some((t) => t.line)).toBe(false);
    expect(read('runners/vitest/reports/vitest.json').tests.some((t) => t.line)).toBe(false);
  });

  it('Vitest and Jest name the suites; Mocha gives its full title', () => {
    expect(read('runners/vitest/reports/vitest.json').tests[1]).toMatchObject({
      name: 'applies coupons',
      suite: ['cart', 'coupons'],
      message: 'AssertionError: expected 90 to be 100 // Object.is equality',
    });
    expect(read('runners/jest/reports/jest.json').tests[1]).toMatchObject({
      suite: ['cart', 'coupons'],
      retries: 2,
      flaky: false,
    });
    expect(read('runners/mocha/reports/mocha.json').tests.at(-1)).toMatchObject({
      name: 'applies coupons',
      suite: ['cart coupons'],
      message: 'Expected values to be strictly equal:',
    });
  });

  it('Vitest TAP (nested and flat) and Vitest JUnit: same tests, no retry information', () => {
    for (const name of ['vitest.tap', 'vitest-flat.tap', 'vitest-junit.xml']) {
      const file = read(`runners/vitest/reports/${name}`);
      expect(summary(file)).toMatchObject({ complete: true, passed: 2, failed: 1, skipped: 1 });
      expect(file.tests.find((t) => t.status === 'failed')?.name).toMatch(/applies coupons$/);
    }
    const tap = read('runners/vitest/reports/vitest.tap').tests;
    expect(tap[1]).toMatchObject({ file: 'cart.test.js', suite: ['cart', 'coupons'] });
    expect(read('runners/vitest/reports/vitest-flat.tap').tests[1]).toMatchObject({
      file: 'cart.test.js',
      name: 'applies coupons',
      suite: ['cart', 'coupons'],
    });
  });

  it('node:test TAP and JUnit: subtests; no retries, so the flaky test is a failure', () => {
    const tap = read('runners/node-test/reports/node-test.tap');
    expect(summary(tap)).toEqual({
      format: 'tap',
      tool: 'node:test',
      complete: true,
      passed: 1,
      failed: 2,
      skipped: 1,
      flaky: 0,
      failing: ['cart > coupons > applies coupons', 'cart > talks to the payment service'],
      gaps: [],
    });
    expect(tap.tests[1]?.file).toBe('/home/runner/work/shop/shop/cart.test.js');
    expect(tap.tests[2]).toMatchObject({ status: 'skipped', message: 'no carrier yet' });
    const junit = read('runners/node-test/reports/node-test-junit.xml');
    expect(summary(junit)).toMatchObject({ complete: true, passed: 1, failed: 2, skipped: 1 });
  });

  it('a test file that fails to load leaves that file unknown (Jest and Vitest)', () => {
    for (const name of ['jest/reports/jest-broken.json', 'vitest/reports/vitest-broken.json']) {
      const file = read(`runners/${name}`);
      expect(summary(file)).toMatchObject({ complete: false, ...CART });
      expect(file.gaps).toHaveLength(1);
      expect(file.gaps[0]?.scope).toBe('/home/runner/work/shop/shop/broken.test.js');
      expect(file.gaps[0]?.reason).toMatch(/^test file failed to run: Cannot find module/);
    }
  });
});

describe('formats written to their documented shape', () => {
  it('go test -json: subtests, a skipped test, a package that did not build', () => {
    expect(summary(read('go-test.json'))).toEqual({
      format: 'go',
      tool: 'go',
      complete: false,
      passed: 3,
      failed: 1,
      skipped: 1,
      flaky: 0,
      // TestCoupons only sums up its subtests: it is not counted again.
      failing: ['TestCoupons/expired'],
      gaps: [['github.com/acme/shop/payments', 37, 'package did not build']],
    });
    const expired = read('go-test.json').tests.find((t) => t.name === 'TestCoupons/expired');
    expect(expired).toMatchObject({
      file: 'github.com/acme/shop/cart',
      message: 'coupons_test.go:31: got 90, want 100',
    });
  });

  it('RSpec JSON: failure, skip and pending, and a spec file that failed to load', () => {
    const file = read('rspec.json');
    expect(summary(file)).toEqual({
      format: 'rspec',
      tool: 'rspec',
      complete: false,
      passed: 1,
      failed: 1,
      skipped: 2,
      flaky: 0,
      failing: ['Cart coupons > applies coupons'],
      gaps: [
        ['spec/payments_spec.rb', null, 'An error occurred while loading ./spec/payments_spec.rb.'],
      ],
    });
    expect(file.tests.map((t) => t.status)).toEqual(['passed', 'failed', 'skipped', 'pending']);
    expect(file.tests[1]).toMatchObject({
      file: 'spec/cart_spec.rb',
      line: 10,
      message: 'expected: 90',
    });
  });

  it('.NET TRX: names and classes from the definitions; an aborted run is incomplete', () => {
    const file = read('dotnet.trx');
    expect(summary(file)).toMatchObject({
      format: 'trx',
      tool: 'dotnet',
      complete: true,
      passed: 2,
      failed: 1,
      skipped: 1,
    });
    expect(file.tests[1]).toMatchObject({
      name: 'AppliesCoupons',
      file: 'Shop.Tests.CartTests',
      duration: 15.4,
      message: 'Assert.Equal() Failure: Values differ',
    });
    expect(summary(read('dotnet-aborted.trx'))).toMatchObject({
      complete: false,
      passed: 1,
      failed: 0,
      gaps: [
        [
          null,
          37,
          'the test run ended Aborted: The active test run was aborted. Reason: Test host process crashed : Stack overflow.',
        ],
      ],
    });
  });

  it('CTRF JSON: statuses, suites, retries and flaky as the report says', () => {
    const file = read('ctrf.json');
    expect(summary(file)).toEqual({
      format: 'ctrf',
      tool: 'playwright',
      complete: true,
      ...CART,
      failing: ['cart.spec.ts > cart > coupons > applies coupons'],
      gaps: [],
    });
    expect(file.tests[1]?.message).toBe('Error: expect(received).toBe(expected)');
  });

  it('TAP 14 as tap writes it: buffered subtests per file, SKIP and TODO', () => {
    const file = read('tap.tap');
    expect(summary(file)).toMatchObject({ complete: true, passed: 1, failed: 1, skipped: 2 });
    expect(file.tests.map((t) => [t.file, t.suite.join(' > '), t.name, t.status])).toEqual([
      ['test/cart.test.js', 'cart', 'adds items to the cart', 'passed'],
      ['test/cart.test.js', 'cart', 'applies coupons', 'failed'],
      ['test/cart.test.js', 'cart', 'ships abroad', 'skipped'],
      ['test/cart.test.js', 'cart', 'prints receipts', 'pending'],
    ]);
  });

  it('every reader gives the model: the schema accepts it as it is', () => {
    const names = [
      'go-test.json',
      'rspec.json',
      'dotnet.trx',
      'ctrf.json',
      'tap.tap',
      'pytest.xml',
    ];
    const results = { files: names.map((n) => read(n)) };
    expect(TestResults.parse(results)).toEqual(results);
  });
});

describe('malformed and incomplete files: a gap naming the file and line, never a pass', () => {
  it.each([
    [
      'truncated.xml',
      7,
      'invalid XML: file ends inside <testsuites>, <testsuite>, <testcase>, <failure>, truncated?',
    ],
    [
      'go-test-invalid-line.json',
      13,
      'invalid JSON line in the go test -json stream, the stream is incomplete',
    ],
    [
      'dotnet-aborted.trx',
      37,
      'the test run ended Aborted: The active test run was aborted. Reason: Test host process crashed : Stack overflow.',
    ],
    ['jest-junit-no-tests.xml', 2, 'no test cases in file (empty suite)'],
    ['tap-truncated.tap', 9, 'incomplete TAP stream: the stream ends inside a subtest'],
    // The engine's wording varies between Node versions; the line does not.
    ['truncated.json', 45, expect.stringMatching(/^invalid JSON: /) as unknown as string],
  ])('%s', (name, line, reason) => {
    const file = read(name);
    expect(file.complete).toBe(false);
    expect(file.gaps[0]).toMatchObject({ line, reason });
    expect(file.gaps[0]?.scope).toBeUndefined();
  });

  it('an empty or unknown file is a gap, whatever the format', () => {
    expect(readResults('', 'a.xml').gaps).toEqual([
      {
        reason:
          'empty file, expected JUnit XML, TRX, TAP, go test -json, or Jest, Vitest, Mocha, RSpec or CTRF JSON',
        line: 1,
      },
    ]);
    expect(readResults('hello', 'a.txt').gaps[0]?.reason).toMatch(/^unrecognised content/);
    expect(readResults('{"a":1}', 'a.json').format).toBeNull();
  });
});

describe('format detection by content, and a forced format', () => {
  it('tells every format from its first bytes, whatever the file is called', () => {
    expect(
      [
        'pytest.xml',
        'dotnet.trx',
        'tap.tap',
        'go-test.json',
        'rspec.json',
        'ctrf.json',
        'jest.json',
        'vitest.json',
        'runners/mocha/reports/mocha.json',
        'runners/node-test/reports/node-test.tap',
      ].map((name) => detectFormat(text(name))),
    ).toEqual(['junit', 'trx', 'tap', 'go', 'rspec', 'ctrf', 'jest', 'vitest', 'mocha', 'tap']);
  });

  it('test-results-format forces one: a file that is not of it is a gap saying so', () => {
    const file = read('rspec.json', 'mocha');
    expect(file.format).toBe('mocha');
    expect(file.gaps[0]?.reason).toMatch(/^not a Mocha JSON report at stats/);
    expect(read('vitest.json', 'jest').format).toBe('jest');
  });
});
