import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { react, readIssue, reply, withClosers } from '../../src/github/conversation.js';
import { listManagedIssues } from '../../src/github/issues.js';
import { markerFor } from '../../src/reconcile/issues.js';
import { emulatorClient, TOKEN } from '../support/github-client.js';
import { startEmulator, type Emulator, type RepoHandle } from '../support/github-emulator.js';

let emulator: Emulator;
let repo: RepoHandle;
const ref = { owner: 'octo-org', repo: 'octo-repo' };

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN });
  repo = emulator.repo('octo-org/octo-repo');
});
afterAll(() => emulator.close());

describe('reactions', () => {
  it('reacts to a comment once, however often asked', async () => {
    const { client } = emulatorClient(emulator);
    const issue = repo.addIssue({ title: 'A' });
    const comment = repo.comment(issue.number, 'octocat', '/tracker help');
    await react(client, ref, comment.id, 'eyes');
    await react(client, ref, comment.id, 'eyes');
    await react(client, ref, comment.id, '+1');
    expect(repo.reactions(comment.id).map((r) => [r.user, r.content])).toEqual([
      ['github-actions[bot]', 'eyes'],
      ['github-actions[bot]', '+1'],
    ]);
    const posts = emulator.requestsTo({ method: 'POST', path: /\/reactions$/ });
    expect(posts.map((r) => r.status)).toEqual([201, 200, 201]);
  });

  it('lists, reads, edits and deletes comments by id as GitHub does', async () => {
    const { client } = emulatorClient(emulator);
    const issue = repo.addIssue({ title: 'B' });
    const comment = repo.comment(issue.number, 'octocat', 'first');
    const { octokit } = client;
    const got = await octokit.rest.issues.getComment({ ...ref, comment_id: comment.id });
    expect(got.data).toMatchObject({ id: comment.id, body: 'first', user: { login: 'octocat' } });
    await octokit.rest.issues.updateComment({ ...ref, comment_id: comment.id, body: 'second' });
    expect(repo.issue(issue.number).comments[0]!.body).toBe('second');
    const reactions = await octokit.rest.reactions.listForIssueComment({
      ...ref,
      comment_id: comment.id,
    });
    expect(reactions.data).toEqual([]);
    await octokit.rest.issues.deleteComment({ ...ref, comment_id: comment.id });
    expect(repo.issue(issue.number).comments).toEqual([]);
    await expect(
      octokit.rest.issues.getComment({ ...ref, comment_id: comment.id }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });

  it('refuses a reaction GitHub does not have', async () => {
    const { client } = emulatorClient(emulator);
    const issue = repo.addIssue({ title: 'C' });
    const comment = repo.comment(issue.number, 'octocat', 'x');
    await expect(
      client.octokit.rest.reactions.createForIssueComment({
        ...ref,
        comment_id: comment.id,
        content: 'thumbsup' as '+1',
      }),
    ).rejects.toMatchObject({ status: 422 });
  });
});

describe('reply', () => {
  it('posts one comment as the action, even when the answer is lost', async () => {
    const { client } = emulatorClient(emulator);
    const issue = repo.addIssue({ title: 'D' });
    emulator.inject(
      { method: 'POST', path: /\/issues\/\d+\/comments$/ },
      { kind: 'lost-response' },
    );
    await reply(client, ref, issue.number, 'Done.');
    expect(repo.issue(issue.number).comments.map((c) => [c.user, c.body])).toEqual([
      ['github-actions[bot]', 'Done.'],
    ]);
  });
});

describe('who closed an issue', () => {
  it('the list leaves closed_by out; the single GET says who, and why', async () => {
    const { client } = emulatorClient(emulator);
    const issue = repo.addIssue({
      title: 'E',
      body: markerFor('e'),
      labels: ['tracked-e'],
    });
    repo.closeIssue(issue.number, 'octocat', 'not_planned');
    const [listed] = await listManagedIssues(client, ref, 'tracked-e');
    expect(listed).not.toHaveProperty('closedBy');
    expect(await readIssue(client, ref, issue.number)).toMatchObject({
      number: issue.number,
      state: 'closed',
      closedBy: 'octocat',
      stateReason: 'not_planned',
      itemId: 'e',
    });
    const [enriched] = await withClosers(client, ref, [listed!], () => true);
    expect(enriched).toMatchObject({ closedBy: 'octocat', stateReason: 'not_planned' });
  });

  it("an issue closed through the API was closed by the token's identity; reopened, by nobody", async () => {
    const { client } = emulatorClient(emulator);
    const issue = repo.addIssue({ title: 'F' });
    await client.octokit.rest.issues.update({
      ...ref,
      issue_number: issue.number,
      state: 'closed',
    });
    expect((await readIssue(client, ref, issue.number))?.closedBy).toBe('github-actions[bot]');
    await client.octokit.rest.issues.update({ ...ref, issue_number: issue.number, state: 'open' });
    expect(await readIssue(client, ref, issue.number)).toMatchObject({
      state: 'open',
      closedBy: null,
      stateReason: 'reopened',
    });
  });

  it('withClosers reads only the closed issues it is asked about', async () => {
    const { client } = emulatorClient(emulator);
    const a = repo.addIssue({ title: 'G', body: markerFor('g'), labels: ['tracked-g'] });
    const b = repo.addIssue({ title: 'H', body: markerFor('h'), labels: ['tracked-g'] });
    repo.closeIssue(a.number, 'octocat');
    repo.closeIssue(b.number, 'hubot');
    const listed = await listManagedIssues(client, ref, 'tracked-g');
    emulator.clearRequests();
    const enriched = await withClosers(client, ref, listed, (i) => i.itemId === 'g');
    expect(enriched.map((i) => i.closedBy)).toEqual(['octocat', undefined]);
    expect(emulator.requests).toHaveLength(1);
  });
});
