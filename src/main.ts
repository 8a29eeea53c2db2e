import * as core from '@actions/core';
import * as github from '@actions/github';
import { readEvidence } from './evidence/read.js';
import { createClient } from './github/client.js';
import { loadConfig, readTrackerFile } from './modes/load.js';
import { readInputs } from './modes/inputs.js';
import { pickMode } from './modes/mode.js';
import { sync } from './modes/sync.js';
import { formatDiagnostic } from './report/check.js';
import { renderEvidence } from './report/evidence.js';
import { outputsOf, renderSummary } from './report/summary.js';

/** The action's entry point: inputs and event in, one mode run, outputs and summary out. */
async function run(): Promise<void> {
  const inputs = readInputs((name) => core.getInput(name));
  core.setSecret(inputs.token);
  const { context } = github;
  const mode = pickMode(
    context.eventName,
    context.payload as Parameters<typeof pickMode>[1],
    context.ref,
  );
  if (mode.kind === 'unsupported') {
    core.notice(`known-issues: nothing to do on "${context.eventName}" events (${mode.why})`);
    return;
  }

  const config = await loadConfig(
    inputs.config || '.github/known-issues.yml',
    inputs.config !== '',
  );
  // The workflow's inputs decide which items get issues and how they are labelled.
  const effective = { ...config, priorities: inputs.priorities, labels: inputs.labels };
  const evidence = await readEvidence({
    buildOutcome: inputs['build-outcome'] || undefined,
    buildLog: inputs['build-log'] || undefined,
    testResults: inputs['test-results'],
    format: inputs['test-results-format'],
    cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
  });
  for (const problem of evidence.problems) {
    core.warning(problem.message, { file: problem.file, startLine: problem.line });
  }

  const serverUrl = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
  const client = createClient({
    token: inputs.token,
    baseUrl: process.env.GITHUB_API_URL,
    graphqlUrl: process.env.GITHUB_GRAPHQL_URL,
    log: (message) => core.info(message),
    // The end-to-end tests run this bundle against a local GitHub; there, and only there,
    // writes need not be spaced a second apart. Production keeps the plugin's pacing.
    ...(process.env.KNOWN_ISSUES_TEST_UNPACED === '1'
      ? { throttle: { pacing: false, msPerSecond: 1 } }
      : {}),
  });
  const branch = inputs.branch || mode.branch;
  const result = await sync({
    client,
    repo: context.repo,
    branch,
    trackerPath: inputs.tracker,
    section: inputs.section,
    evidence,
    config: effective,
    now: new Date().toISOString().slice(0, 10),
    serverUrl,
    runUrl: `${serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`,
    commit: inputs.commit,
    dryRun: inputs['dry-run'],
    budget: inputs['max-operations'],
    readOnly: mode.kind === 'check',
    trackerText: mode.kind === 'check' ? await readTrackerFile(inputs.tracker) : undefined,
    log: (message) => core.info(message),
  });

  for (const d of result.diagnostics) {
    const annotate = d.severity === 'error' ? core.error : core.warning;
    annotate(formatDiagnostic(inputs.tracker, d), {
      file: inputs.tracker,
      startLine: d.line,
      startColumn: d.column,
      title: d.rule,
    });
  }
  for (const [name, value] of Object.entries(outputsOf(result))) core.setOutput(name, value);
  await core.summary
    .addRaw(
      renderSummary(result, {
        mode: mode.kind,
        dryRun: inputs['dry-run'] || mode.kind === 'check',
        trackerPath: inputs.tracker,
        priorities: effective.priorities,
      }),
    )
    .addRaw(renderEvidence(evidence, result.plan.failures))
    .write();
  if (mode.kind === 'check' && result.diagnostics.some((d) => d.severity === 'error')) {
    core.setFailed(`${inputs.tracker} has errors; see the annotations`);
  }
}

run().catch((error: unknown) => {
  core.setFailed(error instanceof Error ? error.message : String(error));
});
