import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commitFile, readFileAtHead } from '../../src/github/commit.js';
import { emulatorClient, TOKEN } from '../support/github-client.js';
import {
  BLOB_TEXT_LIMIT,
  startEmulator,
  type Emulator,
  type RepoHandle,
} from '../support/github-emulator.js';

const PATH = 'docs/KNOWN_ISSUES.md';
const repo = { owner: 'acme', repo: 'blobs' };
const LATIN1 = Buffer.concat([
  Buffer.from('# Known issues\n\nReported by Jos'),
  Buffer.of(0xe9),
  Buffer.from('\n'),
]);

let emulator: Emulator;
let gh: RepoHandle;
let n = 0;
beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN });
});
afterAll(() => emulator.close());
beforeEach(() => {
  repo.repo = `blobs-${++n}`;
  gh = emulator.repo(`acme/${repo.repo}`);
  emulator.clearRequests();
});

const graphqlBlob = async (path = PATH) => {
  const res = await fetch(emulator.graphqlUrl, {
    method: 'POST',
    headers: { authorization: `bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `query Q($owner: String!, $name: String!, $q: String!, $path: String!) { repository(owner: $owner, name: $name) { ref(qualifiedName: $q) { target { oid ... on Commit { file(path: $path) { object { ... on Blob { oid byteSize isBinary isTruncated text } } } } } } } }`,
      variables: { owner: repo.owner, name: repo.repo, q: 'refs/heads/main', path },
    }),
  });
  const json = (await res.json()) as {
    data: { repository: { ref: { target: { file: { object: Record<string, unknown> } } } } };
  };
  return json.data.repository.ref.target.file.object;
};

describe('the emulator hands out blobs as GitHub does', () => {
  it('GraphQL Blob.text stops at 512,000 bytes, with isTruncated and the whole byteSize', async () => {
    gh.pushCommit('main', { [PATH]: 'x'.repeat(BLOB_TEXT_LIMIT + 10) }, 'big');
    const blob = await graphqlBlob();
    expect(blob).toMatchObject({
      isTruncated: true,
      byteSize: BLOB_TEXT_LIMIT + 10,
      isBinary: false,
    });
    expect((blob.text as string).length).toBe(BLOB_TEXT_LIMIT);
    expect(blob.oid).toMatch(/^[0-9a-f]{40}$/);
  });

  it('GraphQL Blob.text shows bytes that are not UTF-8 as U+FFFD; a NUL makes a blob binary', async () => {
    gh.pushCommit('main', { [PATH]: LATIN1, 'bin.dat': Buffer.of(1, 0, 2) }, 'odd');
    expect(await graphqlBlob()).toMatchObject({
      text: '# Known issues\n\nReported by Jos\uFFFD\n',
      isTruncated: false,
      byteSize: LATIN1.length,
    });
    expect(await graphqlBlob('bin.dat')).toMatchObject({ isBinary: true, text: null });
  });

  it('GET git/blobs/{sha} answers base64 JSON, or the raw bytes for the raw media type', async () => {
    gh.pushCommit('main', { [PATH]: LATIN1 }, 'odd');
    const { oid } = (await graphqlBlob()) as { oid: string };
    const url = `${emulator.url}/repos/${repo.owner}/${repo.repo}/git/blobs/${oid}`;
    const auth = { authorization: `token ${TOKEN}` };
    const json = (await (await fetch(url, { headers: auth })).json()) as Record<string, unknown>;
    expect(json).toMatchObject({ sha: oid, size: LATIN1.length, encoding: 'base64', url });
    expect(Buffer.from(json.content as string, 'base64').equals(LATIN1)).toBe(true);
    const raw = await fetch(url, {
      headers: { ...auth, accept: 'application/vnd.github.raw+json' },
    });
    expect(Buffer.from(await raw.arrayBuffer()).equals(LATIN1)).toBe(true);
    expect((await fetch(url.replace(oid, '0'.repeat(40)), { headers: auth })).status).toBe(404);
  });

  it('GET contents answers base64 up to 1 MB, over it only with the raw media type', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 'a');
    gh.pushCommit('main', { [PATH]: LATIN1, 'big.md': big }, 'files');
    const auth = { authorization: `token ${TOKEN}` };
    const at = (path: string) =>
      `${emulator.url}/repos/${repo.owner}/${repo.repo}/contents/${path}`;
    const small = (await (await fetch(at(PATH), { headers: auth })).json()) as Record<
      string,
      string
    >;
    expect(Buffer.from(small.content!, 'base64').equals(LATIN1)).toBe(true);
    const meta = (await (await fetch(at('big.md'), { headers: auth })).json()) as Record<
      string,
      unknown
    >;
    expect(meta).toMatchObject({ encoding: 'none', content: '', size: big.length });
    const raw = await fetch(at('big.md'), {
      headers: { ...auth, accept: 'application/vnd.github.raw+json' },
    });
    expect(Buffer.from(await raw.arrayBuffer()).equals(big)).toBe(true);
  });
});

describe('readFileAtHead and commitFile keep every byte', () => {
  it('reads a truncated blob whole through the git blob API', async () => {
    const text = `# Known issues\n\n${'- ✅ done\n'.repeat(60_000)}`;
    gh.pushCommit('main', { [PATH]: text }, 'big');
    const { client } = emulatorClient(emulator);
    expect((await readFileAtHead(client, repo, 'main', PATH)).text).toBe(text);
    expect(emulator.requests.map((r) => r.graphql?.name ?? `${r.method} ${r.path}`)).toEqual([
      'ReadFileAtHead',
      expect.stringMatching(/^GET \/repos\/acme\/blobs-\d+\/git\/blobs\/[0-9a-f]{40}$/),
    ]);
  });

  it('reads a small UTF-8 file in one query', async () => {
    gh.pushCommit('main', { [PATH]: '\uFEFF# Known issues — ✓\n' }, 'small');
    const { client } = emulatorClient(emulator);
    expect((await readFileAtHead(client, repo, 'main', PATH)).text).toBe(
      '\uFEFF# Known issues — ✓\n',
    );
    expect(emulator.requests).toHaveLength(1);
  });

  it('keeps a Latin-1 byte through a read, an edit elsewhere and a commit, and names its line', async () => {
    gh.pushCommit('main', { [PATH]: LATIN1 }, 'odd');
    const { client, logs } = emulatorClient(emulator);
    const head = await readFileAtHead(client, repo, 'main', PATH);
    expect(logs).toContainEqual(`${PATH}: line 3 is not UTF-8; its bytes are kept exactly`);
    await commitFile(client, {
      repo,
      branch: 'main',
      path: PATH,
      text: head.text!.replace('# Known issues', '# Known issues (2)'),
      expectedHeadOid: head.headOid,
      headline: 'edit',
    });
    expect(
      gh
        .fileBytes(PATH)!
        .equals(Buffer.concat([Buffer.from('# Known issues (2)'), LATIN1.subarray(14)])),
    ).toBe(true);
  });
});
