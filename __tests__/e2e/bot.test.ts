import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { itemIdFromBody } from '../../src/reconcile/issues.js';
import { allItems, parseTracker } from '../../src/tracker/index.js';
import { TOKEN } from '../support/github-client.js';
import {
  startEmulator,
  type EmuIssue,
  type Emulator,
  type RepoHandle,
} from '../support/github-emulator.js';
import { commentPayload, issuesPayload, runInProcess } from '../support/in-process.js';
import { webhookPayload, workspace } from '../support/runner.js';

const reference = readFileSync(
  new URL('../fixtures/trackers/reference.md', import.meta.url),
  'utf8',
);
const TRACKER = 'docs/KNOWN_ISSUES.md';
const REPOSITORY = 'octo-org/octo-repo';
const TODAY = '2026-11-25';

let emulator: Emulator;
let repo: RepoHandle;
const work = workspace();

/** The repository after a first sync of the reference tracker, made once and seeded per test. */
let synced: { tracker: string; issues: EmuIssue[] };

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN });
  repo = emulator.repo(REPOSITORY);
  repo.pushCommit('main', { [TRACKER]: reference }, 'Add the tracker');
  // A first sync: one issue per open P0/P1 item.
  const first = await sync();
  expect(first.failed).toBeNull();
  expect(repo.issues).toHaveLength(5);
  synced = { tracker: repo.file(TRACKER)!, issues: structuredClone(repo.issues) };
  await emulator.close();
});

beforeEach(async () => {
  emulator = await startEmulator({ token: TOKEN });
  repo = emulator.repo(REPOSITORY);
  repo.pushCommit('main', { [TRACKER]: synced.tracker }, 'docs(known-issues): sync');
  for (const issue of synced.issues)
    repo.addIssue({ ...issue, user: issue.user, isPullRequest: false });
  repo.setRole('maintainer', 'write');
  repo.setRole('reader', 'read');
});
afterEach(async () => emulator.close());

const inputs = { tracker: TRACKER };
const sync = () =>
  runInProcess({
    emulator,
    repository: REPOSITORY,
    event: 'workflow_dispatch',
    payload: webhookPayload('workflow_dispatch', (p) => p.ref === 'refs/heads/main'),
    inputs,
    workspace: work,
    now: TODAY,
  });

/** The workflow runs on an `issue_comment` event. */
const onComment = (
  payload: Parameters<typeof commentPayload>[0],
  more: Record<string, string> = {},
) =>
  runInProcess({
    emulator,
    repository: REPOSITORY,
    event: 'issue_comment',
    payload: commentPayload(payload),
    inputs: { ...inputs, ...more },
    workspace: work,
    now: TODAY,
  });

/** A person comments on an issue, and the workflow runs on the `issue_comment` event. */
async function say(
  issue: EmuIssue,
  body: string,
  who = 'maintainer',
  extra: { senderType?: 'User' | 'Bot' } = {},
) {
  const comment = repo.comment(issue.number, who, body);
  const run = await onComment({ action: 'created', issue: issue.number, comment, ...extra });
  return { run, comment };
}

/** A person changes an issue by hand, and the workflow runs on the `issues` event. */
const onIssues = (payload: Parameters<typeof issuesPayload>[0]) =>
  runInProcess({
    emulator,
    repository: REPOSITORY,
    event: 'issues',
    payload: issuesPayload(payload),
    inputs,
    workspace: work,
    now: TODAY,
  });

const issueOf = (itemId: string) => repo.issues.find((i) => itemIdFromBody(i.body) === itemId)!;
const itemAtHead = (id: string) =>
  allItems(parseTracker(repo.file(TRACKER)!).tracker).find((i) => i.id === id);
const sectionAtHead = (id: string) =>
  parseTracker(repo.file(TRACKER)!).tracker.sections.find((s) => s.items.some((i) => i.id === id));
const reactions = (id: number) => repo.reactions(id).map((r) => r.content);
const replies = (issue: EmuIssue) =>
  issue.comments.filter((c) => c.user === 'github-actions[bot]').map((c) => c.body);

describe('slash commands, in-process against the emulator', () => {
  it('block, then resolve "Zustand Version Conflict": the tracker, the issue, the reactions and the replies', async () => {
    const issue = issueOf('zustand-version-conflict');
    const commits = repo.commits().length;

    const block = await say(issue, '/tracker block waiting on vendor');
    expect(block.run.failed).toBeNull();
    expect(itemAtHead('zustand-version-conflict')?.status).toBe('blocked');
    expect(repo.file(TRACKER)).toContain(
      `   - Status: Blocked ${TODAY} by maintainer: waiting on vendor`,
    );
    expect(repo.file(TRACKER)).toContain(`**Last Updated**: ${TODAY}`);
    expect(repo.commits()[0]!.headline).toBe(
      `docs(known-issues): block "Zustand Version Conflict" (#${issue.number}, by maintainer)`,
    );
    expect(reactions(block.comment.id)).toEqual(['eyes', '+1']);
    const [blockReply] = replies(issue);
    expect(blockReply).toContain('```text\n/tracker block waiting on vendor\n```');
    expect(blockReply).toContain('**Done.**');
    expect(blockReply).toContain('"Zustand Version Conflict" is blocked: waiting on vendor');
    expect(blockReply).toContain('```diff');
    expect(blockReply).toContain('+⛔ **Zustand Version Conflict**');
    expect(blockReply).toContain('Issue: open · labels `known-issue`, `P0`');
    expect(issue.state).toBe('open');

    const resolve = await say(issue, '/tracker resolve fixed upstream');
    expect(resolve.run.failed).toBeNull();
    expect(itemAtHead('zustand-version-conflict')?.status).toBe('resolved');
    expect(sectionAtHead('zustand-version-conflict')?.heading).toBe(`Recently Fixed (${TODAY})`);
    expect(issue.state).toBe('closed');
    expect(issue.state_reason).toBe('completed');
    const resolveReply = replies(issue).at(-1)!;
    // The reply links the commit that resolved the item.
    const head = repo.commits()[0]!;
    expect(resolveReply).toContain(`(https://`);
    expect(resolveReply).toContain(`/commit/${head.oid})`);
    expect(resolveReply).toContain('Issue: closed');
    expect(reactions(resolve.comment.id)).toEqual(['eyes', '+1']);
    expect(repo.commits().length).toBe(commits + 2);
    // One reply per comment, and no other comment from the action.
    expect(replies(issue)).toHaveLength(2);
    expect(resolve.run.outputs['commit-sha']).toBe(head.oid);
    expect(resolve.run.summary).toContain('## Known issues: command');
  });

  it('a command whose run GitHub cancelled is answered first by the next comment’s run, in order', async () => {
    const issue = issueOf('zustand-version-conflict');
    // Two comments while a run is in progress: the pending run of the first is cancelled.
    const cancelled = repo.comment(issue.number, 'maintainer', '/tracker block waiting on vendor');
    const quoted = repo.comment(issue.number, 'maintainer', '> /tracker resolve');
    const { run, comment } = await say(issue, '/tracker note asked the vendor again');
    expect(run.failed).toBeNull();
    expect(reactions(cancelled.id)).toEqual(['eyes', '+1']);
    expect(reactions(quoted.id)).toEqual([]);
    expect(reactions(comment.id)).toEqual(['eyes', '+1']);
    expect(itemAtHead('zustand-version-conflict')?.status).toBe('blocked');
    expect(repo.file(TRACKER)).toContain('asked the vendor again');
    // One reply each, the earlier comment's first; one commit each.
    const [first, second] = replies(issue);
    expect(replies(issue)).toHaveLength(2);
    expect(first).toContain('/tracker block waiting on vendor');
    expect(second).toContain('/tracker note asked the vendor again');
    expect(repo.commits()[1]!.headline).toContain('block "Zustand Version Conflict"');
    expect(repo.commits()[0]!.headline).toContain('note "Zustand Version Conflict"');
    // A comment already answered, older than an hour, or edited (its commands may be the
    // editor's) is not answered.
    const old = repo.comment(issue.number, 'maintainer', '/tracker unblock');
    old.created_at = '2026-01-01T00:00:00Z';
    const edited = repo.comment(issue.number, 'maintainer', 'Thanks!');
    edited.updated_at = '2099-01-01T00:00:00Z';
    edited.body = '/tracker resolve';
    await say(issue, '/tracker note still waiting');
    expect(reactions(old.id)).toEqual([]);
    expect(reactions(edited.id)).toEqual([]);
    expect(replies(issue)).toHaveLength(3);
    expect(itemAtHead('zustand-version-conflict')?.status).toBe('blocked');
  });

  it('the same resolve from a reader, a bot, or inside a quote or code block changes nothing', async () => {
    const issue = issueOf('zustand-version-conflict');
    const head = repo.head();
    const reader = await say(issue, '/tracker resolve fixed upstream', 'reader');
    expect(reader.run.failed).toBeNull();
    expect(replies(issue)).toEqual([
      expect.stringContaining(
        'Nothing changed: commands need the write permission on this repository, and reader has read.',
      ),
    ]);
    expect(reactions(reader.comment.id)).toEqual(['eyes', 'confused']);

    const bot = await say(issue, '/tracker resolve fixed upstream', 'helper-bot[bot]', {
      senderType: 'Bot',
    });
    expect(bot.run.failed).toBeNull();
    expect(reactions(bot.comment.id)).toEqual([]);

    for (const body of [
      '> /tracker resolve fixed upstream',
      '```\n/tracker resolve fixed upstream\n```',
      'Try `/tracker resolve fixed upstream` next time.',
    ]) {
      const quoted = await say(issue, body);
      expect(quoted.run.failed).toBeNull();
      expect(reactions(quoted.comment.id)).toEqual([]);
    }
    expect(repo.head()).toBe(head);
    expect(issue.state).toBe('open');
    expect(replies(issue)).toHaveLength(1);
  });

  it("a comment by the action's own identity is ignored without a reply, whatever its type", async () => {
    const issue = issueOf('zustand-version-conflict');
    const head = repo.head();
    // A user token (or GraphQL's spelling of the bot) names the identity without [bot].
    const own = await say(issue, '/tracker resolve', 'github-actions');
    expect(own.run.failed).toBeNull();
    expect(repo.head()).toBe(head);
    expect(reactions(own.comment.id)).toEqual([]);
    expect(replies(issue)).toEqual([]);
  });

  it('in a dry run nothing is written; the job summary holds the reply it would give', async () => {
    const issue = issueOf('zustand-version-conflict');
    const comment = repo.comment(issue.number, 'maintainer', '/tracker resolve');
    emulator.clearRequests();
    const run = await onComment(
      { action: 'created', issue: issue.number, comment },
      { 'dry-run': 'true' },
    );
    expect(run.failed).toBeNull();
    expect(emulator.writes()).toEqual([]);
    expect(run.summary).toContain('## Known issues: command (dry run)');
    expect(run.summary).toContain('Nothing was written: dry-run is true.');
    expect(run.summary).toContain('+✅ **Zustand Version Conflict**');
  });

  it('when GitHub refuses a write the step fails, and the comment says so', async () => {
    const issue = issueOf('zustand-version-conflict');
    emulator.inject(
      { method: 'PATCH', path: `/repos/${REPOSITORY}/issues/${issue.number}` },
      { kind: 'status', status: 403, message: 'Resource not accessible by integration' },
    );
    const { run, comment } = await say(issue, '/tracker resolve');
    expect(run.failed).toContain('Resource not accessible by integration');
    expect(replies(issue).at(-1)).toContain(
      'The commands could not be carried out; the workflow run says why',
    );
    expect(reactions(comment.id)).toEqual(['eyes', 'confused']);
  });

  it('an edited comment that adds a second command runs only the new one', async () => {
    const issue = issueOf('zustand-version-conflict');
    const { comment } = await say(issue, '/tracker note asked the vendor');
    const before = '/tracker note asked the vendor';
    const after = `${before}\n/tracker block waiting on vendor`;
    repo.editComment(comment.id, after);
    const run = await onComment({
      action: 'edited',
      issue: issue.number,
      comment: { ...comment, body: after },
      previousBody: before,
    });
    expect(run.failed).toBeNull();
    const text = repo.file(TRACKER)!;
    expect(text.split('asked the vendor').length - 1).toBe(1);
    expect(itemAtHead('zustand-version-conflict')?.status).toBe('blocked');
    expect(replies(issue).at(-1)).toContain('```text\n/tracker block waiting on vendor\n```');
  });

  it('a deleted comment does nothing', async () => {
    const issue = issueOf('zustand-version-conflict');
    const comment = repo.comment(issue.number, 'maintainer', '/tracker resolve');
    emulator.clearRequests();
    const run = await onComment({ action: 'deleted', issue: issue.number, comment });
    expect(run.failed).toBeNull();
    expect(emulator.requests).toEqual([]);
  });

  it('priority P2 moves a P1 item into a new P2 section written like the others', async () => {
    const issue = issueOf('performance-optimization');
    const { run } = await say(issue, '/tracker priority P2');
    expect(run.failed).toBeNull();
    expect(sectionAtHead('performance-optimization')).toMatchObject({
      heading: 'P2 Outstanding',
      depth: 2,
      priority: 'P2',
    });
    expect(issue.labels).toEqual(['known-issue', 'P2']);
  });

  it('track P1 on an unmanaged issue adds one item under P1; twice is still one', async () => {
    const issue = repo.addIssue({ title: 'Exports time out', body: 'Steps: export 100k rows.' });
    const first = await say(issue, '/tracker track P1');
    expect(first.run.failed).toBeNull();
    const added = () =>
      allItems(parseTracker(repo.file(TRACKER)!).tracker).filter(
        (i) => i.issue?.number === issue.number,
      );
    expect(added()).toHaveLength(1);
    expect(added()[0]).toMatchObject({ title: 'Exports time out', priority: 'P1', status: 'open' });
    expect(issue.labels).toEqual(['known-issue', 'P1']);
    expect(issue.title).toBe('Exports time out');
    expect(issue.body).toMatch(/^Steps: export 100k rows\./);
    expect(itemIdFromBody(issue.body)).toBe(added()[0]!.id);

    const head = repo.head();
    const second = await say(issue, '/tracker track P1');
    expect(second.run.failed).toBeNull();
    expect(added()).toHaveLength(1);
    expect(repo.head()).toBe(head);
    expect(replies(issue).at(-1)).toContain('**Nothing changed.**');
    // The sync after keeps the person's words and the item's issue.
    await sync();
    expect(issue.title).toBe('Exports time out');
    expect(issue.body).toMatch(/^Steps: export 100k rows\./);
    expect(issue.state).toBe('open');
  });

  it("a person's push between the command's read and its commit is kept; the command lands on top", async () => {
    const issue = issueOf('zustand-version-conflict');
    emulator.inject(
      { operation: 'CreateCommitOnBranch' },
      {
        kind: 'before',
        action: () => {
          const text = repo.file(TRACKER)!.replace('Est. Fix: 30 minutes', 'Est. Fix: 45 minutes');
          repo.pushCommit('main', { [TRACKER]: text }, 'Re-estimate the Zustand fix');
        },
      },
    );
    const { run } = await say(issue, '/tracker block waiting on vendor');
    expect(run.failed).toBeNull();
    const text = repo.file(TRACKER)!;
    expect(text).toContain('Est. Fix: 45 minutes');
    expect(itemAtHead('zustand-version-conflict')?.status).toBe('blocked');
    const [ours, theirs] = repo.commits();
    expect(theirs!.message).toBe('Re-estimate the Zustand fix');
    expect(ours!.headline).toContain('block "Zustand Version Conflict"');
  });

  it.each([
    ['/tracker frobnicate', 'unknown command "frobnicate"', true],
    ['/tracker block', '"block" needs a reason: /tracker block \\<reason>', false],
    ['/tracker priority P9', 'unknown priority "P9"; expected one of P0, P1, P2, P3', false],
  ])(
    'bad input (%s) gets a clear reply, changes nothing, and the step passes',
    async (body, message, help) => {
      const issue = issueOf('zustand-version-conflict');
      const head = repo.head();
      const { run, comment } = await say(issue, body);
      expect(run.failed).toBeNull();
      expect(repo.head()).toBe(head);
      const reply = replies(issue).at(-1)!;
      expect(reply).toContain(message);
      expect(reply).toContain('**Nothing changed:**');
      expect(reply.includes('Commands, each at the start of its own line:')).toBe(help);
      expect(reactions(comment.id)).toEqual(['eyes', 'confused']);
    },
  );

  it('a command on an issue whose item has left the tracker gets a clear reply', async () => {
    const issue = issueOf('zustand-version-conflict');
    const text = repo.file(TRACKER)!;
    const start = text.indexOf('⚠️ **Zustand Version Conflict**');
    const end = text.indexOf('## P1 Outstanding');
    repo.pushCommit('main', { [TRACKER]: text.slice(0, start) + text.slice(end) }, 'Drop Zustand');
    const head = repo.head();
    const { run } = await say(issue, '/tracker resolve');
    expect(run.failed).toBeNull();
    expect(repo.head()).toBe(head);
    expect(replies(issue).at(-1)).toContain(
      '"zustand-version-conflict") is no longer in docs/KNOWN_ISSUES.md',
    );
    expect(issue.state).toBe('open');
  });
});

describe('people change issues by hand: the tracker follows', () => {
  it('closed by hand: after the issues event the item is resolved and the issue stays closed', async () => {
    const issue = issueOf('zustand-version-conflict');
    repo.closeIssue(issue.number, 'maintainer');
    const run = await onIssues({ action: 'closed', issue: issue.number, sender: 'maintainer' });
    expect(run.failed).toBeNull();
    expect(itemAtHead('zustand-version-conflict')?.status).toBe('resolved');
    expect(sectionAtHead('zustand-version-conflict')?.heading).toBe(`Recently Fixed (${TODAY})`);
    expect(repo.commits()[0]!.headline).toBe(
      `docs(known-issues): resolve "Zustand Version Conflict" (#${issue.number} closed by maintainer)`,
    );
    // The sync after it leaves the issue closed.
    await sync();
    expect(issue.state).toBe('closed');
    expect(itemAtHead('zustand-version-conflict')?.status).toBe('resolved');
  });

  it('a blocker closed by hand unblocks the items it blocked in the same run, and their issues follow', async () => {
    const blocker = issueOf('production-build-fails');
    const dependent = issueOf('load-test-execution');
    expect(dependent.body).toContain('**Status:** blocked');
    repo.closeIssue(blocker.number, 'maintainer');
    const run = await onIssues({ action: 'closed', issue: blocker.number, sender: 'maintainer' });
    expect(run.failed).toBeNull();
    expect(itemAtHead('production-build-fails')?.status).toBe('resolved');
    expect(itemAtHead('load-test-execution')?.status).toBe('open');
    expect(repo.file(TRACKER)).toContain('**Load test execution**');
    expect(repo.commits()[0]!.body).toContain(
      '"Load test execution" is unblocked: "Production Build Fails" resolved',
    );
    expect(dependent.body).toContain('**Status:** open');
    expect(dependent.state).toBe('open');
  });

  it('closed by hand with no issues workflow: the sync resolves the item and the issue stays closed', async () => {
    const issue = issueOf('zustand-version-conflict');
    repo.closeIssue(issue.number, 'maintainer', 'not_planned');
    const run = await sync();
    expect(run.failed).toBeNull();
    expect(issue.state).toBe('closed');
    expect(issue.comments).toEqual([]);
    expect(itemAtHead('zustand-version-conflict')?.status).toBe('wont_fix');
    expect(repo.file(TRACKER)).toContain(
      `Won't fix ${TODAY} by maintainer: closed #${issue.number} as not planned`,
    );
  });

  it('reopened by hand with no issues workflow: the sync reopens the item and the issue stays open', async () => {
    const issue = issueOf('zustand-version-conflict');
    repo.closeIssue(issue.number, 'maintainer');
    await sync();
    expect(itemAtHead('zustand-version-conflict')?.status).toBe('resolved');
    repo.reopenIssue(issue.number, 'maintainer');
    const run = await sync();
    expect(run.failed).toBeNull();
    expect(issue.state).toBe('open');
    expect(itemAtHead('zustand-version-conflict')?.status).toBe('open');
    expect(sectionAtHead('zustand-version-conflict')?.priority).toBe('P0');
    expect(repo.commits()[0]!.body).toContain(
      '"Zustand Version Conflict" is open again (by maintainer)',
    );
    expect(repo.file(TRACKER)).toContain(`reopened #${issue.number}`);
    // Settled: the next sync writes nothing.
    emulator.clearRequests();
    await sync();
    expect(emulator.writes()).toEqual([]);
  });

  it('an issue reopened before the tracker last changed is closed again: the tracker is newer', async () => {
    const issue = issueOf('zustand-version-conflict');
    repo.closeIssue(issue.number, 'maintainer');
    await sync();
    repo.reopenIssue(issue.number, 'maintainer', '2026-01-01T00:00:00Z');
    const run = await sync();
    expect(run.failed).toBeNull();
    expect(issue.state).toBe('closed');
    expect(itemAtHead('zustand-version-conflict')?.status).toBe('resolved');
  });

  it("the action's own reopen of a resolved item's issue is not a person's: the sync closes it", async () => {
    const issue = issueOf('zustand-version-conflict');
    repo.closeIssue(issue.number, 'maintainer');
    await sync();
    repo.reopenIssue(issue.number, 'github-actions[bot]');
    await sync();
    expect(issue.state).toBe('closed');
    expect(itemAtHead('zustand-version-conflict')?.status).toBe('resolved');
  });

  it('reopened by hand: the item is open again, back in its priority section', async () => {
    const issue = issueOf('zustand-version-conflict');
    repo.closeIssue(issue.number, 'maintainer');
    await onIssues({ action: 'closed', issue: issue.number, sender: 'maintainer' });
    repo.reopenIssue(issue.number, 'maintainer');
    const run = await onIssues({ action: 'reopened', issue: issue.number, sender: 'maintainer' });
    expect(run.failed).toBeNull();
    expect(itemAtHead('zustand-version-conflict')?.status).toBe('open');
    expect(sectionAtHead('zustand-version-conflict')?.priority).toBe('P0');
    expect(issue.state).toBe('open');
  });

  it('a priority label changed by hand moves the item to that section', async () => {
    const issue = issueOf('performance-optimization');
    repo.setLabels(issue.number, ['known-issue', 'P1', 'P0']);
    const run = await onIssues({
      action: 'labeled',
      issue: issue.number,
      sender: 'maintainer',
      label: 'P0',
      labels: ['known-issue', 'P1', 'P0'],
    });
    expect(run.failed).toBeNull();
    expect(sectionAtHead('performance-optimization')?.priority).toBe('P0');
    expect(issue.labels).toEqual(['known-issue', 'P0']);
  });

  it('a priority label changed by hand with no issues workflow: the sync moves the item', async () => {
    const issue = issueOf('performance-optimization');
    repo.setLabels(issue.number, ['known-issue', 'P1', 'P0'], 'maintainer');
    const run = await sync();
    expect(run.failed).toBeNull();
    expect(sectionAtHead('performance-optimization')?.priority).toBe('P0');
    expect(issue.labels).toEqual(['known-issue', 'P0']);
    expect(repo.commits()[0]!.body).toContain('"Performance optimization" moves to P0');
    emulator.clearRequests();
    await sync();
    expect(emulator.writes()).toEqual([]);
  });

  it('a priority label added before the tracker last changed, or by the action, is put back', async () => {
    const issue = issueOf('performance-optimization');
    repo.setLabels(issue.number, ['known-issue', 'P1', 'P0'], 'maintainer', '2026-01-01T00:00:00Z');
    await sync();
    expect(sectionAtHead('performance-optimization')?.priority).toBe('P1');
    expect(issue.labels).toEqual(['known-issue', 'P1']);
    repo.setLabels(issue.number, ['known-issue', 'P0'], 'github-actions[bot]');
    await sync();
    expect(sectionAtHead('performance-optimization')?.priority).toBe('P1');
    expect(issue.labels).toEqual(['known-issue', 'P1']);
  });

  it('events the action caused itself change nothing', async () => {
    const issue = issueOf('zustand-version-conflict');
    repo.closeIssue(issue.number, 'github-actions[bot]');
    const head = repo.head();
    emulator.clearRequests();
    const run = await onIssues({
      action: 'closed',
      issue: issue.number,
      sender: 'github-actions[bot]',
      senderType: 'Bot',
    });
    expect(run.failed).toBeNull();
    expect(repo.head()).toBe(head);
    expect(emulator.writes()).toEqual([]);
  });
});
