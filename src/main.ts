import * as core from '@actions/core';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readEvidence } from './evidence/read.js';
import { createClient, type GitHubClient, type RepoRef } from './github/client.js';
import { check, type CheckResult, type CommentPolicy } from './modes/check.js';
import { collect } from './modes/collect.js';
import { command } from './modes/command.js';
import { describeEvidence } from './modes/evidence-file.js';
import { readInputs, type ActionInputs } from './modes/inputs.js';
import { issueEvent } from './modes/issue-event.js';
import { loadConfig } from './modes/load.js';
import { collectMode, pickMode, type Mode } from './modes/mode.js';
import type { PipelineBase } from './modes/pipeline.js';
import { sync } from './modes/sync.js';
import { workflowRun } from './modes/workflow-run.js';
import { ConfigError } from './modes/errors.js';
import { formatDiagnostic } from './report/check.js';
import { renderEvidence } from './report/evidence.js';
import { runOutcome } from './report/outcome.js';
import { collectOutputs, gateOutputs, renderCollectSummary } from './report/pull-request.js';
import { outputsOf, renderSummary, type RunReport } from './report/summary.js';
import type { Diagnostic } from './tracker/schema.js';
import { fullName } from './reconcile/coverage.js';
import type { FailureCoverage } from './reconcile/failures.js';

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
    const mode =
      inputs.mode === 'collect'
        ? collectMode(event.name, event.payload, env.GITHUB_SHA ?? '', env.GITHUB_REF ?? '')
        : pickMode(event.name, event.payload, env.GITHUB_REF ?? '');
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

  const readRunEvidence = async () => {
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
    return evidence;
  };
  const annotate = (diagnostics: Diagnostic[]) => {
    for (const d of diagnostics) {
      const at = d.severity === 'error' ? host.error : host.warning;
      at(formatDiagnostic(inputs.tracker, d), {
        file: inputs.tracker,
        startLine: d.line,
        startColumn: d.column,
        title: d.rule,
      });
    }
  };
  const commentPolicy = (fork: boolean): CommentPolicy =>
    !inputs['pr-comment']
      ? { post: false, why: 'the pr-comment input is false' }
      : fork
        ? { post: false, why: FORK_TOKEN }
        : { post: true };
  const annotateNew = (coverage: FailureCoverage) => {
    const gating = inputs['fail-on'].includes('new-failures');
    for (const { test } of coverage.new) {
      const at = gating ? host.error : host.warning;
      at(
        `new failure, no open item covers it: ${fullName(test)}${test.message ? `: ${test.message}` : ''}`,
        {
          title: 'known-issues: new failure',
          ...(test.file ? { file: test.file, startLine: test.line } : {}),
        },
      );
    }
  };
  const reportCheck = async (result: CheckResult) => {
    annotate(result.report.changes.diagnostics);
    annotateNew(result.report.coverage);
    const outputs = { ...outputsOf(result.sync), ...gateOutputs(result.report.coverage) };
    for (const [name, value] of Object.entries(outputs)) host.setOutput(name, value);
    const said = commentNote(result);
    await host.summary(result.summary + (said ? `\n${said.summary}\n` : ''));
    if (said) (said.warn ? host.warning : host.notice)(`known-issues: ${said.log}`);
    const outcome = runOutcome(result.sync, inputs['max-operations']);
    if (outcome.kind === 'warning') host.warning(outcome.message);
    if (outcome.kind === 'failure') return host.setFailed(outcome.message);
    if (result.report.verdict.failed)
      host.setFailed(`known-issues: ${result.report.verdict.reasons.join('; ')}`);
  };

  switch (mode.kind) {
    case 'sync': {
      const evidence = await readRunEvidence();
      const result = await sync({ ...base, evidence, now, runUrl });
      annotate(result.diagnostics);
      await report(
        result,
        inputs['dry-run'],
        `\n${renderEvidence(evidence, result.plan.failures)}`,
      );
      return;
    }
    case 'check': {
      if (!mode.pullRequest)
        throw new ConfigError(
          'the pull_request payload names no number, base or head commit; expected the event GitHub sends',
        );
      const result = await check({
        ...base,
        branch: inputs.branch || mode.pullRequest.baseRef,
        evidence: await readRunEvidence(),
        now,
        runUrl,
        pullRequest: mode.pullRequest,
        comment: commentPolicy(mode.fork),
        failOn: inputs['fail-on'],
      });
      await reportCheck(result);
      return;
    }
    case 'collect': {
      const evidence = await readRunEvidence();
      const result = await collect({
        workspace,
        trackerPath: inputs.tracker,
        section: inputs.section,
        evidence,
        headSha: mode.headSha,
        pullRequest: mode.pullRequest,
        file: inputs['evidence-file'],
        config: effective,
        failOn: inputs['fail-on'],
      });
      annotate(result.diagnostics);
      annotateNew(result.coverage);
      const outputs = { ...collectOutputs(result.file), ...gateOutputs(result.coverage) };
      for (const [name, value] of Object.entries(outputs)) host.setOutput(name, value);
      host.info(`known-issues: evidence for ${mode.headSha} written to ${result.file}`);
      await host.summary(
        renderCollectSummary({
          file: result.file,
          headSha: mode.headSha,
          pullRequest: mode.pullRequest,
          evidence: describeEvidence(evidence),
          artifact: inputs['artifact-name'],
          trackerPath: inputs.tracker,
          diagnostics: result.diagnostics,
          verdict: result.verdict,
        }) + `\n${renderEvidence(evidence, result.coverage)}`,
      );
      if (result.verdict.failed)
        host.setFailed(`known-issues: ${result.verdict.reasons.join('; ')}`);
      return;
    }
    case 'workflow-run': {
      const outcome = await workflowRun({
        ...base,
        now,
        runUrl,
        run: mode.run,
        defaultBranch: mode.branch,
        artifact: inputs['artifact-name'],
        file: basename(inputs['evidence-file']),
        comment: commentPolicy(false),
        failOn: inputs['fail-on'],
      });
      if (outcome.kind === 'ignored') return host.notice(`known-issues: ${outcome.why}`);
      if (outcome.kind === 'check') return reportCheck(outcome.result);
      annotate(outcome.result.diagnostics);
      const evidence = renderEvidence(outcome.evidence, outcome.result.plan.failures);
      await report(outcome.result, inputs['dry-run'], `\n${evidence}`);
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

const FORK_TOKEN = "a fork's pull request gets a read-only token";

/** What the step says about the comment, when it was not posted: in the summary and the log. */
function commentNote(result: CheckResult): { summary: string; log: string; warn: boolean } | null {
  const { comment } = result;
  const how =
    'To get the comment on pull requests from forks, run this action with `mode: collect` in the pull request workflow and again in a `workflow_run` workflow (see docs/pull-requests.md); for others, give the job `permissions: pull-requests: write`.';
  if (comment.kind === 'posted') return null;
  if (comment.kind === 'skipped') {
    if (comment.why !== FORK_TOKEN) return null;
    const log = `no pull-request comment: ${FORK_TOKEN}; the report is in the job summary. ${how}`;
    return { summary: `_${log}_`, log, warn: false };
  }
  const log = `the pull-request comment could not be posted (${comment.error.message}); the report is in the job summary. ${how}`;
  return { summary: `_${log}_`, log, warn: true };
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
