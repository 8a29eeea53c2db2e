import { z } from 'zod';
import { describeShape } from './json.js';
import { gap, resultsFile, testCase, unreadable } from './results.js';
import type { Gap, ResultsFile, TestCase } from './schema.js';

const MochaTest = z.object({
  title: z.string(),
  fullTitle: z.string(),
  file: z.string().optional(),
  duration: z.number().optional(),
  currentRetry: z.number().int().nonnegative().optional(),
  err: z.object({ message: z.string().optional() }).passthrough().optional(),
});
type MochaTest = z.infer<typeof MochaTest>;

/** `mocha --reporter json`: every test, and the pending and failed ones again by themselves. */
const Report = z.object({
  stats: z.object({ tests: z.number().optional() }).passthrough(),
  tests: z.array(MochaTest),
  pending: z.array(MochaTest).default([]),
  failures: z.array(MochaTest).default([]),
});

const key = (t: MochaTest) => `${t.file ?? ''}\u0000${t.fullTitle}`;
const suiteOf = (t: MochaTest): string[] => {
  const suite = t.fullTitle.endsWith(t.title) ? t.fullTitle.slice(0, -t.title.length).trim() : '';
  return suite ? [suite] : [];
};

/**
 * Reads an already parsed `mocha --reporter json` report. A failed `before`/`after` hook is
 * listed among the failures but is no test: the tests it guards did not run, so its file is a gap.
 */
export function mochaResultsFrom(value: unknown, path: string): ResultsFile {
  const parsed = Report.safeParse(value);
  if (!parsed.success) {
    return unreadable(
      path,
      'mocha',
      `not a Mocha JSON report${describeShape(parsed.error.issues)}`,
    );
  }
  const { tests, pending, failures } = parsed.data;
  const failed = new Map(failures.map((t) => [key(t), t]));
  const skipped = new Set(pending.map(key));
  const known = new Set(tests.map(key));
  const read: TestCase[] = tests.map((t) => {
    const failure = failed.get(key(t));
    const status = failure ? 'failed' : skipped.has(key(t)) ? 'skipped' : 'passed';
    const retries = t.currentRetry ?? 0;
    return testCase({
      name: t.title,
      suite: suiteOf(t),
      file: t.file,
      status,
      duration: t.duration,
      message: (failure ?? t).err?.message,
      retries,
      flaky: status === 'passed' && retries > 0,
    });
  });
  const gaps: Gap[] = failures
    .filter((t) => !known.has(key(t)))
    .map((hook) =>
      gap(`${hook.fullTitle}: ${hook.err?.message?.split('\n')[0] ?? 'failed'}`, hook.file),
    );
  return resultsFile(path, 'mocha', { tests: read, gaps, tool: 'mocha' });
}
