import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadArtifact, findArtifact } from '../../src/github/artifacts.js';
import { PermissionError } from '../../src/github/errors.js';
import { getPullRequest, keepStickyComment, readFileAt } from '../../src/github/pull-requests.js';
import { emulatorClient, TOKEN } from '../support/github-client.js';
import { startEmulator, type Emulator, type RepoHandle } from '../support/github-emulator.js';
import { artifactZip } from '../support/pull-requests.js';

const READ_ONLY = 'ghs_readOnly0123456789';
const REPO = { owner: 'octo-org', repo: 'octo-repo' };
const MARKER = '<!-- known-issues:pull-request=t.md -->';
const options = { marker: MARKER, identity: 'github-actions[bot]' };

let emulator: Emulator;
let repo: RepoHandle;
beforeEach(async () => {
  emulator = await startEmulator({ token: TOKEN, readOnlyTokens: [READ_ONLY] });
  repo = emulator.repo('octo-org/octo-repo');
  repo.pushCommit('main', { 't.md': 'base\n' }, 'base');
});
afterEach(async () => emulator.close());

describe('pull requests over the API', () => {
  it('reads the pull request and the tracker at its base and head; a missing file is null', async () => {
    const pr = repo.openPullRequest({
      branch: 'b',
      files: { 't.md': 'head\n', 'big.md': 'x'.repeat(1_200_000) },
    });
    const { client } = emulatorClient(emulator);
    expect(await getPullRequest(client, REPO, pr.number)).toEqual({
      number: pr.number,
      state: 'open',
      baseRef: 'main',
      baseSha: pr.baseSha,
      headSha: pr.headSha,
    });
    expect(await readFileAt(client, REPO, pr.baseSha, 't.md')).toBe('base\n');
    expect(await readFileAt(client, REPO, pr.headSha, 't.md')).toBe('head\n');
    expect(await readFileAt(client, REPO, pr.baseSha, 'big.md')).toBeNull();
    // Over 1 MB the contents API gives metadata only; the bytes come from the blob.
    expect((await readFileAt(client, REPO, pr.headSha, 'big.md'))?.length).toBe(1_200_000);
  });

  it('the sticky comment is posted once even when GitHub loses the answer to the create', async () => {
    const pr = repo.openPullRequest({ branch: 'b', files: { 't.md': 'head\n' } });
    const { client } = emulatorClient(emulator);
    emulator.inject({ method: 'POST', path: /\/comments$/ }, { kind: 'lost-response' });
    const first = await keepStickyComment(client, REPO, pr.number, `${MARKER}\nhello`, options);
    expect(first).toEqual({ action: 'created', deleted: [] });
    expect(repo.issue(pr.number).comments.map((c) => c.body)).toEqual([`${MARKER}\nhello`]);
    expect(await keepStickyComment(client, REPO, pr.number, `${MARKER}\nhello`, options)).toEqual({
      action: 'unchanged',
      deleted: [],
    });
  });

  it('a read-only token: the write is refused with the permission to add', async () => {
    const pr = repo.openPullRequest({ branch: 'b', files: { 't.md': 'head\n' } });
    const { client } = emulatorClient(emulator, { token: READ_ONLY });
    const error = await keepStickyComment(client, REPO, pr.number, `${MARKER}\nx`, options).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as Error).message).toContain('pull-requests: write');
    expect(repo.issue(pr.number).comments).toEqual([]);
  });
});

describe('workflow run artifacts over the API', () => {
  it('lists the run’s artifact by name, and downloads its zip through the redirect', async () => {
    const zip = artifactZip({ 'a.json': '{}' });
    repo.addArtifact({ runId: 7, name: 'other', zip: artifactZip({}), headSha: 'a'.repeat(40) });
    const added = repo.addArtifact({ runId: 7, name: 'evidence', zip, headSha: 'a'.repeat(40) });
    const { client } = emulatorClient(emulator, { token: READ_ONLY });
    const found = await findArtifact(client, REPO, 7, 'evidence');
    expect(found).toMatchObject({
      id: added.id,
      name: 'evidence',
      sizeInBytes: zip.length,
      expired: false,
      headSha: 'a'.repeat(40),
    });
    expect(found?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await findArtifact(client, REPO, 8, 'evidence')).toBeNull();
    expect(Buffer.from(await downloadArtifact(client, REPO, found!, 1_000_000))).toEqual(
      Buffer.from(zip),
    );
    const redirect = emulator.requestsTo({
      path: `/repos/octo-org/octo-repo/actions/artifacts/${added.id}/zip`,
    });
    expect(redirect.map((r) => r.status)).toEqual([302]);
    await expect(downloadArtifact(client, REPO, found!, 10)).rejects.toThrow(
      'over the limit of 10',
    );
  });

  it('an expired artifact: listed as expired, its download answers 410', async () => {
    repo.addArtifact({
      runId: 7,
      name: 'evidence',
      zip: artifactZip({}),
      headSha: 'a'.repeat(40),
      expired: true,
    });
    const { client } = emulatorClient(emulator);
    const found = await findArtifact(client, REPO, 7, 'evidence');
    expect(found?.expired).toBe(true);
    await expect(downloadArtifact(client, REPO, found!, 1_000_000)).rejects.toThrow('410');
  });
});
