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

/** How this run behaves, from the event that started it. */
export type Mode =
  | { kind: 'sync'; branch: string }
  | { kind: 'check'; branch: string; fork: boolean }
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
  pull_request?: { base?: { ref?: string }; head?: { repo?: { full_name?: string } | null } };
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
 * Picks the mode: pull requests get a read-only check (a fork's token could not write
 * anyway, and a PR must never change issues), pushes, schedules and manual runs sync, a new or
 * edited issue comment is read for commands, and an issue closed, reopened or relabelled is an
 * issue event the tracker follows.
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
      };
    }
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
        why: 'this action runs on schedule, workflow_dispatch, push, pull_request, issue_comment and issues',
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
