import type { IssueSnapshot } from '../reconcile/issues.js';
import { Priority } from '../tracker/schema.js';
import type { GitHubClient, RepoRef } from './client.js';
import { sameLogin } from './identity.js';
import { addComment, snapshotOf } from './issues.js';

/** The reactions the bot answers with: 👀 on receipt, then 👍 or 😕. */
export type Reaction = 'eyes' | '+1' | 'confused';

/**
 * Reacts to an issue comment. Safe to repeat: GitHub answers 200 for a reaction the same user
 * already gave, and creates no second one.
 */
export async function react(
  client: GitHubClient,
  repo: RepoRef,
  commentId: number,
  content: Reaction,
): Promise<void> {
  await client.octokit.rest.reactions.createForIssueComment({
    ...repo,
    comment_id: commentId,
    content,
  });
}

/** A comment on an issue as the bot reads it back: who wrote it, and when. */
export interface IssueComment {
  id: number;
  body: string;
  author: { login: string; type: string };
  createdAt: string;
}

/**
 * The comments on an issue posted before `commentId`, no more than `windowMs` earlier, never
 * edited, that `wanted` picks and that `identity` has not acknowledged with 👀, oldest first:
 * comments whose own run never came (GitHub's concurrency group keeps one pending run and
 * cancels the one it replaces).
 */
export async function unacknowledgedComments(
  client: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  commentId: number,
  options: { identity: string; windowMs: number; wanted: (comment: IssueComment) => boolean },
): Promise<IssueComment[]> {
  const listed = await client.octokit.paginate(client.octokit.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  const own = listed.find((c) => c.id === commentId);
  if (!own) return [];
  const since = Date.parse(own.created_at) - options.windowMs;
  const out: IssueComment[] = [];
  for (const c of listed) {
    if (c.id === commentId) break;
    // An edited comment is left out: its body may hold commands of an editor, not its author.
    if (!c.user || Date.parse(c.created_at) < since || c.updated_at !== c.created_at) continue;
    const comment = {
      id: c.id,
      body: c.body ?? '',
      author: { login: c.user.login, type: c.user.type },
      createdAt: c.created_at,
    };
    if (!options.wanted(comment)) continue;
    const eyes = await client.octokit.paginate(client.octokit.rest.reactions.listForIssueComment, {
      ...repo,
      comment_id: c.id,
      content: 'eyes',
      per_page: 100,
    });
    if (!eyes.some((r) => r.user && sameLogin(r.user.login, options.identity))) out.push(comment);
  }
  return out;
}

/** Posts the bot's reply on an issue, never twice (see `addComment`). */
export async function reply(
  client: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  body: string,
): Promise<void> {
  await addComment(client, repo, issueNumber, body);
}

/**
 * One issue as the plan sees it, read with the single-issue GET: the only answer that says who
 * closed it (`closed_by`; the issues list leaves it out). Null for a pull request.
 */
export async function readIssue(
  client: GitHubClient,
  repo: RepoRef,
  number: number,
): Promise<IssueSnapshot | null> {
  const { data } = await client.octokit.rest.issues.get({ ...repo, issue_number: number });
  if (data.pull_request) return null;
  const reason = data.state_reason;
  return {
    ...snapshotOf(data),
    closedBy: data.closed_by?.login ?? null,
    stateReason:
      reason === 'completed' ||
      reason === 'not_planned' ||
      reason === 'duplicate' ||
      reason === 'reopened'
        ? reason
        : null,
  };
}

/**
 * The snapshot with what the events of each open issue that `wanted` picks say (those whose
 * item the tracker lists as resolved, or at another priority: few, usually none): who last
 * reopened it and when, and who last added the priority label it has and when.
 */
export async function withIssueEvents(
  client: GitHubClient,
  repo: RepoRef,
  issues: IssueSnapshot[],
  wanted: (issue: IssueSnapshot) => boolean,
): Promise<IssueSnapshot[]> {
  const out: IssueSnapshot[] = [];
  for (const issue of issues) {
    if (issue.state !== 'open' || !wanted(issue)) {
      out.push(issue);
      continue;
    }
    const events = await client.octokit.paginate(client.octokit.rest.issues.listEvents, {
      ...repo,
      issue_number: issue.number,
      per_page: 100,
    });
    const reopened = events.findLast((e) => e.event === 'reopened');
    const has = new Set(issue.labels.map((l) => l.toLowerCase()));
    const priorityOf = (e: (typeof events)[number]) => {
      if (e.event !== 'labeled' || !('label' in e) || !e.label) return null;
      const priority = Priority.safeParse(e.label.name);
      return priority.success ? priority.data : null;
    };
    const labeled = events.findLast((e) => {
      const priority = priorityOf(e);
      return priority !== null && has.has(priority.toLowerCase());
    });
    const label = labeled && priorityOf(labeled);
    out.push({
      ...issue,
      reopenedBy: reopened?.actor?.login ?? null,
      reopenedAt: reopened?.created_at ?? null,
      priorityLabeled:
        label && labeled.actor ? { label, by: labeled.actor.login, at: labeled.created_at } : null,
    });
  }
  return out;
}

/**
 * The snapshot with who closed each closed issue that `wanted` picks (those whose item the
 * tracker still lists as open: few, usually none), read one by one.
 */
export async function withClosers(
  client: GitHubClient,
  repo: RepoRef,
  issues: IssueSnapshot[],
  wanted: (issue: IssueSnapshot) => boolean,
): Promise<IssueSnapshot[]> {
  const out: IssueSnapshot[] = [];
  for (const issue of issues) {
    if (issue.state !== 'closed' || !wanted(issue)) {
      out.push(issue);
      continue;
    }
    const read = await readIssue(client, repo, issue.number);
    out.push(read ? { ...issue, closedBy: read.closedBy, stateReason: read.stateReason } : issue);
  }
  return out;
}
