import { decodeBytes, encodeText, linesNotUtf8 } from './bytes.js';
import type { GitHubClient, RepoRef } from './client.js';
import { attempt, toGitHubError } from './errors.js';

/** The branch moved since `expectedHeadOid` was read: re-read, re-plan and try again. */
export class StaleHeadError extends Error {
  override readonly name = 'StaleHeadError';
  constructor(
    readonly expectedHeadOid: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A branch head and one file's text there (null when the file does not exist): the whole file,
 * bytes that are not UTF-8 included (see `bytes.ts`), never a truncated blob.
 */
export interface FileAtHead {
  headOid: string;
  text: string | null;
  /** When the file last changed on the branch (the newest commit that touched it), if known. */
  changedAt?: string | null;
}

/** One file's new text, committed on top of the head it was computed from. */
export interface CommitFileInput {
  repo: RepoRef;
  branch: string;
  path: string;
  text: string;
  /** The head the text was computed from; GitHub refuses the commit if the branch moved. */
  expectedHeadOid: string;
  headline: string;
  body?: string;
}

const READ_FILE_AT_HEAD = `
query ReadFileAtHead($owner: String!, $name: String!, $qualifiedName: String!, $path: String!) {
  repository(owner: $owner, name: $name) {
    ref(qualifiedName: $qualifiedName) {
      target {
        oid
        ... on Commit {
          url
          messageHeadline
          parents(first: 1) { nodes { oid } }
          file(path: $path) { object { ... on Blob { oid byteSize isBinary isTruncated text } } }
          history(first: 1, path: $path) { nodes { committedDate } }
        }
      }
    }
  }
}`;

const CREATE_COMMIT_ON_BRANCH = `
mutation CreateCommitOnBranch($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid url } }
}`;

interface HeadCommit extends FileAtHead {
  url: string;
  headline: string;
  parentOid: string | null;
}

interface ReadResult {
  repository: {
    ref: {
      target: {
        oid: string;
        url?: string;
        messageHeadline?: string;
        parents?: { nodes: Array<{ oid: string }> };
        file?: { object: BlobFields | null } | null;
        history?: { nodes: Array<{ committedDate: string }> };
      };
    } | null;
  } | null;
}

interface BlobFields {
  oid?: string;
  byteSize?: number;
  isBinary?: boolean;
  isTruncated?: boolean;
  text?: string | null;
}

function readHead(
  client: GitHubClient,
  repo: RepoRef,
  branch: string,
  path: string,
): Promise<HeadCommit> {
  const action = { what: `read ${path} on ${shortBranch(branch)}`, permission: 'contents: read' };
  return attempt(action, () => readHeadOnce(client, repo, branch, path));
}

async function readHeadOnce(
  client: GitHubClient,
  repo: RepoRef,
  branch: string,
  path: string,
): Promise<HeadCommit> {
  const data = await client.graphql<ReadResult>(READ_FILE_AT_HEAD, {
    owner: repo.owner,
    name: repo.repo,
    qualifiedName: `refs/heads/${shortBranch(branch)}`,
    path,
  });
  const target = data.repository?.ref?.target;
  if (!target) throw new Error(`Branch ${branch} not found in ${repo.owner}/${repo.repo}`);
  const blob = target.file?.object;
  if (blob?.isBinary) throw new Error(`${path} at ${target.oid} is not a text file`);
  return {
    headOid: target.oid,
    text: blob ? await wholeText(client, repo, path, blob) : null,
    url: target.url ?? '',
    headline: target.messageHeadline ?? '',
    parentOid: target.parents?.nodes[0]?.oid ?? null,
    changedAt: target.history?.nodes[0]?.committedDate ?? null,
  };
}

/**
 * The blob's whole text. GraphQL's `text` is used when it is provably the file: not truncated
 * (GitHub cuts it at 512,000 bytes), as long in UTF-8 as the blob, and free of U+FFFD (what
 * GitHub puts for bytes that are not UTF-8). Otherwise the bytes come from the git blob API,
 * by the blob's oid, so they belong to the head just read.
 */
async function wholeText(
  client: GitHubClient,
  repo: RepoRef,
  path: string,
  blob: BlobFields,
): Promise<string> {
  const { text, byteSize, oid } = blob;
  if (
    typeof text === 'string' &&
    !blob.isTruncated &&
    !text.includes('\uFFFD') &&
    Buffer.byteLength(text, 'utf8') === byteSize
  ) {
    return text;
  }
  if (!oid) throw new Error(`${path}: GitHub gave neither the whole text nor the blob's oid`);
  const { data } = await client.octokit.rest.git.getBlob({ ...repo, file_sha: oid });
  const bytes = Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8');
  if (byteSize !== undefined && bytes.length !== byteSize) {
    throw new Error(
      `${path}: the blob ${oid} came back with ${bytes.length} of its ${byteSize} bytes; refusing to edit a partial file`,
    );
  }
  const whole = decodeBytes(bytes);
  const odd = linesNotUtf8(whole);
  if (odd.length) {
    client.log(
      `${path}: line ${odd.slice(0, 5).join(', ')}${odd.length > 5 ? ', …' : ''} is not UTF-8; its bytes are kept exactly`,
    );
  }
  return whole;
}

/**
 * The head commit of `branch` and the whole text of `path` there: one GraphQL query, and for a
 * large or not-UTF-8 file one more read of the blob by its oid (immutable, so still that head).
 */
export async function readFileAtHead(
  client: GitHubClient,
  repo: RepoRef,
  branch: string,
  path: string,
): Promise<FileAtHead> {
  const { headOid, text, changedAt } = await readHead(client, repo, branch, path);
  return { headOid, text, changedAt };
}

/**
 * Commits `text` to `path` on `branch` with `createCommitOnBranch` (a signed, API-made commit),
 * only if the branch still points at `expectedHeadOid`; throws StaleHeadError when it moved.
 *
 * When a retried mutation answers STALE_DATA because its first attempt landed (the answer was
 * lost), the head is read once: a commit on top of `expectedHeadOid` with our headline and our
 * text is ours, and is returned instead of the error.
 */
export async function commitFile(
  client: GitHubClient,
  input: CommitFileInput,
): Promise<{ oid: string; url: string }> {
  const { repo, branch, path, text, expectedHeadOid, headline, body } = input;
  try {
    const data = await client.graphql<{
      createCommitOnBranch: { commit: { oid: string; url: string } };
    }>(CREATE_COMMIT_ON_BRANCH, {
      input: {
        branch: {
          repositoryNameWithOwner: `${repo.owner}/${repo.repo}`,
          branchName: shortBranch(branch),
        },
        message: body ? { headline, body } : { headline },
        expectedHeadOid,
        fileChanges: {
          additions: [{ path, contents: encodeText(text).toString('base64') }],
        },
      },
    });
    return data.createCommitOnBranch.commit;
  } catch (error) {
    const stale = staleMessage(error);
    if (stale === undefined) {
      throw toGitHubError(error, {
        what: `commit ${path} to ${shortBranch(branch)}`,
        permission: 'contents: write',
      });
    }
    const head = await readHead(client, repo, branch, path);
    if (head.parentOid === expectedHeadOid && head.headline === headline && head.text === text) {
      client.log(
        `GitHub: the commit to ${branch} had landed (${head.headOid}); its answer was lost`,
      );
      return { oid: head.headOid, url: head.url };
    }
    throw new StaleHeadError(expectedHeadOid, stale);
  }
}

/** `main` for `main` or `refs/heads/main`. */
const shortBranch = (branch: string): string => branch.replace(/^refs\/heads\//, '');

/** GitHub's message when a GraphQL error says the branch moved (type STALE_DATA), else undefined. */
function staleMessage(error: unknown): string | undefined {
  const errors = (error as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return undefined;
  const stale = (errors as Array<{ type?: string; message?: string }>).find(
    (e) => e.type === 'STALE_DATA' || /expected branch to point to/i.test(e.message ?? ''),
  );
  return stale ? (stale.message ?? 'The branch moved') : undefined;
}
