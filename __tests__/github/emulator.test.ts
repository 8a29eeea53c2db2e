// The emulator itself, over plain fetch: the tests of src/github rely on it answering as GitHub does.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type RepoHandle } from '../support/github-emulator.js';

const TOKEN = 'emulator-token';
let emulator: Emulator;
let gh: RepoHandle;

const call = async (method: string, path: string, body?: unknown, token: string | null = TOKEN) => {
  const headers: Record<string, string> = { accept: 'application/vnd.github+json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${emulator.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: res.status,
    headers: res.headers,
    json: (await res.json()) as Record<string, unknown> & unknown[],
  };
};

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN });
  gh = emulator.repo('octo/emu');
  gh.addIssues(45, (i) => ({ title: `Issue ${i}`, labels: i % 2 ? ['odd'] : ['even'] }));
  gh.addIssue({ title: 'A PR', isPullRequest: true, labels: ['odd'] });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.clearRequests());

describe('REST shapes', () => {
  it('pages issues 30 at a time by default, with GitHub Link relations', async () => {
    const first = await call('GET', '/repos/octo/emu/issues?state=all');
    expect(first.json).toHaveLength(30);
    const link = first.headers.get('link')!;
    expect(link).toMatch(
      new RegExp(`<${emulator.url}/repositories/${gh.id}/issues\\?state=all&page=2>; rel="next"`),
    );
    expect(link).toMatch(/page=2>; rel="last"/);
    expect(link).not.toMatch(/rel="prev"|rel="first"/);

    const second = await call('GET', `/repositories/${gh.id}/issues?state=all&page=2`);
    expect(second.json).toHaveLength(16);
    expect(second.headers.get('link')).toMatch(/page=1>; rel="prev".*page=1>; rel="first"/);
    expect(second.headers.get('link')).not.toMatch(/rel="next"/);
  });

  it('filters by labels (all of them) and state, sorts, caps per_page at 100, and includes pull requests', async () => {
    const odd = await call('GET', '/repos/octo/emu/issues?labels=odd&per_page=500&direction=asc');
    expect(odd.json).toHaveLength(23);
    expect((odd.json[0] as { number: number }).number).toBe(2);
    const pr = odd.json.find((i) => (i as { title: string }).title === 'A PR') as Record<
      string,
      unknown
    >;
    expect(pr.pull_request).toMatchObject({ url: expect.stringContaining('/pulls/46') });
    expect((await call('GET', '/repos/octo/emu/issues?labels=odd,even')).json).toEqual([]);
    expect((await call('GET', '/repos/octo/emu/issues?state=closed')).json).toEqual([]);
  });

  it('answers GitHub-shaped issues, 201 creates and 404s', async () => {
    const created = await call('POST', '/repos/octo/emu/issues', {
      title: 'New',
      body: 'B',
      labels: ['brand-new'],
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      number: 47,
      title: 'New',
      body: 'B',
      state: 'open',
      state_reason: null,
      labels: [{ name: 'brand-new', color: 'ededed' }],
      user: { login: 'github-actions[bot]', type: 'Bot' },
      html_url: `${emulator.url}/octo/emu/issues/47`,
      url: `${emulator.url}/repos/octo/emu/issues/47`,
    });
    expect(gh.labels.map((l) => l.name)).toContain('brand-new');

    const closed = await call('PATCH', '/repos/octo/emu/issues/47', {
      state: 'closed',
      state_reason: 'not_planned',
    });
    expect(closed.json).toMatchObject({
      state: 'closed',
      state_reason: 'not_planned',
      closed_at: expect.any(String),
    });

    const missing = await call('GET', '/repos/octo/emu/issues/999');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      message: 'Not Found',
      documentation_url: expect.stringContaining('docs.github.com'),
      status: '404',
    });
    expect((await call('GET', '/repos/octo/nope/issues')).status).toBe(404);
  });

  it('answers 422 with GitHub errors for a duplicate label and a missing title', async () => {
    const dup = await call('POST', '/repos/octo/emu/labels', { name: 'ODD' });
    expect(dup.status).toBe(422);
    expect(dup.json).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
      status: '422',
    });
    const untitled = await call('POST', '/repos/octo/emu/issues', { body: 'x' });
    expect(untitled.json).toMatchObject({
      errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }],
    });
  });

  it('serves contents in base64 with a git blob sha, refs, the repository and comments', async () => {
    const commit = gh.pushCommit('main', { 'a/b.md': 'hello\n' }, 'Add b');
    const file = await call('GET', '/repos/octo/emu/contents/a/b.md?ref=main');
    expect(file.json).toMatchObject({
      type: 'file',
      encoding: 'base64',
      path: 'a/b.md',
      sha: 'ce013625030ba8dba906f756967f9e9ca394464a',
    });
    expect(Buffer.from(String(file.json.content), 'base64').toString()).toBe('hello\n');
    expect((await call('GET', '/repos/octo/emu/contents/nope.md')).status).toBe(404);
    expect((await call('GET', '/repos/octo/emu/git/ref/heads/main')).json).toMatchObject({
      ref: 'refs/heads/main',
      object: { sha: commit.oid, type: 'commit' },
    });
    expect((await call('GET', '/repos/octo/emu')).json).toMatchObject({
      full_name: 'octo/emu',
      default_branch: 'main',
    });

    expect((await call('POST', '/repos/octo/emu/issues/1/comments', { body: 'Hi' })).status).toBe(
      201,
    );
    const comments = await call('GET', '/repos/octo/emu/issues/1/comments');
    expect(comments.json).toMatchObject([{ body: 'Hi', user: { login: 'github-actions[bot]' } }]);
    expect(gh.issue(1).comments).toHaveLength(1);
  });

  it('reports collaborator permission and role_name', async () => {
    gh.setRole('tri', 'triage');
    expect((await call('GET', '/repos/octo/emu/collaborators/tri/permission')).json).toMatchObject({
      permission: 'read',
      role_name: 'triage',
      user: { login: 'tri' },
    });
    expect((await call('GET', '/repos/octo/emu/collaborators/octo/permission')).json).toMatchObject(
      { permission: 'admin', role_name: 'admin' },
    );
  });
});

describe('headers, auth and the request log', () => {
  it('sends rate-limit headers that count down, and a request id', async () => {
    const a = await call('GET', '/repos/octo/emu');
    const b = await call('GET', '/repos/octo/emu');
    const remaining = (r: typeof a) => Number(r.headers.get('x-ratelimit-remaining'));
    expect(remaining(b)).toBe(remaining(a) - 1);
    expect(b.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(Number(b.headers.get('x-ratelimit-used'))).toBe(5000 - remaining(b));
    expect(Number(b.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(b.headers.get('x-ratelimit-resource')).toBe('core');
    expect(b.headers.get('x-github-request-id')).toMatch(/^[0-9A-F]+(:[0-9A-F]+){4}$/);
  });

  it('answers 401 without a token or with a wrong one, never echoing it', async () => {
    const none = await call('GET', '/repos/octo/emu', undefined, null);
    expect(none).toMatchObject({
      status: 401,
      json: { message: 'Requires authentication', status: '401' },
    });
    const wrong = await call('GET', '/repos/octo/emu', undefined, 'leaky-token');
    expect(wrong).toMatchObject({ status: 401, json: { message: 'Bad credentials' } });
    expect(JSON.stringify(wrong.json)).not.toContain('leaky-token');
  });

  it('logs requests, and counts REST writes and GraphQL mutations as writes but not GraphQL queries', async () => {
    await call('GET', '/repos/octo/emu/labels?per_page=100');
    await call('POST', '/graphql', {
      query:
        'query Q($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { ref(qualifiedName: "refs/heads/main") { target { oid } } } }',
      variables: { owner: 'octo', name: 'emu' },
    });
    const result = await call('POST', '/api/graphql', {
      query:
        'mutation CreateCommitOnBranch($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid url } } }',
      variables: {
        input: {
          branch: { repositoryNameWithOwner: 'octo/emu', branchName: 'main' },
          message: { headline: 'h' },
          expectedHeadOid: gh.head(),
          fileChanges: {
            additions: [{ path: 'x.txt', contents: Buffer.from('x').toString('base64') }],
          },
        },
      },
    });
    expect(result.json).toMatchObject({
      data: { createCommitOnBranch: { commit: { oid: gh.head() } } },
    });
    await call('PATCH', '/api/v3/repos/octo/emu/issues/2', { title: 'Renamed' });

    expect(emulator.requests.map((r) => [r.method, r.path, r.graphql?.kind])).toEqual([
      ['GET', '/repos/octo/emu/labels', undefined],
      ['POST', '/graphql', 'query'],
      ['POST', '/graphql', 'mutation'],
      ['PATCH', '/repos/octo/emu/issues/2', undefined],
    ]);
    expect(emulator.requests[0]!.query).toEqual({ per_page: '100' });
    expect(emulator.writes().map((r) => r.rawPath)).toEqual([
      '/api/graphql',
      '/api/v3/repos/octo/emu/issues/2',
    ]);
    expect(gh.issue(2).title).toBe('Renamed');
  });

  it('answers STALE_DATA as GitHub does: HTTP 200 with errors', async () => {
    const stale = '0'.repeat(40);
    const res = await call('POST', '/graphql', {
      query:
        'mutation M($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }',
      variables: {
        input: {
          branch: { repositoryNameWithOwner: 'octo/emu', branchName: 'main' },
          message: { headline: 'h' },
          expectedHeadOid: stale,
          fileChanges: {},
        },
      },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      data: { createCommitOnBranch: null },
      errors: [
        {
          type: 'STALE_DATA',
          path: ['createCommitOnBranch'],
          locations: [expect.any(Object)],
          message: `Expected branch to point to "${stale}" but it did not.  Pull and try again.`,
        },
      ],
    });
  });
});

describe('faults', () => {
  it('consumes queued faults in order, per matching route', async () => {
    emulator.inject({ method: 'GET', path: /\/labels$/ }, { kind: 'status', status: 502 });
    emulator.inject(
      { method: 'GET', path: /\/labels$/ },
      { kind: 'secondary-rate-limit', retryAfter: 9 },
    );
    emulator.inject(
      { method: 'GET', path: /\/labels$/ },
      { kind: 'rate-limit', status: 429, resetIn: 50 },
    );
    expect(emulator.pendingFaults()).toBe(3);

    expect((await call('GET', '/repos/octo/emu')).status).toBe(200);
    const a = await call('GET', '/repos/octo/emu/labels');
    expect(a).toMatchObject({ status: 502, json: { status: '502' } });
    const b = await call('GET', '/repos/octo/emu/labels');
    expect(b.status).toBe(403);
    expect(b.headers.get('retry-after')).toBe('9');
    expect(b.json.message).toMatch(/^You have exceeded a secondary rate limit/);
    const c = await call('GET', '/repos/octo/emu/labels');
    expect(c.status).toBe(429);
    expect(c.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(c.headers.get('x-ratelimit-reset')) - Date.now() / 1000).toBeGreaterThan(40);
    expect((await call('GET', '/repos/octo/emu/labels')).status).toBe(200);
    expect(emulator.pendingFaults()).toBe(0);
    expect(emulator.requests.map((r) => r.fault)).toEqual([
      undefined,
      'status',
      'secondary-rate-limit',
      'rate-limit',
      undefined,
    ]);
  });

  it('resets a connection without doing the work, or loses the answer after doing it', async () => {
    const count = gh.issues.length;
    emulator.inject({ method: 'POST', path: /\/issues$/ }, { kind: 'reset' });
    await expect(call('POST', '/repos/octo/emu/issues', { title: 'R' })).rejects.toThrow();
    expect(gh.issues).toHaveLength(count);

    emulator.inject({ method: 'POST', path: /\/issues$/ }, { kind: 'lost-response' });
    await expect(call('POST', '/repos/octo/emu/issues', { title: 'L' })).rejects.toThrow();
    expect(gh.issues.at(-1)!.title).toBe('L');
    expect(emulator.requests.map((r) => r.status)).toEqual([null, null]);
  });
});
