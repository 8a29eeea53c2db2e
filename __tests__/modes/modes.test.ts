import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/modes/inputs.js';
import { loadIssueSnapshot } from '../../src/modes/load.js';
import { collectMode, pickMode } from '../../src/modes/mode.js';
import { defaultInputs, webhookPayload } from '../support/runner.js';

describe('pickMode, on payloads GitHub sends', () => {
  it('a pull request from the same repository: a check against its base branch, with its commits', () => {
    const payload = webhookPayload('pull_request', (p) => p.action === 'opened');
    const pr = payload.pull_request as {
      number: number;
      base: { ref: string; sha: string };
      head: { sha: string };
    };
    expect(pickMode('pull_request', payload)).toEqual({
      kind: 'check',
      branch: pr.base.ref,
      fork: false,
      pullRequest: {
        number: pr.number,
        baseRef: pr.base.ref,
        baseSha: pr.base.sha,
        headSha: pr.head.sha,
      },
    });
  });

  it('a completed workflow run: read for its artifact; a requested one is not', () => {
    const payload = webhookPayload(
      'workflow_run',
      (p) =>
        p.action === 'completed' &&
        (p.workflow_run as { pull_requests: unknown[] }).pull_requests.length > 0,
    );
    const run = payload.workflow_run as { id: number; head_sha: string; head_branch: string };
    expect(pickMode('workflow_run', payload)).toEqual({
      kind: 'workflow-run',
      branch: (payload.repository as { default_branch: string }).default_branch,
      run: {
        id: run.id,
        event: 'repository_dispatch',
        headSha: run.head_sha,
        headBranch: run.head_branch,
        pullRequests: [2],
      },
    });
    const requested = webhookPayload('workflow_run', (p) => p.action === 'requested');
    expect(pickMode('workflow_run', requested)).toMatchObject({ kind: 'unsupported' });
  });

  it("collect, chosen by the input: the pull request and its head, or the run's commit on a push", () => {
    const payload = webhookPayload('pull_request', (p) => p.action === 'opened');
    const pr = payload.pull_request as { number: number; head: { sha: string } };
    expect(collectMode('pull_request', payload, 'f'.repeat(40))).toMatchObject({
      kind: 'collect',
      headSha: pr.head.sha,
      pullRequest: pr.number,
    });
    const push = webhookPayload('push', (p) => String(p.ref).startsWith('refs/heads/'));
    expect(collectMode('push', push, 'f'.repeat(40))).toMatchObject({
      kind: 'collect',
      headSha: 'f'.repeat(40),
      pullRequest: null,
    });
    expect(collectMode('push', push, '')).toMatchObject({ kind: 'unsupported' });
  });

  it('a pull request from a fork: still a check, marked as a fork', () => {
    const payload = webhookPayload('pull_request', (p) => p.action === 'opened');
    const pr = payload.pull_request as { head: { repo: { full_name: string } } };
    pr.head.repo.full_name = 'someone-else/fork';
    expect(pickMode('pull_request_target', payload)).toMatchObject({ kind: 'check', fork: true });
  });

  it('a push to a branch syncs that branch; a tag push does nothing', () => {
    const push = webhookPayload('push', (p) => String(p.ref).startsWith('refs/heads/'));
    expect(pickMode('push', push)).toEqual({
      kind: 'sync',
      branch: String(push.ref).slice('refs/heads/'.length),
    });
    expect(pickMode('push', { ...push, ref: 'refs/tags/v1.0.0' })).toEqual({
      kind: 'unsupported',
      why: 'push to refs/tags/v1.0.0 is not a branch',
    });
  });

  it('schedule and workflow_dispatch sync the branch the runner names', () => {
    expect(pickMode('schedule', {}, 'refs/heads/trunk')).toEqual({ kind: 'sync', branch: 'trunk' });
    const dispatch = webhookPayload('workflow_dispatch');
    expect(pickMode('workflow_dispatch', dispatch, 'refs/heads/release')).toEqual({
      kind: 'sync',
      branch: 'release',
    });
  });

  it('a new comment is read for commands, from its sender', () => {
    const payload = webhookPayload('issue_comment', (p) => p.action === 'created');
    const comment = payload.comment as { id: number; body: string };
    expect(pickMode('issue_comment', payload)).toEqual({
      kind: 'command',
      branch: 'master',
      comment: {
        issueNumber: 1,
        commentId: comment.id,
        body: comment.body,
        previousBody: null,
        sender: { login: 'Codertocat', type: 'User' },
      },
    });
  });

  it('an edited comment carries its previous body; a deleted one runs nothing', () => {
    const edited = webhookPayload('issue_comment', (p) => p.action === 'edited');
    const mode = pickMode('issue_comment', edited);
    expect(mode.kind === 'command' && mode.comment.previousBody).toBe(
      (edited.changes as { body: { from: string } }).body.from,
    );
    const deleted = webhookPayload('issue_comment', (p) => p.action === 'deleted');
    expect(pickMode('issue_comment', deleted)).toEqual({
      kind: 'unsupported',
      why: 'a deleted comment runs no command',
    });
  });

  it('a comment on a pull request is not a command', () => {
    const payload = webhookPayload('issue_comment', (p) => p.action === 'created');
    (payload.issue as Record<string, unknown>).pull_request = { url: 'https://x' };
    expect(pickMode('issue_comment', payload).kind).toBe('unsupported');
  });

  it('an issue reopened or relabelled is an issue event; other issue actions are not', () => {
    const reopened = webhookPayload('issues', (p) => p.action === 'reopened');
    expect(pickMode('issues', reopened)).toMatchObject({
      kind: 'issue-event',
      event: { action: 'reopened', issueNumber: 1, sender: { login: 'Codertocat' } },
    });
    const labeled = webhookPayload('issues', (p) => p.action === 'labeled');
    expect(pickMode('issues', labeled)).toMatchObject({
      kind: 'issue-event',
      event: { action: 'labeled', label: 'bug', labels: ['bug'] },
    });
    const opened = webhookPayload('issues', (p) => p.action === 'opened');
    expect(pickMode('issues', opened).kind).toBe('unsupported');
  });

  it('other events are named as unsupported, never synced', () => {
    const release = webhookPayload('release');
    expect(pickMode('release', release).kind).toBe('unsupported');
  });
});

describe('readInputs', () => {
  const defaults = defaultInputs();
  const read = (overrides: Record<string, string>) =>
    readInputs((name) => ({ ...defaults, ...overrides })[name] ?? '');

  it("action.yml's defaults are valid inputs", () => {
    const inputs = read({});
    expect(inputs['max-operations']).toBe(100);
    expect(inputs.priorities).toEqual(['P0', 'P1']);
    expect(inputs['dry-run']).toBe(false);
    expect(inputs['command-prefix']).toBe('/tracker');
    expect(inputs['command-permission']).toBe('write');
  });

  it('lists take commas or lines', () => {
    expect(read({ 'test-results': 'a.xml,\n b/**/*.xml\n' })['test-results']).toEqual([
      'a.xml',
      'b/**/*.xml',
    ]);
  });

  it.each([
    ['build-outcome', 'passed', 'build-outcome: expected success, failure, cancelled or skipped'],
    [
      'priorities',
      'P0, urgent',
      'priorities: unexpected "urgent", expected a list of P0, P1, P2, P3',
    ],
    ['priorities', ' ', 'priorities: expected a list of P0, P1, P2, P3'],
    ['dry-run', 'yes', 'dry-run: expected true or false'],
    ['max-operations', '-1', 'max-operations: expected a whole number ≥ 0'],
    ['tracker', ' ', 'tracker: expected the path of the tracker file'],
    ['command-prefix', '/tracker now', 'command-prefix: expected one word without spaces'],
    [
      'command-permission',
      'push',
      'command-permission: unexpected "push", expected admin, maintain, write, triage or read',
    ],
  ])('a bad %s (%j) names the input and what it accepts', (name, value, message) => {
    expect(() => read({ [name]: value })).toThrow(message);
  });
});

describe('loadIssueSnapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'snapshot-'));
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('reads the demo snapshot', async () => {
    const issues = await loadIssueSnapshot('examples/demo/issues.json');
    expect(issues.map((i) => i.number)).toEqual([1]);
  });

  it('names the file and what was expected', async () => {
    await expect(loadIssueSnapshot(write('broken.json', '[{'))).rejects.toThrow(
      /broken\.json: cannot read the issues snapshot, expected a JSON array/,
    );
    await expect(loadIssueSnapshot(write('object.json', '{"number": 1}'))).rejects.toThrow(
      /object\.json: \(root\): /,
    );
  });
});
