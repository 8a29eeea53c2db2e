import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../src/github/client.js';
import { applyIssueOperation, ensureLabels, listManagedIssues } from '../../src/github/issues.js';
import { markerFor, type IssueOperation } from '../../src/reconcile/issues.js';
import { emulatorClient, TOKEN } from '../support/github-client.js';
import { startEmulator, type Emulator, type RepoHandle } from '../support/github-emulator.js';

const LABEL = 'known-issue';
const repo = { owner: 'acme', repo: 'widgets' };
const body = (id: string, text = 'Details.'): string => `${markerFor(id)}\n\n${text}`;

let emulator: Emulator;
let gh: RepoHandle;
let client: GitHubClient;
let logs: string[];
let counter = 0;
/** A fresh repository per test, so tests do not see each other's issues. */
const fresh = (): void => {
  counter++;
  repo.repo = `widgets-${counter}`;
  gh = emulator.repo(`${repo.owner}/${repo.repo}`);
};

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN });
});
afterAll(() => emulator.close());
beforeEach(() => {
  fresh();
  emulator.clearRequests();
  ({ client, logs } = emulatorClient(emulator));
});

describe('listManagedIssues', () => {
  it('pages through 250 managed issues in one paginated listing, skipping unmanaged ones and pull requests', async () => {
    gh.addIssues(300, (i) =>
      i % 6 === 5
        ? { title: `Unlabelled ${i}`, body: body(`other-${i}`) }
        : {
            title: `Item ${i}`,
            body: body(`item-${i}`),
            labels: [LABEL, 'P1'],
            state: i % 3 === 0 ? 'closed' : 'open',
          },
    );
    gh.addIssue({ title: 'Labelled, no marker', body: 'Written by a person', labels: [LABEL] });
    gh.addIssue({
      title: 'A pull request',
      body: body('pr-item'),
      labels: [LABEL],
      isPullRequest: true,
    });

    const issues = await listManagedIssues(client, repo, LABEL);

    expect(issues).toHaveLength(251);
    expect(issues.filter((i) => i.itemId !== null)).toHaveLength(250);
    expect(issues.find((i) => i.itemId === 'pr-item')).toBeUndefined();
    expect(issues.find((i) => i.itemId?.startsWith('other-'))).toBeUndefined();
    expect(new Set(issues.map((i) => i.number)).size).toBe(251);
    expect(issues[0]).toEqual({
      number: 1,
      title: 'Item 0',
      body: body('item-0'),
      state: 'closed',
      labels: [LABEL, 'P1'],
      itemId: 'item-0',
      url: `${emulator.url}/acme/${repo.repo}/issues/1`,
      author: 'octocat',
    });
    expect(issues.find((i) => i.title === 'Labelled, no marker')?.itemId).toBeNull();

    const gets = emulator.requests;
    expect(gets).toHaveLength(3);
    // The first page by name, then the Link header's rel="next" (GitHub names the repo by id there).
    expect(gets.map((r) => `${r.method} ${r.path} ${r.query.page ?? ''}`)).toEqual([
      `GET /repos/acme/${repo.repo}/issues `,
      `GET /repositories/${gh.id}/issues 2`,
      `GET /repositories/${gh.id}/issues 3`,
    ]);
    for (const r of gets)
      expect(r.query).toMatchObject({ labels: LABEL, state: 'all', per_page: '100' });
    expect(emulator.requests.some((r) => r.path.startsWith('/search'))).toBe(false);
  });

  it('fails instead of returning a truncated list when a later page fails', async () => {
    gh.addIssues(150, (i) => ({ title: `Item ${i}`, body: body(`item-${i}`), labels: [LABEL] }));
    emulator.inject(
      { method: 'GET', path: /^\/repositories\/\d+\/issues$/ },
      { kind: 'status', status: 409 },
    );
    await expect(listManagedIssues(client, repo, LABEL)).rejects.toMatchObject({ status: 409 });
  });

  it('returns an empty list when nothing carries the label', async () => {
    gh.addIssue({ title: 'Unrelated', body: body('x') });
    expect(await listManagedIssues(client, repo, LABEL)).toEqual([]);
  });
});

describe('ensureLabels', () => {
  it('creates only the missing labels, comparing names case-insensitively', async () => {
    gh.addLabel('Known-Issue', 'ff0000');
    const created = await ensureLabels(client, repo, [
      LABEL,
      { name: 'P0', color: 'b60205', description: 'Blocker' },
      'P1',
    ]);

    expect(created).toEqual(['P0', 'P1']);
    expect(gh.labels.map((l) => l.name)).toEqual(['Known-Issue', 'P0', 'P1']);
    expect(gh.labels[1]).toMatchObject({ color: 'b60205', description: 'Blocker' });
    expect(emulator.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /repos/acme/${repo.repo}/labels`,
      `POST /repos/acme/${repo.repo}/labels`,
    ]);
  });

  it('tolerates 422 already_exists: a retried create whose first answer was lost', async () => {
    emulator.inject({ method: 'POST', path: /\/labels$/ }, { kind: 'lost-response' });
    await ensureLabels(client, repo, ['P0']);

    expect(gh.labels.map((l) => l.name)).toEqual(['P0']);
    const posts = emulator.requestsTo({ method: 'POST', path: /\/labels$/ });
    expect(posts.map((r) => r.status)).toEqual([null, 422]);
  });

  it('surfaces other label errors', async () => {
    await expect(
      ensureLabels(client, repo, [{ name: 'bad', color: 'not-a-color' }]),
    ).rejects.toMatchObject({
      status: 422,
    });
  });
});

describe('applyIssueOperation', () => {
  const create = (itemId: string): IssueOperation => ({
    kind: 'create',
    itemId,
    title: `Crash in ${itemId}`,
    body: body(itemId, 'It crashes.'),
    labels: [LABEL, 'P0'],
    reason: 'new P0 item',
  });

  it('creates an issue with its labels (creating unknown labels, as GitHub does) and returns its number', async () => {
    gh.addIssue({ title: 'Existing' });
    const number = await applyIssueOperation(client, repo, create('parser-crash'), {
      label: LABEL,
    });

    expect(number).toBe(2);
    expect(gh.issue(2)).toMatchObject({
      title: 'Crash in parser-crash',
      body: body('parser-crash', 'It crashes.'),
      state: 'open',
      labels: [LABEL, 'P0'],
      user: 'github-actions[bot]',
    });
    expect(gh.labels.map((l) => l.name)).toEqual([LABEL, 'P0']);
    expect(emulator.writes()).toHaveLength(1);
  });

  it('updates only the fields the operation gives', async () => {
    gh.addIssue({ title: 'Old title', body: body('a', 'old'), labels: [LABEL, 'P1'] });
    await applyIssueOperation(client, repo, {
      kind: 'update',
      number: 1,
      itemId: 'a',
      title: 'New title',
      reason: 'renamed',
    });

    expect(gh.issue(1)).toMatchObject({
      title: 'New title',
      body: body('a', 'old'),
      labels: [LABEL, 'P1'],
    });
    const [patch] = emulator.writes();
    expect(patch).toMatchObject({ method: 'PATCH', path: `/repos/acme/${repo.repo}/issues/1` });
    expect(patch!.body).toEqual({ title: 'New title' });

    await applyIssueOperation(client, repo, {
      kind: 'update',
      number: 1,
      itemId: 'a',
      body: body('a', 'new'),
      labels: [LABEL, 'P0'],
      reason: 'priority raised',
    });
    expect(gh.issue(1)).toMatchObject({
      title: 'New title',
      body: body('a', 'new'),
      labels: [LABEL, 'P0'],
    });
  });

  it('sends nothing for an update without fields', async () => {
    gh.addIssue({ title: 'T', body: body('a'), labels: [LABEL] });
    expect(
      await applyIssueOperation(client, repo, {
        kind: 'update',
        number: 1,
        itemId: 'a',
        reason: 'none',
      }),
    ).toBe(1);
    expect(emulator.requests).toHaveLength(0);
  });

  const texts = (n: number) =>
    gh.issue(n).comments.map((c) => c.body.replace(/^<!-- known-issues:\w+=[^\s>]* -->\n/, ''));

  it('closes with a comment first, then state closed as completed', async () => {
    gh.addIssue({ title: 'T', body: body('a'), labels: [LABEL] });
    await applyIssueOperation(client, repo, {
      kind: 'close',
      number: 1,
      itemId: 'a',
      comment: 'Fixed in abc123.',
      reason: 'fixed',
    });

    const issue = gh.issue(1);
    expect(issue).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(issue.closed_at).not.toBeNull();
    expect(texts(1)).toEqual(['Fixed in abc123.']);
    expect(issue.comments[0]!.body).toBe('<!-- known-issues:close=a -->\nFixed in abc123.');
    expect(emulator.writes().map((r) => r.method)).toEqual(['POST', 'PATCH']);
    expect(emulator.writes()[1]!.body).toEqual({ state: 'closed', state_reason: 'completed' });
  });

  it('closes a duplicate as a duplicate', async () => {
    gh.addIssue({ title: 'T', body: body('a'), labels: [LABEL] });
    await applyIssueOperation(client, repo, {
      kind: 'close',
      number: 1,
      itemId: 'a',
      comment: 'Duplicate of #2, which tracks the same item.',
      reason: 'duplicate',
      stateReason: 'duplicate',
    });
    expect(gh.issue(1)).toMatchObject({ state: 'closed', state_reason: 'duplicate' });
    expect(texts(1)).toEqual(['Duplicate of #2, which tracks the same item.']);
  });

  it('comments, then reopens (a failed reopen finds its comment next time)', async () => {
    gh.addIssue({ title: 'T', body: body('a'), labels: [LABEL], state: 'closed' });
    await applyIssueOperation(client, repo, {
      kind: 'reopen',
      number: 1,
      itemId: 'a',
      comment: 'Failing again.',
      reason: 'regressed',
    });

    expect(gh.issue(1)).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });
    expect(texts(1)).toEqual(['Failing again.']);
    expect(emulator.writes().map((r) => r.method)).toEqual(['POST', 'PATCH']);
  });

  it('refuses a create whose body lacks the marker, or that lacks the managed label', async () => {
    const op = create('x');
    await expect(
      applyIssueOperation(client, repo, { ...op, body: 'no marker' } as IssueOperation),
    ).rejects.toThrow(/marker/);
    await expect(
      applyIssueOperation(client, repo, { ...op, labels: ['P0'] } as IssueOperation, {
        label: LABEL,
      }),
    ).rejects.toThrow(/label "known-issue"/);
    expect(emulator.requests).toHaveLength(0);
  });

  it('after a lost response to a create, finds the issue by its marker instead of creating a duplicate', async () => {
    emulator.inject({ method: 'POST', path: /\/issues$/ }, { kind: 'lost-response' });
    const number = await applyIssueOperation(client, repo, create('lost'), { label: LABEL });

    expect(gh.issues).toHaveLength(1);
    expect(number).toBe(1);
    expect(emulator.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST null',
      'GET 200',
    ]);
    expect(logs.join('\n')).toMatch(/had landed/);

    // A later run lists it by marker, so its plan will not create it again.
    const listed = await listManagedIssues(client, repo, LABEL);
    expect(listed.map((i) => i.itemId)).toEqual(['lost']);
  });

  it('without a context, looks for an unanswered create by all of its labels', async () => {
    emulator.inject({ method: 'POST', path: /\/issues$/ }, { kind: 'lost-response' });
    expect(await applyIssueOperation(client, repo, create('lost'))).toBe(1);
    expect(gh.issues).toHaveLength(1);
    expect(emulator.requests[1]!.query.labels).toBe(`${LABEL},P0`);
  });

  it('after a 5xx that did not create the issue, looks, then creates it exactly once', async () => {
    emulator.inject({ method: 'POST', path: /\/issues$/ }, { kind: 'status', status: 502 });
    const number = await applyIssueOperation(client, repo, create('flaky'), { label: LABEL });

    expect(number).toBe(1);
    expect(gh.issues.map((i) => i.title)).toEqual(['Crash in flaky']);
    expect(emulator.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST 502',
      'GET 200',
      'POST 201',
    ]);
  });

  it('gives up on a create after three unanswered sends, without a duplicate', async () => {
    emulator.inject({ method: 'POST', path: /\/issues$/ }, { kind: 'status', status: 500 }, 3);
    await expect(
      applyIssueOperation(client, repo, create('down'), { label: LABEL }),
    ).rejects.toMatchObject({ status: 500 });
    expect(gh.issues).toHaveLength(0);
    expect(emulator.requestsTo({ method: 'POST' })).toHaveLength(3);
  });

  it('after a lost response to a close comment, does not comment twice', async () => {
    gh.addIssue({ title: 'T', body: body('a'), labels: [LABEL] });
    emulator.inject({ method: 'POST', path: /\/comments$/ }, { kind: 'lost-response' });
    await applyIssueOperation(client, repo, {
      kind: 'close',
      number: 1,
      itemId: 'a',
      comment: 'Fixed.',
      reason: 'fixed',
    });

    expect(texts(1)).toEqual(['Fixed.']);
    expect(gh.issue(1).state).toBe('closed');
  });

  it('does not retry a 422 on create', async () => {
    emulator.inject(
      { method: 'POST', path: /\/issues$/ },
      { kind: 'status', status: 422, message: 'Validation Failed' },
    );
    await expect(
      applyIssueOperation(client, repo, create('bad'), { label: LABEL }),
    ).rejects.toMatchObject({ status: 422 });
    expect(emulator.requests).toHaveLength(1);
    expect(gh.issues).toHaveLength(0);
  });

  it('does not retry a 409 on update', async () => {
    gh.addIssue({ title: 'T', body: body('a'), labels: [LABEL] });
    emulator.inject(
      { method: 'PATCH', path: /\/issues\/1$/ },
      { kind: 'status', status: 409, message: 'Conflict' },
    );
    await expect(
      applyIssueOperation(client, repo, {
        kind: 'update',
        number: 1,
        itemId: 'a',
        title: 'New',
        reason: 'r',
      }),
    ).rejects.toMatchObject({ status: 409 });
    expect(emulator.requests).toHaveLength(1);
    expect(gh.issue(1).title).toBe('T');
  });
});
