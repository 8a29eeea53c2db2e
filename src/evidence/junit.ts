import { gap, resultsFile, testCase, unreadable } from './results.js';
import type { Gap, ResultsFile, TestCase } from './schema.js';
import { firstLine } from './text.js';
import { attr, children, lineOfTag, parseXml, textOf, type XmlNode } from './xml.js';

/** Elements that may repeat: always read as arrays, even when a file has only one. */
const REPEATED = new Set([
  'testsuites',
  'testsuite',
  'testcase',
  'failure',
  'error',
  'skipped',
  'flakyFailure',
  'flakyError',
  'rerunFailure',
  'rerunError',
]);

/** `classname` stands in for a file only when it looks like a path or module name, not a sentence. */
const classnameAsFile = (classname: string | undefined): string | undefined =>
  classname !== undefined && /^\S+$/.test(classname) ? classname : undefined;

/** pytest's wording for an error outside the test body: the test itself never ran to an outcome. */
const SETUP_ERROR = /^(failed on (setup|teardown)|error at (setup|teardown)|collection failure)/i;
/** A mocha hook that failed: the tests it guards did not run. */
const FAILED_HOOK = /"(before|after) (all|each)" hook/;

interface Context {
  suite: string[];
  file?: string;
}

interface Tally {
  tests: TestCase[];
  gaps: Gap[];
}

const seconds = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : Number(value) * 1000;

function readCase(testcase: XmlNode, context: Context, tally: Tally): void {
  const name = attr(testcase, 'name') ?? '';
  const classname = attr(testcase, 'classname');
  const file = attr(testcase, 'file') ?? context.file ?? classnameAsFile(classname);
  const failure = children(testcase, 'failure')[0];
  const error = children(testcase, 'error')[0];
  const bad = failure ?? error;
  const message = bad && (firstLine(attr(bad, 'message')) ?? firstLine(textOf(bad)));

  // Entries that stand for a file, package or hook that did not run rather than for a test.
  if (bad && classname === 'Test suite failed to run') {
    tally.gaps.push(gap(`test file failed to run: ${message ?? 'no message'}`, name || file));
    return;
  }
  if (bad && name === '[build failed]') {
    tally.gaps.push(gap(`package did not build: ${message ?? 'no message'}`, classname ?? file));
    return;
  }
  if (bad && FAILED_HOOK.test(name)) {
    tally.gaps.push(gap(`${name}: ${message ?? 'failed'}`, file ?? context.suite.join(' > ')));
    return;
  }
  // Surefire keeps the attempts of a rerun test: flaky ones passed in the end, rerun ones did not.
  const flakyRuns =
    children(testcase, 'flakyFailure').length + children(testcase, 'flakyError').length;
  const reruns =
    children(testcase, 'rerunFailure').length + children(testcase, 'rerunError').length;
  const skipped = children(testcase, 'skipped')[0];
  const status = bad
    ? !failure && SETUP_ERROR.test(message ?? '')
      ? 'other'
      : 'failed'
    : skipped
      ? 'skipped'
      : 'passed';
  tally.tests.push(
    testCase({
      name,
      suite: context.suite,
      file,
      status,
      duration: seconds(attr(testcase, 'time')),
      message: bad ? message : skipped && (attr(skipped, 'message') ?? textOf(skipped)),
      retries: flakyRuns + reruns,
      flaky: !bad && flakyRuns > 0,
    }),
  );
}

function collect(container: XmlNode, context: Context, tally: Tally): void {
  for (const testcase of children(container, 'testcase')) readCase(testcase, context, tally);
  // Suites nest: PHPUnit puts classes and data providers inside suites, some tools nest <testsuites>.
  for (const suite of children(container, 'testsuite')) {
    collect(
      suite,
      {
        suite: [...context.suite, attr(suite, 'name') ?? ''],
        ...((attr(suite, 'file') ?? context.file)
          ? { file: attr(suite, 'file') ?? context.file }
          : {}),
      },
      tally,
    );
  }
  for (const suites of children(container, 'testsuites')) collect(suites, context, tally);
}

/** The runner, when the file's own names say it. */
function toolOf(root: XmlNode): string | undefined {
  const name = attr(root, 'name') ?? attr(children(root, 'testsuite')[0] ?? {}, 'name');
  if (name === 'jest tests') return 'jest';
  if (name === 'vitest tests') return 'vitest';
  if (name === 'pytest') return 'pytest';
  if (name === 'Mocha Tests') return 'mocha';
  return undefined;
}

/**
 * Reads JUnit XML as jest-junit, Vitest, node:test, pytest, Maven Surefire, go-junit-report,
 * mocha-junit-reporter, PHPUnit and the .NET JUnit logger write it. Tests are counted from the
 * test cases, never from the count attributes, which some tools leave out or get wrong.
 */
export function parseJUnit(text: string, path: string): ResultsFile {
  if (text.trim() === '') return unreadable(path, 'junit', 'empty file, expected JUnit XML');
  const xml = parseXml(text, REPEATED);
  if (!xml.ok) return unreadable(path, 'junit', xml.reason, xml.line);
  if (xml.root !== 'testsuites' && xml.root !== 'testsuite') {
    return unreadable(
      path,
      'junit',
      `expected <testsuites> or <testsuite> root element, found <${xml.root}>`,
      lineOfTag(text, xml.root),
    );
  }
  const tally: Tally = { tests: [], gaps: [] };
  collect({ [xml.root]: [xml.node] }, { suite: [] }, tally);
  return resultsFile(path, 'junit', {
    ...tally,
    tool: toolOf(xml.node),
    emptyLine: lineOfTag(text, xml.root),
  });
}
