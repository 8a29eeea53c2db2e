import { Parser, type Result } from 'tap-parser';
import { gap, resultsFile, testCase } from './results.js';
import type { Gap, ResultsFile, TestCase } from './schema.js';
import { lastLine, lineAt } from './text.js';

/** A subtest name that is a file: Vitest and tap name their top-level subtests after the test file. */
const FILE_NAME = /^[^\s>]+\.[cm]?[jt]sx?$/;

/** `'/w/cart.test.js:12:5'` (node:test's `location`) → `/w/cart.test.js`. */
const fileOfLocation = (location: unknown): string | undefined =>
  typeof location === 'string'
    ? location.replace(/^file:\/\//, '').replace(/:\d+:\d+$/, '')
    : undefined;

interface Walk {
  tests: TestCase[];
  gaps: Gap[];
}

/** Reads the points of one (sub)test level; a point that had subtests is a suite, not a test. */
function listen(parser: Parser, suite: string[], file: string | undefined, walk: Walk): void {
  let lastChild: string | undefined;
  parser.on('child', (sub: Parser) => {
    lastChild = sub.name;
    const isFile = suite.length === 0 && FILE_NAME.test(sub.name);
    listen(sub, isFile ? [] : [...suite, sub.name], isFile ? sub.name : file, walk);
  });
  parser.on('assert', (point: Result) => {
    const hadSubtests = lastChild !== undefined && lastChild === point.name;
    lastChild = undefined;
    if (hadSubtests) return;
    const diag = (point.diag ?? {}) as Record<string, unknown>;
    // Vitest's flat reporter writes the whole path in the name: `cart.test.js > cart > adds`.
    const parts = point.name.split(' > ');
    const flatFile = parts.length > 1 && FILE_NAME.test(parts[0]!) ? parts.shift() : undefined;
    const error = diag.error as { message?: unknown } | string | undefined;
    const message =
      typeof error === 'string'
        ? error
        : typeof error?.message === 'string'
          ? error.message
          : undefined;
    walk.tests.push(
      testCase({
        name: parts.pop()!,
        suite: [...suite, ...parts],
        file: flatFile ?? fileOfLocation(diag.location) ?? file,
        status: point.todo ? 'pending' : point.skip ? 'skipped' : point.ok ? 'passed' : 'failed',
        duration:
          point.time ?? (typeof diag.duration_ms === 'number' ? diag.duration_ms : undefined),
        message: point.ok ? (typeof point.skip === 'string' ? point.skip : undefined) : message,
      }),
    );
  });
}

/**
 * Reads TAP 13/14 (node:test, Vitest's tap and tap-flat reporters, tap), subtests included, with
 * tap-parser. A run that bailed out, or whose plan does not match its points (a stream cut
 * short), is incomplete.
 */
export function parseTap(text: string, path: string): ResultsFile {
  const walk: Walk = { tests: [], gaps: [] };
  const parser = new Parser({ passes: true });
  listen(parser, [], undefined, walk);
  let bailout: string | undefined;
  parser.on('bailout', (reason: string) => (bailout = reason));
  let problems: string[] = [];
  parser.on('complete', (result) => {
    problems = (result.failures ?? [])
      .map((f: Result & { tapError?: unknown }) => f.tapError)
      .filter((e: unknown): e is string => typeof e === 'string' && e !== '');
    // Points inside subtests but none at the top: the stream ends inside a subtest.
    if (result.count === 0 && walk.tests.length > 0)
      problems.push('the stream ends inside a subtest');
  });
  parser.end(text);
  if (bailout !== undefined) {
    const at = text.indexOf('Bail out!');
    walk.gaps.push(
      gap(
        `the run bailed out: ${bailout || 'no reason'}`,
        undefined,
        at < 0 ? undefined : lineAt(text, at),
      ),
    );
  } else if (problems.length) {
    walk.gaps.push(
      gap(`incomplete TAP stream: ${[...new Set(problems)].join(', ')}`, undefined, lastLine(text)),
    );
  }
  const tool = /^\s*duration_ms:/m.test(text) ? 'node:test' : undefined;
  return resultsFile(path, 'tap', { ...walk, tool });
}
