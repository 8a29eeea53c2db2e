import * as core from '@actions/core';
import { existsSync, readFileSync } from 'node:fs';
import { readEvidence } from './evidence/read.js';
import { createClient, type GitHubClient, type RepoRef } from './github/client.js';
import { check } from './modes/check.js';
import { command } from './modes/command.js';
import { readInputs, type ActionInputs } from './modes/inputs.js';
import { issueEvent } from './modes/issue-event.js';
import { loadConfig } from './modes/load.js';
import { pickMode, type Mode } from './modes/mode.js';
import type { PipelineBase } from './modes/pipeline.js';
import { sync } from './modes/sync.js';
import { formatDiagnostic } from './report/check.js';
import { renderEvidence } from './report/evidence.js';
import { runOutcome } from './report/outcome.js';
import { outputsOf, renderSummary, type RunReport } from './report/summary.js';

/** Where a run reports: the runner's log, annotations, outputs and job summary. */
export interface Host {
  info(message: string): void;
  notice(message: string): void;
  warning(message: string, where?: core.AnnotationProperties): void;
  error(message: string, where?: core.AnnotationProperties): void;
  setOutput(name: string, value: string): void;
  setSecret(secret: string): void;
  summary(markdown: string): Promise<void>;
  setFailed(message: string): void;
}

/** What a run is given; every part defaults to what the Actions runner provides. */
export interface RunOptions {
  /** The environment: `INPUT_*`, `GITHUB_*`. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** An input's value. Default: read from `env` as the runner sets it (`INPUT_<NAME>`). */
  getInput?: (name: string) => string;
  /** The event. Default: `GITHUB_EVENT_NAME` and the payload file at `GITHUB_EVENT_PATH`. */
  event?: { name: string; payload: Record<string, unknown> };
  /** The clock (today dates new sections, statuses and notes). Default: the system clock. */
  now?: () => Date;
  /** The GitHub client. Default: one made from the token input and `GITHUB_API_URL`. */
  client?: GitHubClient;
  /** Where to report. Default: @actions/core. */
  host?: Host;
}

/** The runner's host: @actions/core's log commands, output file and job summary. */
export const actionsHost = (): Host => ({
  info: (message) => core.info(message),
  notice: (message) => core.notice(message),
  warning: (message, where) => core.warning(message, where),
  error: (message, where) => core.error(message, where),
  setOutput: (name, value) => core.setOutput(name, value),
  setSecret: (secret) => core.setSecret(secret),
  summary: async (markdown) => {
    await core.summary.addRaw(markdown).write();
  },
  setFailed: (message) => core.setFailed(message),
});

/**
 * The action: inputs and event in, one mode run through the pipeline, outputs and summary out.
 * Never throws: a failure fails the step with its message.
 */
export async function run(options: RunOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  const host = options.host ?? actionsHost();
  try {
    const inputs = readInputs(options.getInput ?? inputFromEnv(env));
    host.setSecret(inputs.token);
    const event = options.event ?? eventFromEnv(env);
    const mode = pickMode(event.name, event.payload, env.GITHUB_REF ?? '');
    if (mode.kind === 'unsupported') {
      host.notice(`known-issues: nothing to do on "${event.name}" events (${mode.why})`);
      return;
    }
    await runMode(mode, inputs, event.payload, env, host, options);
  } catch (error) {
    host.setFailed(error instanceof Error ? error.message : String(error));
  }
}

async function runMode(
  mode: Exclude<Mode, { kind: 'unsupported' }>,
  inputs: ActionInputs,
  payload: Record<string, unknown>,
  env: Record<string, string | undefined>,
  host: Host,
  options: RunOptions,
): Promise<void> {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const config = await loadConfig(
    inputs.config || '.github/known-issues.yml',
    inputs.config !== '',
    workspace,
  );
  // The workflow's inputs decide which items get issues and how they are labelled.
  const effective = { ...config, priorities: inputs.priorities, labels: inputs.labels };
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const repo = repoOf(env, payload);
  const client =
    options.client ??
    createClient({
      token: inputs.token,
      baseUrl: env.GITHUB_API_URL,
      graphqlUrl: env.GITHUB_GRAPHQL_URL,
      log: (message) => host.info(message),
      requestTimeout: inputs['request-timeout'],
      // The end-to-end tests run this bundle against a local GitHub; there, and only there,
      // writes need not be spaced a second apart. Production keeps the plugin's pacing.
      ...(env.KNOWN_ISSUES_TEST_UNPACED === '1'
        ? { throttle: { pacing: false, msPerSecond: 1 } }
        : {}),
    });
  const base: PipelineBase = {
    client,
    repo,
    branch: inputs.branch || mode.branch,
    trackerPath: inputs.tracker,
    section: inputs.section,
    config: effective,
    serverUrl,
    commit: inputs.commit,
    dryRun: inputs['dry-run'],
    budget: inputs['max-operations'],
    trustedAuthors: inputs['trusted-authors'],
    log: (message) => host.info(message),
  };
  const now = (options.now ?? (() => new Date()))().toISOString().slice(0, 10);
  const runUrl = `${serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${env.GITHUB_RUN_ID ?? ''}`;
  const report = async (result: RunReport, dryRun: boolean, extra = '') => {
    for (const [name, value] of Object.entries(outputsOf(result))) host.setOutput(name, value);
    await host.summary(
      renderSummary(result, {
        mode: mode.kind,
        dryRun,
        trackerPath: inputs.tracker,
        priorities: effective.priorities,
      }) + extra,
    );
    const outcome = runOutcome(result, inputs['max-operations']);
    if (outcome.kind === 'warning') host.warning(outcome.message);
    if (outcome.kind === 'failure') host.setFailed(outcome.message);
  };

  switch (mode.kind) {
    case 'sync':
    case 'check': {
      const evidence = await readEvidence({
        buildOutcome: inputs['build-outcome'] || undefined,
        buildLog: inputs['build-log'] || undefined,
        testResults: inputs['test-results'],
        format: inputs['test-results-format'],
        cwd: workspace,
      });
      for (const problem of evidence.problems) {
        host.warning(problem.message, { file: problem.file, startLine: problem.line });
      }
      const options = { ...base, evidence, now, runUrl };
      const result =
        mode.kind === 'check' ? await check({ ...options, workspace }) : await sync(options);
      for (const d of result.diagnostics) {
        const annotate = d.severity === 'error' ? host.error : host.warning;
        annotate(formatDiagnostic(inputs.tracker, d), {
          file: inputs.tracker,
          startLine: d.line,
          startColumn: d.column,
          title: d.rule,
        });
      }
      const dryRun = inputs['dry-run'] || mode.kind === 'check';
      await report(result, dryRun, `\n${renderEvidence(evidence, result.plan.failures)}`);
      if (mode.kind === 'check' && result.diagnostics.some((d) => d.severity === 'error')) {
        host.setFailed(`${inputs.tracker} has errors; see the annotations`);
      }
      return;
    }
    case 'command': {
      const outcome = await command({
        ...base,
        comment: mode.comment,
        prefix: inputs['command-prefix'],
        permission: inputs['command-permission'],
        now,
        runUrl,
      });
      if (outcome.kind === 'ignored') return host.info(`known-issues: ${outcome.why}`);
      if (outcome.kind === 'refused') return host.notice(`known-issues: refused, ${outcome.why}`);
      for (const o of outcome.result.planned.outcomes)
        host.info(`${o.ok ? 'ok' : 'not done'}: ${o.line}: ${o.message}`);
      await report(outcome.result, base.dryRun || !base.commit, `\n### Reply\n\n${outcome.reply}`);
      return;
    }
    case 'issue-event': {
      const outcome = await issueEvent({ ...base, event: mode.event, now, runUrl });
      if (outcome.kind === 'ignored') return host.info(`known-issues: ${outcome.why}`);
      for (const o of outcome.result.planned.outcomes)
        host.info(`${o.ok ? 'ok' : 'not done'}: ${o.line}: ${o.message}`);
      await report(outcome.result, base.dryRun);
      return;
    }
  }
}

/** An input as the runner passes it: `INPUT_<NAME>` (spaces as underscores), trimmed. */
const inputFromEnv =
  (env: Record<string, string | undefined>) =>
  (name: string): string =>
    (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();

/** The event as the runner gives it: its name, and its payload in a file. */
function eventFromEnv(env: Record<string, string | undefined>): {
  name: string;
  payload: Record<string, unknown>;
} {
  const path = env.GITHUB_EVENT_PATH;
  const payload =
    path && existsSync(path)
      ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>)
      : {};
  return { name: env.GITHUB_EVENT_NAME ?? '', payload };
}

/** The repository the run is for: `GITHUB_REPOSITORY`, else the payload's. */
function repoOf(
  env: Record<string, string | undefined>,
  payload: Record<string, unknown>,
): RepoRef {
  const fullName =
    env.GITHUB_REPOSITORY ||
    (payload.repository as { full_name?: string } | undefined)?.full_name ||
    '';
  const [owner, name] = fullName.split('/');
  if (!owner || !name)
    throw new Error('GITHUB_REPOSITORY is not set; expected owner/name, as the runner sets it');
  return { owner, repo: name };
}
