import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiUrlsFromEnv, createClient, DEFAULT_API_URL } from '../../src/github/client.js';
import { commitFile, readFileAtHead } from '../../src/github/commit.js';
import { applyIssueOperation, ensureLabels, listManagedIssues } from '../../src/github/issues.js';
import { markerFor } from '../../src/reconcile/issues.js';
import { emulatorClient, TOKEN } from '../support/github-client.js';
import { startEmulator, type Emulator, type RepoHandle } from '../support/github-emulator.js';

const repo = { owner: 'acme', repo: 'client' };
const LABELS = /^\/repos\/acme\/client\/labels$/;

let emulator: Emulator;
let gh: RepoHandle;

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN });
  gh = emulator.repo('acme/client');
  gh.addLabel('known-issue');
});
afterAll(() => emulator.close());
beforeEach(() => emulator.clearRequests());
afterEach(() => expect(emulator.pendingFaults()).toBe(0));

describe('retries', () => {
  it('retries a 5xx, then succeeds', async () => {
    const { client, logs } = emulatorClient(emulator);
    emulator.inject({ method: 'GET', path: LABELS }, { kind: 'status', status: 502 }, 2);

    expect(await ensureLabels(client, repo, ['known-issue'])).toEqual([]);
    expect(emulator.requests.map((r) => r.status)).toEqual([502, 502, 200]);
    expect(logs.filter((l) => l.startsWith('GitHub: retry'))).toHaveLength(2);
  });

  it('gives up after the configured number of retries', async () => {
    const { client } = emulatorClient(emulator, { retries: 2 });
    emulator.inject({ method: 'GET', path: LABELS }, { kind: 'status', status: 503 }, 3);

    await expect(ensureLabels(client, repo, ['x'])).rejects.toMatchObject({ status: 503 });
    expect(emulator.requests.map((r) => r.status)).toEqual([503, 503, 503]);
  });

  it('retries a GET whose connection was reset', async () => {
    const { client, logs } = emulatorClient(emulator);
    emulator.inject({ method: 'GET', path: /\/issues$/ }, { kind: 'reset' });

    expect(await listManagedIssues(client, repo, 'known-issue')).toEqual([]);
    expect(emulator.requests.map((r) => r.status)).toEqual([null, 200]);
    expect(logs).toContainEqual(
      expect.stringMatching(
        /^GitHub: GET \S*\/issues\S* failed: 500 .*(ECONNRESET|other side closed)/,
      ),
    );
  });

  it.each([409, 422, 404])('does not retry a %i', async (status) => {
    const { client } = emulatorClient(emulator);
    emulator.inject({ method: 'POST', path: LABELS }, { kind: 'status', status });

    await expect(ensureLabels(client, repo, ['brand-new'])).rejects.toMatchObject({ status });
    expect(emulator.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      'GET 200',
      `POST ${status}`,
    ]);
    expect(gh.labels.map((l) => l.name)).not.toContain('brand-new');
  });
});

describe('rate limits', () => {
  it('waits out a secondary rate limit for its retry-after, then succeeds', async () => {
    const { client, logs } = emulatorClient(emulator);
    emulator.inject(
      { method: 'GET', path: LABELS },
      { kind: 'secondary-rate-limit', retryAfter: 7 },
    );

    expect(await ensureLabels(client, repo, ['known-issue'])).toEqual([]);
    expect(emulator.requests.map((r) => r.status)).toEqual([403, 200]);
    expect(logs).toContainEqual(
      expect.stringMatching(
        /secondary rate limit on GET \S*\/labels\S*: retrying after 7 s \(retry 1 of 3\)/,
      ),
    );
  });

  it('waits for the reset of an exhausted primary rate limit (429), retrying once', async () => {
    const { client, logs } = emulatorClient(emulator);
    emulator.inject(
      { method: 'GET', path: LABELS },
      { kind: 'rate-limit', status: 429, resetIn: 30 },
    );

    expect(await ensureLabels(client, repo, ['known-issue'])).toEqual([]);
    // 429 belongs to throttling alone: the retry plugin must not add attempts of its own.
    expect(emulator.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(logs).toContainEqual(
      expect.stringMatching(/GitHub rate limit on GET .*: retrying after 3[01] s/),
    );
  });

  it('gives up after a bounded number of rate-limit retries', async () => {
    const { client, logs } = emulatorClient(emulator, { throttle: { maxRetries: 2 } });
    emulator.inject(
      { method: 'GET', path: LABELS },
      { kind: 'secondary-rate-limit', retryAfter: 1 },
      3,
    );

    await expect(ensureLabels(client, repo, ['x'])).rejects.toMatchObject({ status: 403 });
    expect(emulator.requests.map((r) => r.status)).toEqual([403, 403, 403]);
    expect(logs.at(-1)).toMatch(/giving up after 2 retries/);
  });

  it.each([403, 429] as const)(
    'fails at once (%i) for a reset further away than maxWaitSeconds',
    async (status) => {
      const { client, logs } = emulatorClient(emulator, { throttle: { maxWaitSeconds: 60 } });
      emulator.inject(
        { method: 'GET', path: LABELS },
        { kind: 'rate-limit', status, resetIn: 3600 },
        4,
      );

      await expect(ensureLabels(client, repo, ['x'])).rejects.toMatchObject({ status });
      // Neither plugin tries again: throttling declines, and the retry plugin leaves 403/429 alone.
      expect(emulator.requests).toHaveLength(1);
      emulator.clearRequests();
      await expect(ensureLabels(client, repo, ['x'])).rejects.toMatchObject({ status });
      await expect(ensureLabels(client, repo, ['x'])).rejects.toMatchObject({ status });
      await expect(ensureLabels(client, repo, ['x'])).rejects.toMatchObject({ status });
      expect(logs.at(-1)).toMatch(/giving up after 0 retries \(next wait 360\d s\)/);
    },
  );

  it('waits out a secondary rate limit on a create, looks for it, then sends it once (GitHub did nothing)', async () => {
    const { client } = emulatorClient(emulator);
    emulator.inject(
      { method: 'POST', path: /\/issues$/ },
      { kind: 'secondary-rate-limit', retryAfter: 2 },
    );
    const before = gh.issues.length;
    const number = await applyIssueOperation(client, repo, {
      kind: 'create',
      itemId: 'rl',
      title: 'Rate limited',
      body: markerFor('rl'),
      labels: ['known-issue'],
      reason: 'r',
    });
    expect(gh.issues).toHaveLength(before + 1);
    expect(number).toBe(before + 1);
    expect(emulator.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST 403',
      'GET 200',
      'POST 201',
    ]);
  });
});

describe('authentication', () => {
  it('surfaces a 401 clearly, without retrying and without the token anywhere', async () => {
    const secret = 'ghp_wrongTokenThatMustNotLeak42';
    const { client, logs } = emulatorClient(emulator, { token: secret });

    const error = await listManagedIssues(client, repo, 'known-issue').then(
      () => {
        throw new Error('expected a 401');
      },
      (e: unknown) =>
        e as Error & {
          status: number;
          cause: { request: { headers: Record<string, string> } };
        },
    );
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/Bad credentials/);
    expect(emulator.requests).toHaveLength(1);
    const everything = [
      String(error),
      error.stack,
      JSON.stringify(error.cause.request),
      JSON.stringify(error),
      ...logs,
    ].join('\n');
    expect(everything).not.toContain(secret);
    expect(error.cause.request.headers.authorization).toBe('token [REDACTED]');
    expect(error.message).toMatch(/^cannot list issues: GitHub refused the token \(401 /);
  });

  it('sends the token it was given', async () => {
    const { client } = emulatorClient(emulator);
    await expect(listManagedIssues(client, repo, 'no-such-label')).resolves.toEqual([]);
    expect(emulator.requests[0]!.status).toBe(200);
  });
});

describe('GitHub Enterprise Server', () => {
  it('uses the /api/v3 REST base and /api/graphql for every call, pagination included', async () => {
    const ghes = await startEmulator({ token: TOKEN });
    try {
      const r = ghes.repo('corp/tool');
      r.pushCommit('main', { 'KNOWN_ISSUES.md': '# Known issues\n' }, 'Add tracker');
      r.addIssues(130, (i) => ({
        title: `I${i}`,
        body: markerFor(`i${i}`),
        labels: ['known-issue'],
      }));
      const { client } = emulatorClient(ghes, {
        baseUrl: ghes.enterprise.apiUrl,
        graphqlUrl: ghes.enterprise.graphqlUrl,
      });
      const corp = { owner: 'corp', repo: 'tool' };

      expect(await listManagedIssues(client, corp, 'known-issue')).toHaveLength(130);
      const head = await readFileAtHead(client, corp, 'main', 'KNOWN_ISSUES.md');
      const commit = await commitFile(client, {
        repo: corp,
        branch: 'main',
        path: 'KNOWN_ISSUES.md',
        text: '# Known issues\n\nNone.\n',
        expectedHeadOid: head.headOid,
        headline: 'Sync',
      });

      expect(r.head()).toBe(commit.oid);
      expect(ghes.requests.map((q) => q.rawPath)).toEqual([
        '/api/v3/repos/corp/tool/issues',
        expect.stringMatching(/^\/api\/v3\/repositories\/\d+\/issues$/),
        '/api/graphql',
        '/api/graphql',
      ]);
    } finally {
      await ghes.close();
    }
  });

  it('derives /api/graphql from an /api/v3 base when no GraphQL URL is given', async () => {
    const ghes = await startEmulator({ token: TOKEN });
    try {
      ghes.repo('corp/tool');
      const { client } = emulatorClient(ghes, {
        baseUrl: ghes.enterprise.apiUrl,
        graphqlUrl: undefined,
      });
      await readFileAtHead(client, { owner: 'corp', repo: 'tool' }, 'main', 'x.md');
      expect(ghes.requests.map((q) => q.rawPath)).toEqual(['/api/graphql']);
    } finally {
      await ghes.close();
    }
  });

  it('reads the URLs a runner gives, defaulting to api.github.com', () => {
    expect(apiUrlsFromEnv({})).toEqual({ baseUrl: DEFAULT_API_URL });
    expect(
      apiUrlsFromEnv({
        GITHUB_API_URL: 'https://ghe.corp/api/v3',
        GITHUB_GRAPHQL_URL: 'https://ghe.corp/api/graphql',
      }),
    ).toEqual({
      baseUrl: 'https://ghe.corp/api/v3',
      graphqlUrl: 'https://ghe.corp/api/graphql',
    });
    const client = createClient({ token: 'x' });
    expect(client.octokit.request.endpoint.DEFAULTS.baseUrl).toBe('https://api.github.com');
  });
});
