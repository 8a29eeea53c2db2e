import { react, readIssue, reply, unacknowledgedComments } from '../github/conversation.js';
import { actionIdentity, sameLogin } from '../github/identity.js';
import { getPermission, type Permission } from '../github/permissions.js';
import { planChanges, type ChangePlan } from '../reconcile/command-plan.js';
import { inertPlain } from '../reconcile/inert.js';
import { newCommandLines, readComment, type CommandLine } from '../reconcile/commands.js';
import { trackerDiff } from '../report/plan.js';
import { renderFailure, renderRefusal, renderReply, type IssueState } from '../report/reply.js';
import { runPipeline, type PipelineBase, type PipelineResult } from './pipeline.js';
import type { CommentEvent, Sender } from './mode.js';

/** A comment to read for commands, and how. */
export interface CommandOptions extends PipelineBase {
  comment: CommentEvent;
  /** Commands start with this (input `command-prefix`). */
  prefix: string;
  /** The least repository permission a commander needs (input `command-permission`). */
  permission: Permission;
  now: string;
  runUrl?: string;
}

/** What a comment came to: nothing to do, refused, or run (with the reply it got). */
export type CommandResult =
  | { kind: 'ignored'; why: string }
  | { kind: 'refused'; why: string; reply: string }
  | { kind: 'ran'; result: PipelineResult<ChangePlan>; reply: string };

const RANK: readonly Permission[] = ['none', 'read', 'triage', 'write', 'maintain', 'admin'];

/** How far back a run looks for command comments whose own run GitHub cancelled. */
const CATCH_UP_MS = 60 * 60 * 1000;

/**
 * The command mode: reads a new or edited comment for commands (an edit runs only the commands
 * it added), checks who gave them (the event's sender: the editor of an edit, never the
 * comment's author association; bots and the action itself are ignored without a word),
 * acknowledges with 👀, runs them through the same pipeline as the sync, and answers with one
 * reply and 👍 or 😕. A person's typo gets an answer, never a failed step.
 *
 * Before a new comment, the run answers the issue's earlier command comments of the last hour
 * that have no 👀 yet, oldest first: their runs were cancelled in the concurrency group.
 */
export async function command(options: CommandOptions): Promise<CommandResult> {
  const { client, repo, comment, prefix } = options;
  const lines =
    comment.previousBody === null
      ? readComment(comment.body, prefix)
      : newCommandLines(comment.body, comment.previousBody, prefix);
  if (!lines.length)
    return {
      kind: 'ignored',
      why:
        comment.previousBody === null
          ? `no ${prefix} command in the comment`
          : 'the edit added no command',
    };
  if (isBot(comment.sender)) return { kind: 'ignored', why: `${comment.sender.login} is a bot` };
  const identity = await actionIdentity(client);
  if (sameLogin(comment.sender.login, identity))
    return { kind: 'ignored', why: 'the comment is the action’s own' };

  const errors: unknown[] = [];
  if (comment.previousBody === null && !options.dryRun && options.commit) {
    const earlier = await unacknowledgedComments(
      client,
      repo,
      comment.issueNumber,
      comment.commentId,
      {
        identity,
        windowMs: CATCH_UP_MS,
        wanted: (c) =>
          !isBot(c.author) &&
          !sameLogin(c.author.login, identity) &&
          readComment(c.body, prefix).length > 0,
      },
    );
    for (const c of earlier) {
      options.log(
        `#${comment.issueNumber}: the comment ${c.id} by ${c.author.login} had no run of its own; answering it first`,
      );
      const queued = { ...comment, commentId: c.id, body: c.body, sender: c.author };
      await runCommands(
        { ...options, comment: queued },
        readComment(c.body, prefix),
        identity,
      ).catch((error: unknown) => errors.push(error));
    }
  }
  const result = await runCommands(options, lines, identity);
  if (errors.length) throw errors[0];
  return result;
}

/** Runs one comment's commands from a person (not a bot, not the action) and answers them. */
async function runCommands(
  options: CommandOptions,
  lines: CommandLine[],
  identity: string,
): Promise<CommandResult> {
  const { client, repo, comment, prefix } = options;
  const dryRun = options.dryRun || !options.commit;
  const acknowledge = async (content: 'eyes' | '+1' | 'confused') => {
    if (!dryRun) await react(client, repo, comment.commentId, content);
  };
  const answer = async (body: string) => {
    if (!dryRun) await reply(client, repo, comment.issueNumber, body);
  };
  await acknowledge('eyes');

  const login = comment.sender.login;
  const has = await getPermission(client, repo, login);
  if (RANK.indexOf(has) < RANK.indexOf(options.permission)) {
    const body = renderRefusal(
      lines.map((l) => l.line),
      login,
      options.permission,
      has,
    );
    await answer(body);
    await acknowledge('confused');
    return { kind: 'refused', why: `${login} has ${has} permission`, reply: body };
  }

  try {
    const result = await runPipeline({
      ...options,
      identity,
      dryRun,
      issuesAfterCommit: true,
      plan: async ({ text, issues, tracker, issuesUrl }) => {
        const issue =
          issues.find((i) => i.number === comment.issueNumber) ??
          (await readIssue(client, repo, comment.issueNumber));
        if (!issue) throw new Error(`#${comment.issueNumber} is not an issue`);
        return planChanges(text, issues, { issue, actor: login }, lines, options.config, {
          now: options.now,
          tracker,
          issuesUrl,
          runUrl: options.runUrl,
          section: options.section || undefined,
        });
      },
      message: (planned) => commitMessage(planned, lines, comment.issueNumber, login),
    });
    if (result.stopped) {
      // A write failed after the tracker was committed: the run reports it and fails the step.
      const body = renderFailure(
        lines.map((l) => l.line),
        options.runUrl,
      );
      await answer(body).catch(() => {});
      await acknowledge('confused').catch(() => {});
      return { kind: 'ran', result, reply: body };
    }
    const body = renderReply({
      prefix,
      outcomes: result.planned.outcomes,
      diff: trackerDiff(options.trackerPath, result.before, result.after),
      commit: result.commit,
      branch: options.branch,
      trackerPath: options.trackerPath,
      issue: dryRun ? null : await issueState(options, comment.issueNumber),
      ...(dryRun && result.after !== result.before
        ? { notWritten: options.dryRun ? 'dry-run is true' : 'commit is false' }
        : {}),
    });
    await answer(body);
    await acknowledge(result.planned.outcomes.every((o) => o.ok) ? '+1' : 'confused');
    return { kind: 'ran', result, reply: body };
  } catch (error) {
    // The run failed (GitHub refused a write, the branch kept moving): say so, then fail the step.
    await answer(
      renderFailure(
        lines.map((l) => l.line),
        options.runUrl,
      ),
    ).catch(() => {});
    await acknowledge('confused').catch(() => {});
    throw error;
  }
}

/** Bots are ignored without a reply: a bot answering a bot could go on forever. */
function isBot(sender: Sender): boolean {
  return sender.type === 'Bot' || /\[bot\]$/i.test(sender.login);
}

async function issueState(options: CommandOptions, number: number): Promise<IssueState | null> {
  const issue = await readIssue(options.client, options.repo, number);
  return issue && { state: issue.state, stateReason: issue.stateReason, labels: issue.labels };
}

/**
 * `docs(known-issues): block, resolve "Zustand Version Conflict" (#4, by octocat)`: the issue
 * and the person as plain text (no @mention), the commands by name.
 */
function commitMessage(
  planned: ChangePlan,
  lines: CommandLine[],
  issue: number,
  login: string,
): { headline: string; body: string } {
  const names = [
    ...new Set(
      lines.flatMap((l) => (l.command && l.command.kind !== 'help' ? [l.command.kind] : [])),
    ),
  ];
  const { title } = planned;
  return {
    headline: `docs(known-issues): ${names.join(', ')}${title ? ` "${inertPlain(title)}"` : ''} (#${issue}, by ${login})`,
    body: [...new Set(planned.plan.edits.map((e) => `- ${inertPlain(e.reason)}`))].join('\n'),
  };
}
