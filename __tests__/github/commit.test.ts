import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../src/github/client.js';
import { commitFile, readFileAtHead, StaleHeadError } from '../../src/github/commit.js';
import { GitHubError } from '../../src/github/errors.js';
import { emulatorClient, TOKEN } from '../support/github-client.js';
import { startEmulator, type Emulator, type RepoHandle } from '../support/github-emulator.js';

const PATH = 'docs/KNOWN_ISSUES.md';
const repo = { owner: 'acme', repo: 'tracker' };

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
  repo.repo = `tracker-${++n}`;
  gh = emulator.repo(`acme/${repo.repo}`);
  gh.pushCommit(
    'main',
    { [PATH]: '# Known issues\n\n- P1: flaky\n', 'README.md': 'hi\n' },
    'Add tracker',
  );
  emulator.clearRequests();
  ({ client, logs } = emulatorClient(emulator));
});

describe('readFileAtHead', () => {
  it('reads the head oid and the file text in one GraphQL query', async () => {
    const head = await readFileAtHead(client, repo, 'main', PATH);

    expect(head).toEqual({
      headOid: gh.head(),
      text: '# Known issues\n\n- P1: flaky\n',
      changedAt: gh.commits()[0]!.date,
    });
    expect(head.headOid).toMatch(/^[0-9a-f]{40}$/);
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({
      method: 'POST',
      path: '/graphql',
      graphql: { kind: 'query', name: 'ReadFileAtHead' },
    });
    expect(emulator.writes()).toEqual([]);
  });

  it('says when the file last changed: the newest commit that touched it, not the head', async () => {
    gh.commits()[0]!.date = '2026-01-01T00:00:00Z';
    gh.pushCommit('main', { 'README.md': 'hello\n' }, 'Edit the readme');
    const head = await readFileAtHead(client, repo, 'main', PATH);
    expect(head.headOid).toBe(gh.head());
    expect(head.changedAt).toBe('2026-01-01T00:00:00Z');
    gh.pushCommit('main', { [PATH]: '# Known issues\n' }, 'Edit the tracker');
    expect((await readFileAtHead(client, repo, 'main', PATH)).changedAt).toBe(
      gh.commits()[0]!.date,
    );
  });

  it('accepts a fully qualified branch name', async () => {
    expect((await readFileAtHead(client, repo, 'refs/heads/main', PATH)).headOid).toBe(gh.head());
  });

  it('gives null text for a missing file', async () => {
    expect(await readFileAtHead(client, repo, 'main', 'nope.md')).toEqual({
      headOid: gh.head(),
      text: null,
      changedAt: null,
    });
  });

  it('fails for a missing branch or repository', async () => {
    await expect(readFileAtHead(client, repo, 'gone', PATH)).rejects.toThrow(
      /Branch gone not found/,
    );
    await expect(
      readFileAtHead(client, { owner: 'acme', repo: 'missing' }, 'main', PATH),
    ).rejects.toThrow(/Could not resolve to a Repository/);
  });
});

describe('commitFile', () => {
  it('commits with createCommitOnBranch; readFileAtHead then returns the new text and oid', async () => {
    const before = await readFileAtHead(client, repo, 'main', PATH);
    const text = '# Known issues\n\n- P1: flaky (#12)\n';
    const commit = await commitFile(client, {
      repo,
      branch: 'main',
      path: PATH,
      text,
      expectedHeadOid: before.headOid,
      headline: 'docs(known-issues): sync',
      body: '- "flaky" is tracked by #12',
    });

    expect(commit.oid).toBe(gh.head());
    expect(commit.url).toBe(`${emulator.url}/acme/${repo.repo}/commit/${commit.oid}`);
    expect(await readFileAtHead(client, repo, 'main', PATH)).toEqual({
      headOid: commit.oid,
      text,
      changedAt: gh.commits()[0]!.date,
    });
    const [latest, parent] = gh.commits();
    expect(latest).toMatchObject({
      headline: 'docs(known-issues): sync',
      body: '- "flaky" is tracked by #12',
      parent: before.headOid,
    });
    expect(latest!.files['README.md']).toBe('hi\n');
    expect(parent!.oid).toBe(before.headOid);

    const mutation = emulator.writes();
    expect(mutation).toHaveLength(1);
    const input = (mutation[0]!.body as { variables: { input: Record<string, unknown> } }).variables
      .input;
    expect(input).toMatchObject({
      branch: { repositoryNameWithOwner: `acme/${repo.repo}`, branchName: 'main' },
      expectedHeadOid: before.headOid,
      fileChanges: { additions: [{ path: PATH, contents: Buffer.from(text).toString('base64') }] },
    });
  });

  it('keeps non-ASCII text intact through base64', async () => {
    const head = await readFileAtHead(client, repo, 'main', PATH);
    const text = '# Known issues — «ünïcödé» ✓\n';
    await commitFile(client, {
      repo,
      branch: 'main',
      path: PATH,
      text,
      expectedHeadOid: head.headOid,
      headline: 'x',
    });
    expect(gh.file(PATH)).toBe(text);
    expect((await readFileAtHead(client, repo, 'main', PATH)).text).toBe(text);
  });

  it('throws StaleHeadError when someone pushed in between, and changes nothing', async () => {
    const head = await readFileAtHead(client, repo, 'main', PATH);
    const pushed = gh.pushCommit(
      'main',
      { [PATH]: '# Known issues\n\n- P0: new\n' },
      'A person edits the tracker',
    );

    const error = await commitFile(client, {
      repo,
      branch: 'main',
      path: PATH,
      text: 'ours\n',
      expectedHeadOid: head.headOid,
      headline: 'sync',
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StaleHeadError);
    expect(error).toMatchObject({
      name: 'StaleHeadError',
      expectedHeadOid: head.headOid,
      message: `Expected branch to point to "${head.headOid}" but it did not.  Pull and try again.`,
    });
    expect(gh.head()).toBe(pushed.oid);
    expect(gh.file(PATH)).toBe('# Known issues\n\n- P0: new\n');
  });

  it('turns other GraphQL errors into a GitHubError that says what failed', async () => {
    const head = await readFileAtHead(client, repo, 'main', PATH);
    const error = await commitFile(client, {
      repo: { owner: 'acme', repo: 'missing' },
      branch: 'main',
      path: PATH,
      text: 'x',
      expectedHeadOid: head.headOid,
      headline: 'sync',
    }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(StaleHeadError);
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as Error).message).toMatch(
      /^cannot commit docs\/KNOWN_ISSUES\.md to main: GitHub answered: Could not resolve to a Repository .* — check the repository and branch/,
    );
    expect((error as { cause: unknown }).cause).toMatchObject({ errors: [{ type: 'NOT_FOUND' }] });
  });

  it('recognises its own commit when the mutation is retried after a lost response', async () => {
    const head = await readFileAtHead(client, repo, 'main', PATH);
    emulator.inject(
      { method: 'POST', path: '/graphql', operation: 'CreateCommitOnBranch' },
      { kind: 'lost-response' },
    );

    const commit = await commitFile(client, {
      repo,
      branch: 'main',
      path: PATH,
      text: 'ours\n',
      expectedHeadOid: head.headOid,
      headline: 'sync',
    });

    expect(gh.commits()).toHaveLength(3);
    expect(commit.oid).toBe(gh.head());
    expect(gh.file(PATH)).toBe('ours\n');
    const mutations = emulator.writes();
    expect(mutations.map((r) => r.status)).toEqual([null, 200]);
    expect(logs.join('\n')).toMatch(/had landed/);
  });

  it('still reports a stale head when a retried mutation meets somebody else’s commit', async () => {
    const head = await readFileAtHead(client, repo, 'main', PATH);
    emulator.inject(
      { method: 'POST', path: '/graphql', operation: 'CreateCommitOnBranch' },
      { kind: 'reset' },
    );
    // The first attempt never reaches the branch; a person pushes before the retry.
    gh.pushCommit('main', { [PATH]: 'theirs\n' }, 'sync');

    await expect(
      commitFile(client, {
        repo,
        branch: 'main',
        path: PATH,
        text: 'ours\n',
        expectedHeadOid: head.headOid,
        headline: 'sync',
      }),
    ).rejects.toBeInstanceOf(StaleHeadError);
    expect(gh.file(PATH)).toBe('theirs\n');
  });

  it('retries a 502 on the mutation and commits once', async () => {
    const head = await readFileAtHead(client, repo, 'main', PATH);
    emulator.inject(
      { method: 'POST', path: '/graphql', operation: 'CreateCommitOnBranch' },
      { kind: 'status', status: 502 },
    );
    await commitFile(client, {
      repo,
      branch: 'main',
      path: PATH,
      text: 'ours\n',
      expectedHeadOid: head.headOid,
      headline: 'sync',
    });
    expect(emulator.writes().map((r) => r.status)).toEqual([502, 200]);
    expect(gh.commits()).toHaveLength(3);
  });
});
