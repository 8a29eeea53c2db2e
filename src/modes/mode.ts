/** Who sent an event, as its payload names them. */
export interface Sender {
  login: string;
  /** `User`, `Bot` or `Organization`. */
  type: string;
}

/** A comment that may hold commands: a new one, or an edit (with the body before it). */
export interface CommentEvent {
  issueNumber: number;
  commentId: number;
  body: string;
  /** The body before an edit (`changes.body.from`); null for a new comment. */
  previousBody: string | null;
  /** On an edit, the editor: the person the commands are from. */
  sender: Sender;
}

/** A person's change to an issue that the tracker may follow. */
export interface IssueEvent {
  action: 'closed' | 'reopened' | 'labeled' | 'unlabeled';
  issueNumber: number;
  sender: Sender;
  /** The label added or removed. */
  label: string | null;
  /** The issue's labels after the event. */
  labels: string[];
  /** Why it was closed: completed, not_planned, duplicate. */
  stateReason: string | null;
}

/** A pull request as its event names it: the number and the commits it compares. */
export interface PullRequestEvent {
  number: number;
  baseRef: string;
  baseSha: string;
  headSha: string;
}

/** A completed workflow run, as the `workflow_run` event names it. */
export interface WorkflowRunEvent {
  id: number;
  /** The event that started it: `pull_request`, `push`… */
  event: string;
  headSha: string;
  headBranch: string | null;
  /** The pull requests GitHub links to the run (none for a fork's). */
  pullRequests: number[];
}

/** How this run behaves, from the event that started it. */
export type Mode =
  | { kind: 'sync'; branch: string }
  | { kind: 'check'; branch: string; fork: boolean; pullRequest: PullRequestEvent | null }
  | { kind: 'collect'; branch: string; headSha: string; pullRequest: number | null }
  | { kind: 'workflow-run'; branch: string; run: WorkflowRunEvent }
  | { kind: 'command'; branch: string; comment: CommentEvent }
  | { kind: 'issue-event'; branch: string; event: IssueEvent }
  | { kind: 'unsupported'; why: string };

interface User {
  login?: string;
  type?: string;
}

interface Payload {
  action?: string;
  repository?: { default_branch?: string; full_name?: string };
  pull_request?: {
    number?: number;
    base?: { ref?: string; sha?: string };
    head?: { sha?: string; repo?: { full_name?: string } | null };
  };
  workflow_run?: {
    id?: number;
    event?: string;
    head_sha?: string;
    head_branch?: string | null;
    pull_requests?: { number?: number }[];
  };
  ref?: string;
  sender?: User;
  issue?: {
    number?: number;
    pull_request?: unknown;
    labels?: ({ name?: string } | string)[];
    state_reason?: string | null;
  };
  comment?: { id?: number; body?: string | null };
  changes?: { body?: { from?: string } };
  label?: { name?: string };
}

const ISSUE_ACTIONS = ['closed', 'reopened', 'labeled', 'unlabeled'] as const;

/**
 * Picks the mode: pull requests get a check that changes no issue and no tracker (only its own
 * comment on the pull request), pushes, schedules and manual runs sync, a completed workflow run
 * is read for the evidence its artifact carries, a new or edited issue comment is read for
 * commands, and an issue closed, reopened or relabelled is an issue event the tracker follows.
 */
export function pickMode(eventName: string, payload: Payload, ref = ''): Mode {
  // Scheduled runs carry no repository in their payload, but the runner sets GITHUB_REF.
  const refBranch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
  const defaultBranch = payload.repository?.default_branch ?? refBranch ?? 'main';
  switch (eventName) {
    case 'pull_request':
    case 'pull_request_target': {
      const head = payload.pull_request?.head?.repo?.full_name;
      return {
        kind: 'check',
        branch: payload.pull_request?.base?.ref ?? defaultBranch,
        fork: !!head && head !== payload.repository?.full_name,
        pullRequest: pullRequestOf(payload, defaultBranch),
      };
    }
    case 'workflow_run':
      return workflowRunMode(payload, defaultBranch);
    case 'push': {
      const ref = payload.ref ?? '';
      if (!ref.startsWith('refs/heads/'))
        return { kind: 'unsupported', why: `push to ${ref || 'an unknown ref'} is not a branch` };
      return { kind: 'sync', branch: ref.slice('refs/heads/'.length) };
    }
    case 'schedule':
      return { kind: 'sync', branch: defaultBranch };
    case 'workflow_dispatch':
      return { kind: 'sync', branch: refBranch ?? defaultBranch };
    // On issue events the runner checks out the default branch and names it in GITHUB_REF.
    case 'issue_comment':
      return commentMode(payload, refBranch ?? defaultBranch);
    case 'issues':
      return issueMode(payload, refBranch ?? defaultBranch);
    default:
      return {
        kind: 'unsupported',
        why: 'this action runs on schedule, workflow_dispatch, push, pull_request, workflow_run, issue_comment and issues',
      };
  }
}

function commentMode(payload: Payload, branch: string): Mode {
  const { issue, comment, sender } = payload;
  if (payload.action === 'deleted')
    return { kind: 'unsupported', why: 'a deleted comment runs no command' };
  if (payload.action !== 'created' && payload.action !== 'edited')
    return { kind: 'unsupported', why: `issue_comment ${payload.action ?? ''} runs no command` };
  if (issue?.pull_request)
    return { kind: 'unsupported', why: 'commands work in issues, not in pull requests' };
  if (!issue?.number || !comment?.id || !sender?.login)
    return {
      kind: 'unsupported',
      why: 'the issue_comment payload names no issue, comment or sender',
    };
  return {
    kind: 'command',
    branch,
    comment: {
      issueNumber: issue.number,
      commentId: comment.id,
      body: comment.body ?? '',
      previousBody: payload.action === 'edited' ? (payload.changes?.body?.from ?? null) : null,
      sender: senderOf(sender),
    },
  };
}

function issueMode(payload: Payload, branch: string): Mode {
  const action = ISSUE_ACTIONS.find((a) => a === payload.action);
  if (!action)
    return {
      kind: 'unsupported',
      why: `the tracker follows issues closed, reopened, labeled and unlabeled, not ${payload.action ?? 'this'}`,
    };
  const { issue, sender } = payload;
  if (!issue?.number || !sender?.login || issue.pull_request)
    return { kind: 'unsupported', why: 'the issues payload names no issue or sender' };
  return {
    kind: 'issue-event',
    branch,
    event: {
      action,
      issueNumber: issue.number,
      sender: senderOf(sender),
      label: payload.label?.name ?? null,
      labels: (issue.labels ?? []).flatMap((l) =>
        typeof l === 'string' ? [l] : l.name ? [l.name] : [],
      ),
      stateReason: issue.state_reason ?? null,
    },
  };
}

const senderOf = (user: User): Sender => ({ login: user.login ?? '', type: user.type ?? 'User' });

function pullRequestOf(payload: Payload, defaultBranch: string): PullRequestEvent | null {
  const pr = payload.pull_request;
  if (!pr?.number || !pr.base?.sha || !pr.head?.sha) return null;
  return {
    number: pr.number,
    baseRef: pr.base.ref ?? defaultBranch,
    baseSha: pr.base.sha,
    headSha: pr.head.sha,
  };
}

function workflowRunMode(payload: Payload, defaultBranch: string): Mode {
  const run = payload.workflow_run;
  if (payload.action !== 'completed')
    return { kind: 'unsupported', why: `workflow_run ${payload.action ?? ''} has no results yet` };
  if (!run?.id || !run.head_sha)
    return { kind: 'unsupported', why: 'the workflow_run payload names no run or commit' };
  return {
    kind: 'workflow-run',
    branch: defaultBranch,
    run: {
      id: run.id,
      event: run.event ?? '',
      headSha: run.head_sha,
      headBranch: run.head_branch ?? null,
      pullRequests: (run.pull_requests ?? []).flatMap((p) => (p.number ? [p.number] : [])),
    },
  };
}

/**
 * The `collect` mode, chosen by the `mode` input rather than by the event: the commit the
 * evidence is for (a pull request's head, else the run's `GITHUB_SHA`) and the pull request.
 */
export function collectMode(eventName: string, payload: Payload, sha: string, ref = ''): Mode {
  const picked = pickMode(eventName, payload, ref);
  const branch = picked.kind === 'unsupported' ? '' : picked.branch;
  const pullRequest = picked.kind === 'check' ? picked.pullRequest : null;
  const headSha = pullRequest?.headSha ?? sha;
  if (!/^[0-9a-f]{40}$/.test(headSha))
    return { kind: 'unsupported', why: 'collect needs the commit it runs on (GITHUB_SHA)' };
  return { kind: 'collect', branch, headSha, pullRequest: pullRequest?.number ?? null };
}
