import picomatch from 'picomatch';
import type { Evidence } from '../evidence/schema.js';
import type { Check } from './config.js';

/** What the evidence says about one check. `unknown` never changes anything. */
export interface Verdict {
  state: 'pass' | 'fail' | 'unknown';
  /** Failures counted for the check, when the check is the tests. */
  failures: number | null;
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
  const tests = evidence.tests;
  if (!tests || evidence.problems.length) {
    const why = evidence.problems.length
      ? `the test results are incomplete (${evidence.problems.map((p) => p.file).join(', ')})`
      : 'no test results were given';
    return { state: 'unknown', failures: null, summary: why };
  }
  const files = tests.files.join(', ');
  if (check.pattern) {
    const matches = picomatch(check.pattern);
    const failing = tests.failures.filter(
      (f) => (f.file && matches(f.file)) || matches(f.suite),
    ).length;
    return {
      state: failing ? 'fail' : 'pass',
      failures: failing,
      summary: `${failing} failing tests match \`${check.pattern}\` in ${files}`,
    };
  }
  const failing = tests.totals.failed + tests.totals.errored;
  return {
    state: failing ? 'fail' : 'pass',
    failures: failing,
    summary: `${failing} of ${tests.totals.tests} tests failed in ${files}`,
  };
}
