import { allTests, type Evidence, type Gap, type TestCase } from '../evidence/schema.js';
import { describeSelectors, type Check, type TestSelector } from './config.js';
import { gapHides, selects, testId } from './coverage.js';

/** What the evidence says about one check. `unknown` never changes anything. */
export interface Verdict {
  state: 'pass' | 'fail' | 'unknown';
  /** Failures counted for the check, when the check is the tests. */
  failures: number | null;
  /** The ids of the tests the check names that failed and that passed (flaky ones among them). */
  tests?: { failed: string[]; passed: string[]; flaky: string[] };
  /** One sentence quoting the evidence, used in reasons and closing comments. */
  summary: string;
}

/** Judges one check against the run's evidence. Incomplete test evidence is `unknown`, never "0 failures". */
export function judge(check: Check, evidence: Evidence): Verdict {
  if (check.kind === 'build') {
    const build = evidence.build;
    if (!build) return { state: 'unknown', failures: null, summary: 'no build outcome was given' };
    if (build.outcome === 'success') {
      return {
        state: 'pass',
        failures: null,
        summary: 'the build step succeeded (outcome `success`)',
      };
    }
    if (build.outcome === 'failure') {
      const quote = build.firstErrors.length
        ? `: ${build.firstErrors
            .slice(0, 3)
            .map((l) => `\`${l}\``)
            .join(', ')}`
        : '';
      return {
        state: 'fail',
        failures: null,
        summary: `the build step failed (outcome \`failure\`)${quote}`,
      };
    }
    return { state: 'unknown', failures: null, summary: `the build step was ${build.outcome}` };
  }
  return judgeTests(check.select, evidence);
}

const unknown = (summary: string): Verdict => ({ state: 'unknown', failures: null, summary });

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Judges a tests check. Never guessed: a gap that may hide a covered test, a covered test whose
 * outcome is unknown, a check that matches no test or whose named tests were all skipped is
 * `unknown`; a pass needs at least one covered test that ran, and none failing.
 */
function judgeTests(select: TestSelector[], evidence: Evidence): Verdict {
  if (!evidence.tests) return unknown('no test results were given');
  const files = evidence.tests.files;
  const all = allTests(evidence.tests);
  const covered = select.length ? all.filter((t) => select.some((s) => selects(s, t))) : all;
  const gaps: { path: string; gap: Gap }[] = files.flatMap((f) =>
    f.gaps.filter((g) => gapHides(select, g, all)).map((gap) => ({ path: f.path, gap })),
  );
  if (gaps.length) {
    const first = gaps[0]!;
    const more = gaps.length > 1 ? ` and ${gaps.length - 1} more` : '';
    return unknown(
      `the test results are incomplete (${first.path}${first.gap.line ? `:${first.gap.line}` : ''}: ${first.gap.reason}${first.gap.scope ? ` in ${first.gap.scope}` : ''}${more})`,
    );
  }
  const named = describeSelectors(select);
  const unmatched = select.filter((s) => !covered.some((t) => selects(s, t)));
  if (covered.length === 0 || unmatched.length) {
    return unknown(
      `no test matched \`${unmatched.length ? describeSelectors(unmatched) : named}\``,
    );
  }
  const undecided = covered.filter((t) => t.status === 'other');
  if (undecided.length) {
    const t = undecided[0]!;
    return unknown(
      `the outcome of ${plural(undecided.length, 'test')} is unknown (${testId(t)}${t.message ? `: ${t.message}` : ''})`,
    );
  }
  const ran = (t: TestCase) => t.status === 'passed' || t.status === 'failed';
  const notRun = select.filter(
    (s) => s.kind !== 'files' && !covered.some((t) => selects(s, t) && ran(t)),
  );
  if (!covered.some(ran) || notRun.length) {
    return unknown(
      `every test matching \`${describeSelectors(notRun.length ? notRun : select)}\` was skipped`,
    );
  }
  const failed = covered.filter((t) => t.status === 'failed');
  const passed = covered.filter((t) => t.status === 'passed');
  const flaky = passed.filter((t) => t.flaky);
  const where = files.map((f) => f.path).join(', ');
  const flakyNote = flaky.length ? ` (${plural(flaky.length, 'flaky test')} passed on retry)` : '';
  const summary = select.length
    ? `${failed.length} of ${plural(covered.length, 'test')} matching \`${named}\` failed in ${where}${flakyNote}`
    : `${failed.length} of ${all.length} tests failed in ${where}${flakyNote}`;
  return {
    state: failed.length ? 'fail' : 'pass',
    failures: failed.length,
    summary,
    ...(select.length
      ? {
          tests: {
            failed: failed.map(testId),
            passed: passed.map(testId),
            flaky: flaky.map(testId),
          },
        }
      : {}),
  };
}
