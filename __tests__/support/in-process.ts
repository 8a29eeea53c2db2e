import { run, type Host } from '../../src/main.js';
import { emulatorClient } from './github-client.js';
import type { EmuComment, Emulator } from './github-emulator.js';
import { defaultInputs, webhookPayload } from './runner.js';

/** What an in-process run reported: as the runner would show it. */
export interface InProcessRun {
  outputs: Record<string, string>;
  summary: string;
  log: string[];
  notices: string[];
  warnings: string[];
  /** The warnings and errors with where they point, as the runner would annotate them. */
  annotations: Array<{ message: string; file?: string; startLine?: number }>;
  /** The message the step failed with, or null when it passed. */
  failed: string | null;
}

/**
 * Runs the action in this process, as `dist/index.js` would on the runner, against the
 * emulator: action.yml's defaults under `inputs`, the event and payload given, a fixed clock.
 */
export async function runInProcess(options: {
  emulator: Emulator;
  repository: string;
  event: string;
  payload: Record<string, unknown>;
  inputs?: Record<string, string>;
  workspace?: string;
  now?: string;
  /** The token the client sends (a read-only one, say). */
  token?: string;
  /** More of the runner's environment (GITHUB_SHA…). */
  env?: Record<string, string>;
}): Promise<InProcessRun> {
  const out: InProcessRun = {
    outputs: {},
    summary: '',
    log: [],
    notices: [],
    warnings: [],
    annotations: [],
    failed: null,
  };
  const annotate = (message: string, where?: { file?: string; startLine?: number }) => {
    out.warnings.push(message);
    out.annotations.push({
      message,
      ...(where?.file ? { file: where.file } : {}),
      ...(where?.startLine ? { startLine: where.startLine } : {}),
    });
  };
  const host: Host = {
    info: (m) => out.log.push(m),
    notice: (m) => out.notices.push(m),
    warning: annotate,
    error: annotate,
    setOutput: (name, value) => (out.outputs[name] = value),
    setSecret: () => {},
    summary: async (markdown) => {
      out.summary += markdown;
    },
    setFailed: (m) => (out.failed = m),
  };
  const inputs = { ...defaultInputs(), ...options.inputs };
  await run({
    env: {
      GITHUB_REPOSITORY: options.repository,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '4242',
      ...(options.workspace ? { GITHUB_WORKSPACE: options.workspace } : {}),
      ...options.env,
    },
    getInput: (name) => inputs[name] ?? '',
    event: { name: options.event, payload: options.payload },
    now: () => new Date(`${options.now ?? '2026-11-25'}T12:00:00Z`),
    client: emulatorClient(options.emulator, options.token ? { token: options.token } : {}).client,
    host,
  });
  return out;
}

/**
 * An `issue_comment` payload from @octokit/webhooks-examples, changed only where the case needs:
 * the issue number, the comment (id, body, author), the sender and, for an edit, the body before.
 */
export function commentPayload(options: {
  action: 'created' | 'edited' | 'deleted';
  issue: number;
  comment: EmuComment;
  sender?: string;
  senderType?: 'User' | 'Bot';
  previousBody?: string;
}): Record<string, unknown> {
  const payload = webhookPayload('issue_comment', (p) => p.action === options.action);
  const issue = payload.issue as Record<string, unknown>;
  const comment = payload.comment as Record<string, unknown>;
  const sender = payload.sender as Record<string, unknown>;
  issue.number = options.issue;
  comment.id = options.comment.id;
  comment.body = options.comment.body;
  (comment.user as Record<string, unknown>).login = options.comment.user;
  sender.login = options.sender ?? options.comment.user;
  sender.type = options.senderType ?? 'User';
  if (options.previousBody !== undefined)
    payload.changes = { body: { from: options.previousBody } };
  return payload;
}

/**
 * An `issues` payload from @octokit/webhooks-examples for a person's change to an issue. The
 * examples have no `closed` one: a close starts from the `reopened` example, with its action,
 * state and state reason set as GitHub sends them on a close.
 */
export function issuesPayload(options: {
  action: 'closed' | 'reopened' | 'labeled' | 'unlabeled';
  issue: number;
  sender: string;
  senderType?: 'User' | 'Bot';
  label?: string;
  labels?: string[];
  stateReason?: 'completed' | 'not_planned';
}): Record<string, unknown> {
  const example = options.action === 'closed' ? 'reopened' : options.action;
  const payload = webhookPayload('issues', (p) => p.action === example);
  const issue = payload.issue as Record<string, unknown>;
  const sender = payload.sender as Record<string, unknown>;
  payload.action = options.action;
  issue.number = options.issue;
  sender.login = options.sender;
  sender.type = options.senderType ?? 'User';
  if (options.action === 'closed') {
    issue.state = 'closed';
    issue.state_reason = options.stateReason ?? 'completed';
  }
  if (options.label !== undefined)
    payload.label = { ...(payload.label as object), name: options.label };
  if (options.labels !== undefined)
    issue.labels = options.labels.map((name) => ({ ...(payload.label as object), name }));
  return payload;
}
