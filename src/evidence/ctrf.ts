import { z } from 'zod';
import { describeShape } from './json.js';
import { resultsFile, testCase, unreadable } from './results.js';
import { TestStatus, type ResultsFile } from './schema.js';

/** The parts of a CTRF report we read (https://ctrf.io): the tool and every test. */
const Report = z.object({
  reportFormat: z.literal('CTRF').optional(),
  results: z.object({
    tool: z.object({ name: z.string() }).passthrough(),
    tests: z.array(
      z
        .object({
          name: z.string(),
          status: TestStatus,
          duration: z.number().default(0),
          suite: z.union([z.string(), z.array(z.string())]).optional(),
          filePath: z.string().optional(),
          line: z.number().optional(),
          message: z.string().optional(),
          retries: z.number().int().nonnegative().optional(),
          flaky: z.boolean().optional(),
        })
        .passthrough(),
    ),
  }),
});

/** Reads an already parsed CTRF JSON report: its statuses, retries and flaky flags as they are. */
export function ctrfResultsFrom(value: unknown, path: string): ResultsFile {
  const parsed = Report.safeParse(value);
  if (!parsed.success) {
    return unreadable(path, 'ctrf', `not a CTRF report${describeShape(parsed.error.issues)}`);
  }
  const { tool, tests } = parsed.data.results;
  return resultsFile(path, 'ctrf', {
    tool: tool.name,
    tests: tests.map((t) =>
      testCase({
        name: t.name,
        suite: typeof t.suite === 'string' ? t.suite.split(' > ') : (t.suite ?? []),
        file: t.filePath,
        line: t.line,
        status: t.status,
        duration: t.duration,
        message: t.message,
        retries: t.retries ?? 0,
        flaky: t.status === 'passed' && (t.flaky ?? false),
      }),
    ),
  });
}
