import { decodeBytes } from './bytes.js';
import { NOT_IDEMPOTENT, type GitHubClient, type RepoRef } from './client.js';
import { attempt, type Action } from './errors.js';
import { sameLogin } from './identity.js';
import { sendOnce } from './issues.js';

/** A pull request as the check reads it: its number and the commits it compares. */
export interface PullRequestRef {
  number: number;
  baseRef: string;
  baseSha: string;
  headSha: string;
}

const COMMENT: (n: number) => Action = (n) => ({
  what: `comment on pull request #${n}`,
  permission: 'pull-requests: write',
});

/**
 * One pull request from the API (`GET /repos/{o}/{r}/pulls/{n}`): what the repository says, not
 * what an artifact or a payload claims.
 */
export function getPullRequest(
  client: GitHubClient,
  repo: RepoRef,
  number: number,
): Promise<PullRequestRef & { state: string }> {
  const action = { what: `read pull request #${number}`, permission: 'pull-requests: read' };
  return attempt(action, async () => {
    const { data } = await client.octokit.rest.pulls.get({ ...repo, pull_number: number });
    return {
      number: data.number,
      state: data.state,
      baseRef: data.base.ref,
      baseSha: data.base.sha,
      headSha: data.head.sha,
    };
  });
}

/**
 * The whole text of `path` at a commit, or null when the file does not exist there. A pull
 * request's head commit is readable in the base repository, forks' too. Files over 1 MB come as
 * metadata only from the contents API, so their bytes are read as the blob.
 */
export function readFileAt(
  client: GitHubClient,
  repo: RepoRef,
  sha: string,
  path: string,
): Promise<string | null> {
  const action = { what: `read ${path} at ${sha.slice(0, 7)}`, permission: 'contents: read' };
  return attempt(action, async () => {
    let data: unknown;
    try {
      ({ data } = await client.octokit.rest.repos.getContent({ ...repo, path, ref: sha }));
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    }
    const file = data as { type?: string; encoding?: string; content?: string; sha?: string };
    if (Array.isArray(data) || file.type !== 'file')
      throw new Error(`${path} at ${sha}: expected a file, found a ${file.type ?? 'directory'}`);
    if (file.encoding === 'base64') return decodeBytes(Buffer.from(file.content ?? '', 'base64'));
    const blob = await client.octokit.rest.git.getBlob({ ...repo, file_sha: file.sha ?? '' });
    return decodeBytes(Buffer.from(blob.data.content, 'base64'));
  });
}

/** What keeping the sticky comment current came to. */
export interface StickyOutcome {
  action: 'created' | 'updated' | 'unchanged';
  /** Marked duplicates deleted (a concurrent run's). */
  deleted: number[];
}

/**
 * Keeps one comment of the action on a pull request, found by `marker` among the comments the
 * action's identity wrote: updated in place when its text changed, left alone when it did not,
 * created when there is none. Of several (two runs at once), the oldest is kept and the others
 * are deleted. A create is never sent blind twice: after an unknown outcome the comments are
 * read again for the marker.
 */
export async function keepStickyComment(
  client: GitHubClient,
  repo: RepoRef,
  number: number,
  body: string,
  options: { marker: string; identity: string },
): Promise<StickyOutcome> {
  const { octokit } = client;
  const ours = async () =>
    (
      await octokit.paginate(octokit.rest.issues.listComments, {
        ...repo,
        issue_number: number,
        per_page: 100,
      })
    )
      .filter(
        (c) =>
          c.body?.includes(options.marker) && c.user && sameLogin(c.user.login, options.identity),
      )
      .sort((a, b) => a.id - b.id);
  return attempt(COMMENT(number), async () => {
    const [kept, ...duplicates] = await ours();
    for (const duplicate of duplicates) {
      client.log(`Deleting comment ${duplicate.id}: a second copy of the sticky comment`);
      await octokit.rest.issues.deleteComment({ ...repo, comment_id: duplicate.id });
    }
    const deleted = duplicates.map((d) => d.id);
    if (kept) {
      if (kept.body?.trim() === body.trim()) return { action: 'unchanged', deleted };
      await octokit.rest.issues.updateComment({ ...repo, comment_id: kept.id, body });
      return { action: 'updated', deleted };
    }
    await sendOnce(
      client,
      `commenting on pull request #${number}`,
      async () => {
        await octokit.rest.issues.createComment({
          ...repo,
          issue_number: number,
          body,
          request: NOT_IDEMPOTENT,
        });
        return true as const;
      },
      async () => ((await ours()).length ? (true as const) : undefined),
    );
    return { action: 'created', deleted };
  });
}
