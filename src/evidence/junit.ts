import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FailingTest, ParseResult } from './schema.js';
import { firstLine, lineAt, optional, problem, stripBom, totals } from './text.js';

type XmlNode = Record<string, unknown>;

/** Elements that may repeat: always read as arrays, even when a file has only one. */
const REPEATED = new Set(['testsuites', 'testsuite', 'testcase', 'failure', 'error', 'skipped']);

const newParser = () =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    alwaysCreateTextNode: true,
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Also decodes numeric references such as the &#xD;&#xA; .NET loggers put in messages.
    htmlEntities: true,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(name),
  });

const isNode = (value: unknown): value is XmlNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const children = (node: XmlNode, tag: string): XmlNode[] => {
  const value = node[tag];
  return Array.isArray(value) ? value.filter(isNode) : isNode(value) ? [value] : [];
};

const attr = (node: XmlNode, name: string): string | undefined => {
  const value = node[`@${name}`];
  return typeof value === 'string' ? value : undefined;
};

const text = (node: XmlNode): string | undefined => {
  const value = node['#text'];
  return typeof value === 'string' ? value : undefined;
};

/** `classname` stands in for a file only when it looks like a path or module name, not a sentence. */
const classnameAsFile = (classname: string | undefined): string | undefined =>
  classname !== undefined && /^\S+$/.test(classname) ? classname : undefined;

interface Context {
  suite: string;
  file?: string;
}

interface Tally {
  tests: number;
  skipped: number;
  failures: FailingTest[];
}

function collect(container: XmlNode, context: Context, tally: Tally): void {
  for (const testcase of children(container, 'testcase')) {
    tally.tests++;
    // Surefire's flakyFailure/rerunFailure elements are not read: a flaky test passed in the end,
    // and a test that failed every rerun also has a plain <failure>.
    const failure = children(testcase, 'failure')[0];
    const bad = failure ?? children(testcase, 'error')[0];
    if (bad) {
      tally.failures.push({
        suite: context.suite,
        name: attr(testcase, 'name') ?? '',
        ...optional(
          'file',
          attr(testcase, 'file') ?? context.file ?? classnameAsFile(attr(testcase, 'classname')),
        ),
        ...optional('message', firstLine(attr(bad, 'message')) ?? firstLine(text(bad))),
        kind: failure ? 'failure' : 'error',
      });
    } else if (children(testcase, 'skipped').length > 0) {
      tally.skipped++;
    }
  }
  // Suites nest: PHPUnit puts classes and data providers inside suites, some tools nest <testsuites>.
  for (const tag of ['testsuite', 'testsuites']) {
    for (const suite of children(container, tag)) {
      collect(
        suite,
        {
          suite: attr(suite, 'name') ?? context.suite,
          ...optional('file', attr(suite, 'file') ?? context.file),
        },
        tally,
      );
    }
  }
}

/**
 * Reads JUnit XML as jest-junit, pytest, Maven Surefire, go-junit-report, mocha-junit-reporter,
 * PHPUnit and the .NET JUnit logger write it. Totals are counted from the test cases, never taken
 * from the count attributes, which some tools leave out or get wrong.
 */
export function parseJUnit(input: string, file: string): ParseResult {
  const body = stripBom(input);
  if (body.trim() === '') return problem(file, 'empty file, expected JUnit XML');
  // An XML declaration must open the document; tolerate blank lines before it but keep line numbers.
  const xml = body.trimStart();
  const skippedLines = body.slice(0, body.length - xml.length).split('\n').length - 1;

  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    // A file cut off mid-write leaves several elements open; the validator lists them at line 1.
    const open = /^Invalid '\[(.*)\]' found\.$/.exec(valid.err.msg)?.[1]?.match(/"[^"]*"/g);
    if (open) {
      const tags = open.map((name) => `<${name.slice(1, -1)}>`).join(', ');
      return problem(
        file,
        `invalid XML: file ends inside ${tags}, truncated?`,
        lineAt(body, body.trimEnd().length),
      );
    }
    return problem(file, `invalid XML: ${valid.err.msg}`, valid.err.line + skippedLines);
  }
  let document: unknown;
  try {
    document = newParser().parse(xml);
  } catch (error) {
    return problem(file, `invalid XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const roots = isNode(document) ? Object.keys(document) : [];
  const rootName = roots[0];
  if (roots.length !== 1 || rootName === undefined || !isNode(document)) {
    return problem(file, 'expected a single <testsuites> or <testsuite> root element');
  }
  if (rootName !== 'testsuites' && rootName !== 'testsuite') {
    return problem(file, `expected <testsuites> or <testsuite> root element, found <${rootName}>`);
  }
  if (children(document, rootName).length !== 1) {
    return problem(file, 'expected a single <testsuites> or <testsuite> root element');
  }

  const tally: Tally = { tests: 0, skipped: 0, failures: [] };
  collect(document, { suite: '' }, tally);
  if (tally.tests === 0) return problem(file, 'no test cases in file');

  const errored = tally.failures.filter((f) => f.kind === 'error').length;
  return {
    ok: true,
    results: {
      files: [file],
      totals: totals(tally.tests, tally.failures.length - errored, errored, tally.skipped),
      failures: tally.failures,
    },
  };
}
