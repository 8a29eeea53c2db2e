import { zipSync } from 'fflate';
import type { EmuPullRequest, RepoHandle } from './github-emulator.js';
import { webhookPayload } from './runner.js';

/**
 * A `pull_request` payload from @octokit/webhooks-examples for a pull request of the emulator:
 * its number, head and base (ref, commit, repository) and the repository set as GitHub sends them.
 */
export function pullRequestPayload(
  repo: RepoHandle,
  pr: EmuPullRequest,
  action: 'opened' | 'synchronize' = 'synchronize',
): Record<string, unknown> {
  const payload = webhookPayload('pull_request', (p) => p.action === action);
  const pull = payload.pull_request as Record<string, Record<string, unknown>>;
  const repository = payload.repository as Record<string, unknown>;
  const [owner, name] = repo.fullName.split('/');
  Object.assign(repository, { full_name: repo.fullName, name, default_branch: repo.defaultBranch });
  (repository.owner as Record<string, unknown>).login = owner;
  payload.number = pr.number;
  Object.assign(pull, { number: pr.number, title: pr.title });
  pull.head = {
    ...pull.head,
    ref: pr.headRef,
    sha: pr.headSha,
    repo: {
      ...(pull.head!.repo as object),
      full_name: pr.headRepo,
      fork: pr.headRepo !== repo.fullName,
    },
  };
  pull.base = {
    ...pull.base,
    ref: pr.baseRef,
    sha: pr.baseSha,
    repo: { ...(pull.base!.repo as object), full_name: repo.fullName },
  };
  return payload;
}

/**
 * A `workflow_run` `completed` payload from @octokit/webhooks-examples for a run of the
 * emulator's repository: the run's id, the event that started it, its commit and branch, and the
 * pull requests GitHub links to it (none for a fork's).
 */
export function workflowRunPayload(
  repo: RepoHandle,
  run: { id: number; event: string; headSha: string; headBranch: string; pullRequests?: number[] },
): Record<string, unknown> {
  const payload = webhookPayload('workflow_run', (p) => p.action === 'completed');
  const repository = payload.repository as Record<string, unknown>;
  Object.assign(repository, { full_name: repo.fullName, default_branch: repo.defaultBranch });
  const workflowRun = payload.workflow_run as Record<string, unknown>;
  Object.assign(workflowRun, {
    id: run.id,
    event: run.event,
    head_sha: run.headSha,
    head_branch: run.headBranch,
    conclusion: 'failure',
    pull_requests: (run.pullRequests ?? []).map((number) => ({ number })),
  });
  return payload;
}

/** A zip of `files`, as actions/upload-artifact makes one. */
export const artifactZip = (files: Record<string, string | Uint8Array>): Uint8Array =>
  zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, data]) => [
        name,
        typeof data === 'string' ? new TextEncoder().encode(data) : data,
      ]),
    ),
  );

/** A test of the small suite the pull-request tests run, and whether it fails in this run. */
export interface SuiteTest {
  file: string;
  suite: string;
  name: string;
}

/** The small suite: a drip-campaign builder, a cart, a login. */
export const SUITE: SuiteTest[] = [
  { file: 'src/drip/builder.test.ts', suite: 'drip builder', name: 'renders nodes' },
  { file: 'src/drip/builder.test.ts', suite: 'drip builder', name: 'connects edges' },
  { file: 'src/cart/cart.test.ts', suite: 'cart', name: 'applies coupons' },
  { file: 'src/auth/login.test.ts', suite: 'login', name: 'logs in' },
];

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/**
 * JUnit XML as jest-junit writes it for the small suite: one `<testsuite>` per file, the tests
 * named in `failing` (by name) failed with a message.
 */
export function junitReport(failing: Record<string, string> = {}): string {
  const files = [...new Set(SUITE.map((t) => t.file))];
  const suites = files.map((file) => {
    const tests = SUITE.filter((t) => t.file === file);
    const cases = tests.map((t) => {
      const message = failing[t.name];
      const attrs = `classname="${escapeXml(t.suite)} ${escapeXml(t.name)}" name="${escapeXml(t.name)}" time="0.01" file="${file}"`;
      return message === undefined
        ? `    <testcase ${attrs}/>`
        : `    <testcase ${attrs}>\n      <failure message="${escapeXml(message)}">${escapeXml(message)}\n    at ${file}:12:5</failure>\n    </testcase>`;
    });
    const failures = tests.filter((t) => failing[t.name] !== undefined).length;
    return `  <testsuite name="${escapeXml(tests[0]!.suite)}" file="${file}" tests="${tests.length}" failures="${failures}" errors="0">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="jest tests">\n${suites.join('\n')}\n</testsuites>\n`;
}
