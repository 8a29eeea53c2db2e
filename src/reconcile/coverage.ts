import picomatch from 'picomatch';
import type { Gap, TestCase } from '../evidence/schema.js';
import type { TestSelector } from './config.js';

/** A test's full title: its suites and its name, `cart > coupons > applies coupons`. */
export const fullName = (test: TestCase): string => [...test.suite, test.name].join(' > ');

/** A test's id, `file::full title`, as a check can name it and reports print it. */
export const testId = (test: TestCase): string =>
  test.file ? `${test.file}::${fullName(test)}` : fullName(test);

const globMatches = (pattern: string, value: string | undefined): boolean =>
  value !== undefined && (value === pattern || picomatch(pattern, { dot: true })(value));

/** A name written in a check matches a test's title, its full title, or Jest's space-joined full name. */
const nameMatches = (name: string, test: TestCase): boolean =>
  name === test.name || name === fullName(test) || name === [...test.suite, test.name].join(' ');

/** Whether one selector picks the test. */
export function selects(selector: TestSelector, test: TestCase): boolean {
  if (selector.kind === 'files') {
    return (
      globMatches(selector.pattern, test.file) ||
      globMatches(selector.pattern, test.suite.join(' > '))
    );
  }
  if (selector.kind === 'name') return nameMatches(selector.name, test);
  return globMatches(selector.file, test.file) && nameMatches(selector.name, test);
}

/**
 * Whether a gap may hide a test the selectors pick: a gap with no scope hides anything; a scoped
 * gap (a test file or package that did not run) hides what a glob or id of that file picks, and
 * a named test that was found nowhere else.
 */
export function gapHides(
  select: readonly TestSelector[],
  gap: Gap,
  found: readonly TestCase[],
): boolean {
  if (gap.scope === undefined || select.length === 0) return true;
  const scope = gap.scope;
  return select.some((s) => {
    if (s.kind === 'files') return globMatches(s.pattern, scope) || globMatches(scope, s.pattern);
    if (s.kind === 'id') return globMatches(s.file, scope);
    return (
      !found.some((t) => selects(s, t)) || found.some((t) => selects(s, t) && t.file === scope)
    );
  });
}
