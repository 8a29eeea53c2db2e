import {
  itemIdFromBody,
  markerFor,
  type IssueOperation,
  type IssueSnapshot,
} from '../reconcile/issues.js';
import type { GitHubClient, RepoRef } from './client.js';

/** Optional knowledge for applying an operation: the label that marks managed issues. */
export interface ApplyContext {
  /** When given, a create must carry it, and an unanswered create is looked for by it alone. */
  label?: string;
}

/** A label to make sure of: a name, or a name with a color (6 hex digits) and a description. */
export type LabelSpec = string | { name: string; color?: string; description?: string };

/** How many times a non-idempotent write (create, comment) is sent at most. */
const MAX_SENDS = 3;

/**
 * Every issue (open and closed) carrying `label` (or, comma-separated, all of several labels), as
 * snapshots, oldest first. One paginated `GET /repos/{o}/{r}/issues?labels=…&state=all` (never the
 * Search API, which lags); pull requests are skipped. `itemId` comes from the body's marker, null
 * for a labelled issue without one. Any failed page fails the whole listing.
 */
export async function listManagedIssues(
  client: GitHubClient,
  repo: RepoRef,
  label: string,
): Promise<IssueSnapshot[]> {
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
    const body = issue.body ?? '';
    out.push({
      number: issue.number,
      title: issue.title,
      body,
      state: issue.state === 'closed' ? 'closed' : 'open',
      labels: issue.labels.flatMap((l) => (typeof l === 'string' ? [l] : l.name ? [l.name] : [])),
      itemId: itemIdFromBody(body),
      url: issue.html_url,
    });
  }
  return out;
}

/** Creates the labels the repository lacks (names compare case-insensitively); returns the names created. */
export async function ensureLabels(
  client: GitHubClient,
  repo: RepoRef,
  labels: LabelSpec[],
): Promise<string[]> {
  const existing = await client.octokit.paginate(client.octokit.rest.issues.listLabelsForRepo, {
    ...repo,
    per_page: 100,
  });
  const have = new Set(existing.map((l) => l.name.toLowerCase()));
  const created: string[] = [];
  for (const spec of labels) {
    const label = typeof spec === 'string' ? { name: spec } : spec;
    if (have.has(label.name.toLowerCase())) continue;
    try {
      await client.octokit.rest.issues.createLabel({ ...repo, ...label });
      created.push(label.name);
    } catch (error) {
      // Someone (or a lost response of ours) created it in between: that is what we wanted.
      if (!isAlreadyExists(error)) throw error;
    }
    have.add(label.name.toLowerCase());
  }
  return created;
}

/**
 * Carries out one planned operation and returns the issue's number.
 * - create: POST the issue (its body must carry the item's marker).
 * - update: PATCH only the fields the operation gives.
 * - close: comment (unless empty), then PATCH `state: closed` with the operation's state reason
 *   (completed when it gives none).
 * - reopen: PATCH `state: open`, then comment (unless empty).
 *
 * Creates and comments are not idempotent, so they are never resent blindly: when one fails with
 * an unknown outcome (5xx or a lost connection) the issue list (or the issue's comments) is read
 * first, and the write is sent again only if it did not land. This is also why the marker is
 * required: it is how this run, and any later one, finds an issue whose answer was lost.
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
        await octokit.rest.issues.update({ ...repo, issue_number: op.number, ...fields });
      }
      return op.number;
    }
    case 'close':
      if (op.comment) await addComment(client, repo, op.number, op.comment);
      await octokit.rest.issues.update({
        ...repo,
        issue_number: op.number,
        state: 'closed',
        state_reason: op.stateReason ?? 'completed',
      });
      return op.number;
    case 'reopen':
      await octokit.rest.issues.update({ ...repo, issue_number: op.number, state: 'open' });
      if (op.comment) await addComment(client, repo, op.number, op.comment);
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
  const { label } = context;
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
        request: { retries: 0 },
      })
    ).data.number;
  const landed = async (): Promise<number | undefined> =>
    (await listManagedIssues(client, repo, filter)).find((i) => i.itemId === op.itemId)?.number;
  return sendOnce(client, `creating the issue for ${op.itemId}`, send, landed);
}

/**
 * Posts a comment, never twice: after an unknown outcome the newest comment is read, and the
 * comment is sent again only if it is not there.
 */
export async function addComment(
  client: GitHubClient,
  repo: RepoRef,
  issue: number,
  body: string,
): Promise<void> {
  const send = async (): Promise<true> => {
    await client.octokit.rest.issues.createComment({
      ...repo,
      issue_number: issue,
      body,
      request: { retries: 0 },
    });
    return true;
  };
  // Ours landed if the newest comment is exactly ours.
  const landed = async (): Promise<true | undefined> => {
    const comments = await client.octokit.paginate(client.octokit.rest.issues.listComments, {
      ...repo,
      issue_number: issue,
      per_page: 100,
    });
    return comments.at(-1)?.body === body ? true : undefined;
  };
  await sendOnce(client, `commenting on #${issue}`, send, landed);
}

/** Sends a non-idempotent write; after an unknown outcome, checks whether it landed before resending. */
async function sendOnce<T>(
  client: GitHubClient,
  what: string,
  send: () => Promise<T>,
  landed: () => Promise<T | undefined>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!outcomeUnknown(error) || attempt >= MAX_SENDS) throw error;
      client.log(
        `GitHub: ${what} failed (${(error as Error).message}); checking whether it landed`,
      );
      const found = await landed();
      if (found !== undefined) {
        client.log(`GitHub: ${what} had landed; not sending it again`);
        return found;
      }
    }
  }
}

/** The `rel="next"` URL of a Link header. */
function nextLink(link: string | undefined): string | undefined {
  return link ? /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] : undefined;
}

/** A 5xx answer or no answer at all (Octokit reports those as 500): the write may have happened. */
function outcomeUnknown(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 500;
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
