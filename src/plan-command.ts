import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readEvidence } from './evidence/read.js';
import { ResultsFormat } from './evidence/schema.js';
import { renderEvidence } from './report/evidence.js';
import { loadConfig, loadIssueSnapshot, readTrackerFile } from './modes/load.js';
import { plan, trackerAfter } from './reconcile/plan.js';
import { formatDiagnostic } from './report/check.js';
import { renderPlan, trackerDiff } from './report/plan.js';
import { lintTracker } from './tracker/index.js';

/** `--tests-format`: one of the formats, or absent to tell each file's format by its content. */
function parseResultsFormat(value: string | undefined): ResultsFormat | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = ResultsFormat.safeParse(value);
  if (parsed.success) return parsed.data;
  throw Object.assign(
    new Error(`--tests-format "${value}": expected one of ${ResultsFormat.options.join(', ')}`),
    { code: 'ERR_PARSE_ARGS_USAGE' },
  );
}

/** `known-issues plan`: the offline main job. Reads files only; `--write` is its one write. */
export async function planCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      section: { type: 'string' },
      build: { type: 'string' },
      'build-log': { type: 'string' },
      tests: { type: 'string', multiple: true },
      'tests-format': { type: 'string' },
      issues: { type: 'string' },
      config: { type: 'string' },
      now: { type: 'string' },
      json: { type: 'boolean' },
      write: { type: 'boolean' },
    },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    throw Object.assign(new Error('plan takes exactly one tracker file'), {
      code: 'ERR_PARSE_ARGS_USAGE',
    });
  }
  const now = values.now ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(now)) {
    throw Object.assign(new Error(`--now "${now}": expected YYYY-MM-DD`), {
      code: 'ERR_PARSE_ARGS_USAGE',
    });
  }
  const text = await readTrackerFile(file);
  const options = { section: values.section };
  const { diagnostics } = lintTracker(text, options);
  const config = await loadConfig(
    values.config ?? '.github/known-issues.yml',
    values.config !== undefined,
  );
  const evidence = await readEvidence({
    buildOutcome: values.build,
    buildLog: values['build-log'],
    testResults: values.tests ?? [],
    format: parseResultsFormat(values['tests-format']),
    cwd: process.cwd(),
  });
  const issues = values.issues ? await loadIssueSnapshot(values.issues) : [];
  const result = plan(text, evidence, issues, config, {
    now,
    tracker: { path: file },
    section: values.section,
  });
  const after = trackerAfter(
    text,
    result,
    result.edits.map((e) => e.edit),
    options,
  );
  const diff = trackerDiff(file, text, after);

  for (const problem of evidence.problems) {
    process.stderr.write(
      `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}\n`,
    );
  }
  for (const d of diagnostics) process.stderr.write(formatDiagnostic(file, d) + '\n');
  if (values.json) {
    process.stdout.write(
      JSON.stringify({ file, plan: { ...result, edited: undefined }, diff, evidence }, null, 2) +
        '\n',
    );
  } else {
    process.stdout.write(renderPlan(result, diff));
    const report = renderEvidence(evidence, result.failures);
    if (report) process.stdout.write(`\n${report}`);
  }
  if (values.write && after !== text) {
    await writeFile(file, after);
    process.stderr.write(`wrote ${file}\n`);
  }
  return 0;
}
