import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../src/github/client.js';
import { GitHubError, PermissionError } from '../../src/github/errors.js';
import { applyIssueOperation, listManagedIssues } from '../../src/github/issues.js';
import { markerFor, type IssueOperation } from '../../src/reconcile/issues.js';
import { emulatorClient, TOKEN } from '../support/github-client.js';
import {
  startEmulator,
  type Emulator,
  type Fault,
  type RepoHandle,
} from '../support/github-emulator.js';

const LABEL = 'known-issue';
const repo = { owner: 'acme', repo: 'once' };
const context = { label: LABEL, identity: 'github-actions[bot]' };

let emulator: Emulator;
let gh: RepoHandle;
let client: GitHubClient;
let logs: string[];
let n = 0;

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN });
});
afterAll(() => emulator.close());
beforeEach(() => {
  repo.repo = `once-${++n}`;
  gh = emulator.repo(`acme/${repo.repo}`);
  emulator.clearRequests();
  ({ client, logs } = emulatorClient(emulator));
});
afterEach(() => expect(emulator.pendingFaults()).toBe(0));

const create = (itemId: string): IssueOperation => ({
  kind: 'create',
  itemId,
  title: `Crash in ${itemId}`,
  body: `${markerFor(itemId)}\n\nIt crashes.`,
  labels: [LABEL, 'P0'],
  reason: 'new P0 item',
});
const close = (): IssueOperation => ({
  kind: 'close',
  number: 1,
  itemId: 'a',
  comment: 'Fixed.',
  reason: 'fixed',
});
const reopen = (): IssueOperation => ({
  kind: 'reopen',
  number: 1,
  itemId: 'a',
  comment: 'Failing again.',
  reason: 'regressed',
});

/** What GitHub answers after doing the work: a secondary limit (403 or 429) or an exhausted primary one. */
const APPLIED_THEN: [string, Fault][] = [
  ['403 secondary rate limit', { kind: 'secondary-rate-limit', retryAfter: 5 }],
  ['429 rate limit', { kind: 'rate-limit', status: 429, resetIn: 5 }],
  ['403 primary rate limit', { kind: 'rate-limit', status: 403, resetIn: 5 }],
  ['502', { kind: 'status', status: 502 }],
];

describe.each(APPLIED_THEN)('a write GitHub applied, then answered %s', (_, error) => {
  it('a create is found by its marker, not sent again', async () => {
    emulator.inject({ method: 'POST', path: /\/issues$/ }, { kind: 'applied-then', error });
    expect(await applyIssueOperation(client, repo, create('x'), context)).toBe(1);
    expect(gh.issues).toHaveLength(1);
    expect(emulator.requestsTo({ method: 'POST' })).toHaveLength(1);
    expect(logs.join('\n')).toMatch(/had landed; not sending it again/);
  });

  it('a close comment is found by its marker, not posted again', async () => {
    gh.addIssue({ title: 'T', body: markerFor('a'), labels: [LABEL], user: 'github-actions[bot]' });
    emulator.inject({ method: 'POST', path: /\/comments$/ }, { kind: 'applied-then', error });
    await applyIssueOperation(client, repo, close(), context);
    expect(gh.issue(1).comments).toHaveLength(1);
    expect(gh.issue(1).state).toBe('closed');
  });
});

describe('a write that did not land', () => {
  it('is waited out for its retry-after, looked for, then sent once', async () => {
    emulator.inject(
      { method: 'POST', path: /\/issues$/ },
      { kind: 'secondary-rate-limit', retryAfter: 7 },
    );
    expect(await applyIssueOperation(client, repo, create('x'), context)).toBe(1);
    expect(emulator.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST 403',
      'GET 200',
      'POST 201',
    ]);
    expect(logs).toContainEqual(
      expect.stringMatching(/waiting 7 s, then checking whether it landed/),
    );
  });

  it('is not sent again when the rate limit resets later than the client waits', async () => {
    emulator.inject(
      { method: 'POST', path: /\/issues$/ },
      { kind: 'rate-limit', status: 403, resetIn: 3600 },
    );
    const error = await applyIssueOperation(client, repo, create('x'), context).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GitHubError);
    expect(error).toMatchObject({ kind: 'rate-limit', transient: true });
    expect((error as Error).message).toMatch(
      /^cannot create issues: GitHub's rate limit stops the run until about \d\d:\d\d UTC/,
    );
    expect(emulator.requests).toHaveLength(1);
  });
});

describe('comments across runs', () => {
  it('a close whose PATCH failed does not comment again when the next run closes it', async () => {
    gh.addIssue({ title: 'T', body: markerFor('a'), labels: [LABEL], user: 'github-actions[bot]' });
    emulator.inject({ method: 'PATCH' }, { kind: 'status', status: 422 });
    await expect(applyIssueOperation(client, repo, close(), context)).rejects.toThrow(
      /close issue #1/,
    );
    await applyIssueOperation(client, repo, close(), context);
    expect(gh.issue(1).comments).toHaveLength(1);
    expect(gh.issue(1).state).toBe('closed');
    expect(logs).toContainEqual(
      'GitHub: that comment on #1 is there already; not posting it again',
    );
  });

  it('close, reopen, close: each comment once, in order', async () => {
    gh.addIssue({ title: 'T', body: markerFor('a'), labels: [LABEL], user: 'github-actions[bot]' });
    for (const op of [close(), reopen(), close()])
      await applyIssueOperation(client, repo, op, context);
    expect(gh.issue(1).comments.map((c) => c.body.split('\n')[1])).toEqual([
      'Fixed.',
      'Failing again.',
      'Fixed.',
    ]);
  });
});

describe('errors say what failed and how to fix it', () => {
  it('a 403 on issue creation names the permission to add', async () => {
    emulator.inject(
      { method: 'POST', path: /\/issues$/ },
      { kind: 'status', status: 403, message: 'Resource not accessible by integration' },
    );
    const error = await applyIssueOperation(client, repo, create('x'), context).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as Error).message).toBe(
      'cannot create issues: the token lacks issues: write — add "permissions: issues: write" to the job (GitHub said: Resource not accessible by integration)',
    );
  });

  it('a request that never answers ends at the request timeout, without a retry', async () => {
    ({ client } = emulatorClient(emulator, { requestTimeout: 0.2 }));
    emulator.inject({ method: 'GET', path: /\/issues$/ }, { kind: 'hang' });
    const error = await listManagedIssues(client, repo, LABEL).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', transient: true });
    expect((error as Error).message).toMatch(
      /^cannot list issues: GitHub did not answer GET \S+\/issues\S* within 0\.2 s \(input request-timeout\)$/,
    );
    expect(emulator.requests).toHaveLength(1);
  });
});
