import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemIdFromBody } from '../../src/reconcile/issues.js';
import { allItems, parseTracker } from '../../src/tracker/index.js';
import { TOKEN } from '../support/github-client.js';
import { startEmulator, type Emulator, type RepoHandle } from '../support/github-emulator.js';
import { commentPayload, issuesPayload, runInProcess } from '../support/in-process.js';
import { runAction, runtimes, webhookPayload, workspace } from '../support/runner.js';

const reference = readFileSync(
  new URL('../fixtures/trackers/reference.md', import.meta.url),
  'utf8',
);
const TRACKER = 'docs/KNOWN_ISSUES.md';
const REPOSITORY = 'octo-org/octo-repo';

describe.each(runtimes)('the bundled action under $name, as a bot', ({ node }) => {
  let emulator: Emulator;
  let repo: RepoHandle;
  const work = workspace();

  beforeEach(async () => {
    emulator = await startEmulator({ token: TOKEN });
    repo = emulator.repo(REPOSITORY);
    repo.pushCommit('main', { [TRACKER]: reference }, 'Add the tracker');
    repo.setRole('maintainer', 'write');
    const first = await runInProcess({
      emulator,
      repository: REPOSITORY,
      event: 'workflow_dispatch',
      payload: webhookPayload('workflow_dispatch', (p) => p.ref === 'refs/heads/main'),
      inputs: { tracker: TRACKER },
      workspace: work,
    });
    expect(first.failed).toBeNull();
  });
  afterEach(async () => emulator.close());

  const zustand = () =>
    repo.issues.find((i) => itemIdFromBody(i.body) === 'zustand-version-conflict')!;
  const statusAtHead = () =>
    allItems(parseTracker(repo.file(TRACKER)!).tracker).find(
      (i) => i.id === 'zustand-version-conflict',
    )?.status;

  it('a comment with a command: 👀, the tracker committed, one reply, 👍', async () => {
    const issue = zustand();
    const comment = repo.comment(issue.number, 'maintainer', '/tracker block waiting on vendor');
    const run = await runAction({
      emulator,
      node,
      repository: REPOSITORY,
      event: 'issue_comment',
      payload: commentPayload({ action: 'created', issue: issue.number, comment }),
      inputs: { tracker: TRACKER },
      workspace: work,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(statusAtHead()).toBe('blocked');
    expect(repo.reactions(comment.id).map((r) => r.content)).toEqual(['eyes', '+1']);
    expect(issue.comments.filter((c) => c.user === 'github-actions[bot]')).toHaveLength(1);
    expect(run.outputs['commit-sha']).toBe(repo.head());
    expect(run.summary).toContain('### Reply');
  });

  it('an issue closed by hand: the item is resolved and the issue stays closed', async () => {
    const issue = zustand();
    repo.closeIssue(issue.number, 'maintainer');
    const run = await runAction({
      emulator,
      node,
      repository: REPOSITORY,
      event: 'issues',
      payload: issuesPayload({ action: 'closed', issue: issue.number, sender: 'maintainer' }),
      inputs: { tracker: TRACKER },
      workspace: work,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(statusAtHead()).toBe('resolved');
    expect(issue.state).toBe('closed');
    expect(repo.commits()[0]!.headline).toContain(`(#${issue.number} closed by maintainer)`);
  });
});
