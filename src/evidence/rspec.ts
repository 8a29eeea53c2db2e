import { z } from 'zod';
import { describeShape } from './json.js';
import { gap, resultsFile, testCase, unreadable } from './results.js';
import type { Gap, ResultsFile } from './schema.js';
import { firstLine } from './text.js';

/** `rspec --format json`, as RSpec's JsonFormatter writes it. */
const Report = z.object({
  version: z.string().optional(),
  messages: z.array(z.string()).default([]),
  examples: z.array(
    z.object({
      description: z.string(),
      full_description: z.string(),
      status: z.enum(['passed', 'failed', 'pending']),
      file_path: z.string().optional(),
      line_number: z.number().optional(),
      run_time: z.number().optional(),
      pending_message: z.string().nullish(),
      exception: z.object({ class: z.string().optional(), message: z.string() }).nullish(),
    }),
  ),
  summary: z
    .object({ errors_outside_of_examples_count: z.number().int().nonnegative().default(0) })
    .passthrough(),
});

/**
 * Reads an already parsed RSpec JSON report. `skip`/`xit` examples are skipped, other pending
 * ones pending. Errors outside of examples (a spec file that failed to load) leave the run
 * incomplete: RSpec's messages say which file.
 */
export function rspecResultsFrom(value: unknown, path: string): ResultsFile {
  const parsed = Report.safeParse(value);
  if (!parsed.success) {
    return unreadable(
      path,
      'rspec',
      `not an RSpec JSON report${describeShape(parsed.error.issues)}`,
    );
  }
  const { examples, summary, messages } = parsed.data;
  const tests = examples.map((e) => {
    const suite = e.full_description.endsWith(e.description)
      ? e.full_description.slice(0, -e.description.length).trim()
      : '';
    const skipped = e.status === 'pending' && /skip|xit|xdescribe/i.test(e.pending_message ?? '');
    return testCase({
      name: e.description,
      suite: suite ? [suite] : [],
      file: e.file_path?.replace(/^\.\//, ''),
      line: e.line_number,
      status: skipped ? 'skipped' : e.status,
      duration: e.run_time === undefined ? undefined : e.run_time * 1000,
      message:
        e.status === 'failed'
          ? (firstLine(e.exception?.message) ?? e.exception?.class)
          : (e.pending_message ?? undefined),
    });
  });
  const gaps: Gap[] = [];
  if (summary.errors_outside_of_examples_count > 0) {
    // "An error occurred while loading ./spec/payment_spec.rb." names the file that did not run.
    const loads = messages.filter((m) => /error occurred while loading/i.test(m));
    for (const message of loads) {
      const file = /loading (\S+?)\.?(\s|$)/.exec(message)?.[1]?.replace(/^\.\//, '');
      gaps.push(gap(message.split('\n')[0]!.trim(), file));
    }
    if (loads.length < summary.errors_outside_of_examples_count) {
      gaps.push(
        gap(`${summary.errors_outside_of_examples_count} errors occurred outside of examples`),
      );
    }
  }
  return resultsFile(path, 'rspec', { tests, gaps, tool: 'rspec' });
}
