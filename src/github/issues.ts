import {
  commentMarkerFor,
  commentMarkerIn,
  itemIdFromBody,
  markerFor,
  type IssueOperation,
  type IssueSnapshot,
} from '../reconcile/issues.js';
import { NOT_IDEMPOTENT, type GitHubClient, type RepoRef } from './client.js';
import { attempt, rateLimitWait, TIMEOUT_STATUS, type Action } from './errors.js';
import { sameLogin } from './identity.js';

/** What applying an operation may know: the label that marks managed issues, and who we are. */
export interface ApplyContext {
  /** When given, a create must carry it, and an unanswered create is looked for by it alone. */
  label?: string;
  /**
   * The login the token acts as (`actionIdentity`). When given, only its issues and comments
   * count when looking for a write that may have landed.
   */
  identity?: string;
}

/** A label to make sure of: a name, or a name with a color (6 hex digits) and a description. */
export type LabelSpec = string | { name: string; color?: string; description?: string };

/** How many times a non-idempotent write (create, comment) is sent at most. */
const MAX_SENDS = 3;

const LIST_ISSUES: Action = { what: 'list issues', permission: 'issues: read' };
const WRITE_ISSUES = (what: string): Action => ({ what, permission: 'issues: write' });

/**
 * Every issue (open and closed) carrying `label` (or, comma-separated, all of several labels), as
 * snapshots, oldest first. One paginated `GET /repos/{o}/{r}/issues?labels=…&state=all` (never the
 * Search API, which lags); pull requests are skipped. `itemId` comes from the body's marker, null
 * for a labelled issue without one; `author` is the opener. Any failed page fails the listing.
 */
export function listManagedIssues(
  client: GitHubClient,
  repo: RepoRef,
  label: string,
): Promise<IssueSnapshot[]> {
  return attempt(LIST_ISSUES, async () => {
    // Oldest first: an issue created while we page lands on the last page instead of shifting
    // earlier pages under us. Pages are followed by hand because Octokit's paginate() ends a
    // listing quietly on a 409; a truncated list would make the plan create duplicates.
    const { octokit } = client;
    let page = await octokit.rest.issues.listForRepo({
      ...repo,
      labels: label,
      state: 'all',
      sort: 'created',
      direction: 'asc',
      per_page: 100,
    });
    const issues = [...page.data];
    for (let next = nextLink(page.headers.link); next; next = nextLink(page.headers.link)) {
      page = (await octokit.request({ method: 'GET', url: next })) as typeof page;
      issues.push(...page.data);
    }
    const seen = new Set<number>();
    const out: IssueSnapshot[] = [];
    for (const issue of issues) {
      if (issue.pull_request || seen.has(issue.number)) continue;
      seen.add(issue.number);
      out.push(snapshotOf(issue));
    }
    return out;
  });
}

/** The fields of GitHub's issue JSON that a snapshot takes. */
interface IssueJson {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  labels: Array<string | { name?: string }>;
  html_url: string;
  user?: { login: string } | null;
}

/** An issue as the plan sees it, from GitHub's JSON (the list or the single-issue GET). */
export function snapshotOf(issue: IssueJson): IssueSnapshot {
  const body = issue.body ?? '';
  return {
    number: issue.number,
    title: issue.title,
    body,
    state: issue.state === 'closed' ? 'closed' : 'open',
    labels: issue.labels.flatMap((l) => (typeof l === 'string' ? [l] : l.name ? [l.name] : [])),
    itemId: itemIdFromBody(body),
    url: issue.html_url,
    ...(issue.user ? { author: issue.user.login } : {}),
  };
}

/**
 * Splits a listing by who opened each issue: the action manages only issues opened by one of
 * `owners` (its own identity, and logins trusted for a migration). `strangers` are the others
 * that carry an item's marker: someone else's issue (an issue form can add the label for
 * anyone) that the action must neither link, edit nor close, only name.
 */
export function byOwner(
  issues: IssueSnapshot[],
  owners: string[],
): { owned: IssueSnapshot[]; strangers: IssueSnapshot[] } {
  const owned: IssueSnapshot[] = [];
  const strangers: IssueSnapshot[] = [];
  for (const issue of issues) {
    if (issue.author && owners.some((o) => sameLogin(o, issue.author!))) owned.push(issue);
    else if (issue.itemId !== null) strangers.push(issue);
  }
  return { owned, strangers };
}

/** Creates the labels the repository lacks (names compare case-insensitively); returns the names created. */
export async function ensureLabels(
  client: GitHubClient,
  repo: RepoRef,
  labels: LabelSpec[],
): Promise<string[]> {
  const existing = await attempt({ what: 'list labels', permission: 'issues: read' }, () =>
    client.octokit.paginate(client.octokit.rest.issues.listLabelsForRepo, {
      ...repo,
      per_page: 100,
    }),
  );
  const have = new Set(existing.map((l) => l.name.toLowerCase()));
  const created: string[] = [];
  for (const spec of labels) {
    const label = typeof spec === 'string' ? { name: spec } : spec;
    if (have.has(label.name.toLowerCase())) continue;
    await attempt(WRITE_ISSUES(`create the label "${label.name}"`), async () => {
      try {
        await client.octokit.rest.issues.createLabel({ ...repo, ...label });
        created.push(label.name);
      } catch (error) {
        // Someone (or a lost response of ours) created it in between: that is what we wanted.
        if (!isAlreadyExists(error)) throw error;
      }
    });
    have.add(label.name.toLowerCase());
  }
  return created;
}

/**
 * Carries out one planned operation and returns the issue's number.
 * - create: POST the issue (its body must carry the item's marker).
 * - update: PATCH only the fields the operation gives.
 * - close: comment (unless empty), then PATCH `state: closed` with the operation's
 *   `stateReason` (completed when it gives none).
 * - reopen: comment (unless empty), then PATCH `state: open`.
 *
 * Creates and comments are not idempotent, so they are never resent blind: after any failure
 * whose outcome is unknown (5xx, a lost answer, a timeout, a rate limit: GitHub may have applied
 * the write and then answered 403 or 429) the issue list, or the issue's comments, are read first,
 * and the write is sent again only if it did not land. The item marker finds an issue; a hidden
 * marker per operation finds a comment, so a close whose PATCH failed does not comment twice on
 * the next run either. Comments come before the state change for the same reason.
 */
export async function applyIssueOperation(
  client: GitHubClient,
  repo: RepoRef,
  op: IssueOperation,
  context: ApplyContext = {},
): Promise<number> {
  const { octokit } = client;
  switch (op.kind) {
    case 'create':
      return createIssue(client, repo, op, context);
    case 'update': {
      const fields = {
        ...(op.title !== undefined && { title: op.title }),
        ...(op.body !== undefined && { body: op.body }),
        ...(op.labels !== undefined && { labels: op.labels }),
      };
      if (Object.keys(fields).length > 0) {
        await attempt(WRITE_ISSUES(`update issue #${op.number}`), () =>
          octokit.rest.issues.update({ ...repo, issue_number: op.number, ...fields }),
        );
      }
      return op.number;
    }
    case 'close': {
      const reason = op.stateReason ?? 'completed';
      const kind = reason === 'duplicate' ? 'duplicate' : 'close';
      if (op.comment) {
        await addComment(client, repo, op.number, op.comment, {
          marker: commentMarkerFor(kind, op.itemId),
          identity: context.identity,
        });
      }
      await attempt(WRITE_ISSUES(`close issue #${op.number}`), () =>
        octokit.rest.issues.update({
          ...repo,
          issue_number: op.number,
          state: 'closed',
          state_reason: reason,
        }),
      );
      return op.number;
    }
    case 'reopen':
      if (op.comment) {
        await addComment(client, repo, op.number, op.comment, {
          marker: commentMarkerFor('reopen', op.itemId),
          identity: context.identity,
        });
      }
      await attempt(WRITE_ISSUES(`reopen issue #${op.number}`), () =>
        octokit.rest.issues.update({ ...repo, issue_number: op.number, state: 'open' }),
      );
      return op.number;
  }
}

async function createIssue(
  client: GitHubClient,
  repo: RepoRef,
  op: Extract<IssueOperation, { kind: 'create' }>,
  context: ApplyContext,
): Promise<number> {
  if (!op.body.includes(markerFor(op.itemId))) {
    throw new Error(
      `Refusing to create the issue for ${op.itemId}: its body lacks the item marker`,
    );
  }
  const { label, identity } = context;
  if (label !== undefined && !op.labels.some((l) => l.toLowerCase() === label.toLowerCase())) {
    throw new Error(`Refusing to create the issue for ${op.itemId}: it lacks the label "${label}"`);
  }
  // An issue that landed carries all of its labels, so any of them (or all) find it.
  const filter = label ?? op.labels.join(',');
  const send = async (): Promise<number> =>
    (
      await client.octokit.rest.issues.create({
        ...repo,
        title: op.title,
        body: op.body,
        labels: op.labels,
        request: NOT_IDEMPOTENT,
      })
    ).data.number;
  const landed = async (): Promise<number | undefined> =>
    (await listManagedIssues(client, repo, filter)).find(
      (i) => i.itemId === op.itemId && (!identity || (i.author && sameLogin(i.author, identity))),
    )?.number;
  return attempt(WRITE_ISSUES('create issues'), () =>
    sendOnce(client, `creating the issue for ${op.itemId}`, send, landed),
  );
}

/**
 * Posts a comment, never twice. With `marker` (a hidden marker of the operation, see
 * `commentMarkerFor`) the comment carries it, and it is not posted when the newest of the
 * action's marked comments already carries it: it landed, in this run or an earlier one.
 * Without one, after an unknown outcome the newest comment is read, and the comment is sent
 * again only if it is not that one.
 */
export async function addComment(
  client: GitHubClient,
  repo: RepoRef,
  issue: number,
  body: string,
  options: { marker?: string; identity?: string } = {},
): Promise<void> {
  const { marker, identity } = options;
  const send = async (): Promise<true> => {
    await client.octokit.rest.issues.createComment({
      ...repo,
      issue_number: issue,
      body: marker ? `${marker}\n${body}` : body,
      request: NOT_IDEMPOTENT,
    });
    return true;
  };
  const landed = async (): Promise<true | undefined> => {
    const comments = await client.octokit.paginate(client.octokit.rest.issues.listComments, {
      ...repo,
      issue_number: issue,
      per_page: 100,
    });
    if (!marker) return comments.at(-1)?.body === body ? true : undefined;
    const ours = comments.filter(
      (c) =>
        commentMarkerIn(c.body) !== null &&
        (!identity || (c.user && sameLogin(c.user.login, identity))),
    );
    return commentMarkerIn(ours.at(-1)?.body) === marker ? true : undefined;
  };
  await attempt(WRITE_ISSUES(`comment on issue #${issue}`), async () => {
    if (marker && (await landed())) {
      client.log(`GitHub: that comment on #${issue} is there already; not posting it again`);
      return;
    }
    await sendOnce(client, `commenting on #${issue}`, send, landed);
  });
}

/**
 * Sends a non-idempotent write. After a failure whose outcome is unknown it waits out a rate
 * limit (within the client's limits), checks whether the write landed, and sends it again only
 * if it did not.
 */
export async function sendOnce<T>(
  client: GitHubClient,
  what: string,
  send: () => Promise<T>,
  landed: () => Promise<T | undefined>,
): Promise<T> {
  for (let sends = 1; ; sends++) {
    try {
      return await send();
    } catch (error) {
      const wait = unknownOutcome(error);
      const { maxRetries, maxWaitSeconds } = client.rateLimit;
      const limit = rateLimitWait(error) === undefined ? MAX_SENDS : maxRetries + 1;
      if (wait === undefined || sends >= limit || wait > maxWaitSeconds) throw error;
      client.log(
        `GitHub: ${what} failed (${(error as Error).message.split('\n')[0]}); ${wait ? `waiting ${wait} s, then ` : ''}checking whether it landed`,
      );
      if (wait) await client.wait(wait);
      const found = await landed();
      if (found !== undefined) {
        client.log(`GitHub: ${what} had landed; not sending it again`);
        return found;
      }
    }
  }
}

/**
 * Seconds to wait before looking whether a failed write landed, or undefined when it surely did
 * not (a 4xx other than a rate limit). A 5xx, a lost connection (Octokit reports 500) and a
 * timeout may hide a write that happened; so may a rate limit (GitHub can apply, then answer 403).
 */
function unknownOutcome(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status !== 'number') return undefined;
  if (status >= 500 || status === TIMEOUT_STATUS) return 0;
  return rateLimitWait(error);
}

/** The `rel="next"` URL of a Link header. */
function nextLink(link: string | undefined): string | undefined {
  return link ? /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] : undefined;
}

function isAlreadyExists(error: unknown): boolean {
  const e = error as {
    status?: number;
    response?: { data?: { errors?: Array<{ code?: string }> } };
  };
  return (
    e.status === 422 && (e.response?.data?.errors ?? []).some((x) => x.code === 'already_exists')
  );
}
