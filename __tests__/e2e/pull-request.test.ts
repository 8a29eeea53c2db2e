import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { itemIdFromBody } from '../../src/reconcile/issues.js';
import { TOKEN } from '../support/github-client.js';
import {
  startEmulator,
  type EmuIssue,
  type EmuPullRequest,
  type Emulator,
  type RepoHandle,
} from '../support/github-emulator.js';
import { runInProcess } from '../support/in-process.js';
import {
  artifactZip,
  junitReport,
  pullRequestPayload,
  workflowRunPayload,
} from '../support/pull-requests.js';
import { node24, runAction, webhookPayload, workspace } from '../support/runner.js';

const fixtures = new URL('../fixtures/', import.meta.url).pathname;
const reference = readFileSync(`${fixtures}trackers/reference.md`, 'utf8');
const TRACKER = 'docs/KNOWN_ISSUES.md';
const REPOSITORY = 'octo-org/octo-repo';
const READ_ONLY = 'ghs_readOnlyForkToken0123456789';
const MARKER = `<!-- known-issues:pull-request=${encodeURIComponent(TRACKER)} -->`;
const RUN_ID = 30433642;

let emulator: Emulator;
let repo: RepoHandle;
/** The repository after a first sync of the reference tracker, made once and seeded per test. */
let synced: { tracker: string; issues: EmuIssue[] };

const evidence = { 'build-outcome': 'success', 'test-results': 'reports/*.xml' };
/** A checkout with the results of the small suite: the tests named in `failing` failed. */
const results = (failing: Record<string, string> = {}, files: Record<string, string> = {}) =>
  workspace({ 'reports/junit.xml': junitReport(failing), ...files });

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN });
  repo = emulator.repo(REPOSITORY);
  repo.pushCommit('main', { [TRACKER]: reference }, 'Add the tracker');
  const first = await runInProcess({
    emulator,
    repository: REPOSITORY,
    event: 'workflow_dispatch',
    payload: webhookPayload('workflow_dispatch', (p) => p.ref === 'refs/heads/main'),
    inputs: { tracker: TRACKER },
    workspace: workspace(),
  });
  expect(first.failed).toBeNull();
  synced = { tracker: repo.file(TRACKER)!, issues: structuredClone(repo.issues) };
  await emulator.close();
});

beforeEach(async () => {
  emulator = await startEmulator({ token: TOKEN, readOnlyTokens: [READ_ONLY] });
  repo = emulator.repo(REPOSITORY);
  repo.pushCommit('main', { [TRACKER]: synced.tracker }, 'docs(known-issues): sync');
  for (const issue of synced.issues) repo.addIssue({ ...issue, isPullRequest: false });
});
afterEach(async () => emulator.close());

const issueOf = (itemId: string) => repo.issues.find((i) => itemIdFromBody(i.body) === itemId)!;

/** The tracker with `from` replaced by `to` (once, and it must be there). */
function edited(from: string, to: string, text = synced.tracker): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

/** The tracker with `line` added after the line that holds `after`. */
function withLineAfter(after: string, line: string, text = synced.tracker): string {
  const at = text.indexOf('\n', text.indexOf(after));
  expect(text.indexOf(after)).toBeGreaterThan(-1);
  return `${text.slice(0, at)}\n${line}${text.slice(at)}`;
}

/** A pull request from this repository (or a fork) that changes the tracker. */
const openPr = (tracker: string, fork?: string) =>
  repo.openPullRequest({
    branch: 'fix-build',
    files: { [TRACKER]: tracker },
    user: 'contributor',
    ...(fork ? { fork } : {}),
  });

/** The workflow runs on the pull request's `pull_request` event. */
const onPullRequest = (
  pr: EmuPullRequest,
  options: { token?: string; inputs?: Record<string, string>; work?: string } = {},
) =>
  runInProcess({
    emulator,
    repository: REPOSITORY,
    event: 'pull_request',
    payload: pullRequestPayload(repo, pr),
    inputs: { tracker: TRACKER, ...evidence, ...options.inputs },
    workspace: options.work ?? results(),
    ...(options.token ? { token: options.token } : {}),
    env: { GITHUB_REF: `refs/pull/${pr.number}/merge`, GITHUB_SHA: pr.headSha },
  });

/** How the report names closing the "Production Build Fails" issue (its number as code: no backlink). */
const closeLine = () => `close \`#${issueOf('production-build-fails').number}\` with a comment`;

const stickies = (pr: EmuPullRequest) =>
  repo.issue(pr.number).comments.filter((c) => c.body.includes(MARKER));

/** The "Production Build Fails" item marked resolved, as a contributor would. */
const resolvedBuild = () =>
  edited('⚠️ **Production Build Fails**', '✅ **Production Build Fails**');

describe('the pull-request check, in-process against the emulator', () => {
  it('reports what the pull request changes in the tracker and what the merge would do, in one comment', async () => {
    const pr = openPr(
      withLineAfter(
        '(328 failures remaining)',
        '⚠️ **Flaky login test** - seen twice this week',
        resolvedBuild(),
      ),
    );
    emulator.clearRequests();
    const run = await onPullRequest(pr);
    expect(run.failed).toBeNull();
    const [comment, ...others] = stickies(pr);
    expect(others).toEqual([]);
    expect(comment!.user).toBe('github-actions[bot]');
    const body = comment!.body;
    expect(body).toContain('✅ The check passes');
    expect(body).toContain('### Tracker changes in this pull request');
    expect(body).toContain('Added **Flaky login test** (P1, open)');
    expect(body).toContain('Changed **Production Build Fails**: status open → resolved');
    expect(body).toContain('### If this is merged, the sync would');
    expect(body).toContain(closeLine());
    expect(body).toContain('create issue "Flaky login test"');
    // The only write is the comment: the check changes no issue and no tracker.
    expect(emulator.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      `POST /repos/${REPOSITORY}/issues/${pr.number}/comments`,
    ]);
    expect(issueOf('production-build-fails').state).toBe('open');
    expect(repo.file(TRACKER)).toBe(synced.tracker);
    // The job summary says the same.
    expect(run.summary).toContain('Added **Flaky login test** (P1, open)');
    expect(run.summary).toContain(closeLine());
  });
});

describe('one sticky comment', () => {
  it('a second run edits the one comment in place; an unchanged report writes nothing; duplicates end as one', async () => {
    const pr = openPr(resolvedBuild());
    expect((await onPullRequest(pr)).failed).toBeNull();
    const [first] = stickies(pr);
    expect(first!.body).toContain('status open → resolved');

    // A push to the pull request: the report changes, the same comment is edited.
    repo.pushToPullRequest(pr.number, {
      [TRACKER]: withLineAfter(
        '(328 failures remaining)',
        '⚠️ **Flaky login test**',
        resolvedBuild(),
      ),
    });
    emulator.clearRequests();
    expect((await onPullRequest(pr)).failed).toBeNull();
    expect(stickies(pr).map((c) => c.id)).toEqual([first!.id]);
    expect(stickies(pr)[0]!.body).toContain('Added **Flaky login test**');
    expect(emulator.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      `PATCH /repos/${REPOSITORY}/issues/comments/${first!.id}`,
    ]);

    // Run again on the same commit and evidence: nothing to say that is not said.
    emulator.clearRequests();
    expect((await onPullRequest(pr)).failed).toBeNull();
    expect(emulator.writes()).toEqual([]);

    // Two runs at once left a second copy (and a person quoted the marker): the action's oldest
    // copy is kept and brought up to date, its other copy deleted, the person's left alone.
    repo.comment(pr.number, 'github-actions[bot]', `${MARKER}\nfrom a concurrent run`);
    repo.comment(pr.number, 'contributor', `> ${MARKER}\nquoting the bot`);
    repo.editComment(first!.id, `${MARKER}\nstale`);
    emulator.clearRequests();
    expect((await onPullRequest(pr)).failed).toBeNull();
    const left = stickies(pr);
    expect(left.map((c) => c.user)).toEqual(['github-actions[bot]', 'contributor']);
    expect(left[0]!.id).toBe(first!.id);
    expect(left[0]!.body).toContain('Added **Flaky login test**');
    expect(emulator.writes().map((w) => w.method)).toEqual(['DELETE', 'PATCH']);
  });
});

describe('forks and read-only tokens', () => {
  it("a fork's pull request with a read-only token: the step passes, no write is tried, the summary is there", async () => {
    const pr = openPr(resolvedBuild(), 'contributor/octo-repo');
    emulator.clearRequests();
    const run = await onPullRequest(pr, { token: READ_ONLY });
    expect(run.failed).toBeNull();
    expect(emulator.writes()).toEqual([]);
    expect(stickies(pr)).toEqual([]);
    expect(run.summary).toContain('Changed **Production Build Fails**: status open → resolved');
    expect(run.summary).toContain("a fork's pull request gets a read-only token");
    expect(run.notices.join('\n')).toContain('mode: collect');
    expect(run.notices.join('\n')).toContain('docs/pull-requests.md');
  });

  it('a read-only token on a pull request from this repository: GitHub refuses the comment, the step still passes', async () => {
    const pr = openPr(resolvedBuild());
    emulator.clearRequests();
    const run = await onPullRequest(pr, { token: READ_ONLY });
    expect(run.failed).toBeNull();
    expect(emulator.writes().map((w) => [w.method, w.status])).toEqual([['POST', 403]]);
    expect(run.warnings.join('\n')).toContain('pull-requests: write');
    expect(run.summary).toContain('the pull-request comment could not be posted');
    expect(run.summary).toContain('Changed **Production Build Fails**');
  });
});

describe('what the pull request touched', () => {
  it('a tracker error on a line the pull request changed fails the check; one it did not touch does not', async () => {
    const broken = withLineAfter(
      '(328 failures remaining)',
      '⚠️ **Broken date** (Discovered 2026-13-45)',
    );
    repo.pushCommit('main', { [TRACKER]: broken }, 'A bad date, before the pull request');
    const untouched = repo.openPullRequest({
      branch: 'other',
      files: { [TRACKER]: edited('Est. Fix: 30 minutes', 'Est. Fix: 1 hour', broken) },
    });
    const quiet = await onPullRequest(untouched, { inputs: { 'fail-on': 'lint-errors' } });
    expect(quiet.failed).toBeNull();
    expect(stickies(untouched)[0]!.body).not.toContain('On the lines it touched');
    repo.pushCommit('main', { [TRACKER]: synced.tracker }, 'Fix the date');

    const pr = openPr(
      withLineAfter('(328 failures remaining)', '⚠️ **Broken date** (Discovered 2026-13-45)'),
    );
    const run = await onPullRequest(pr, { inputs: { 'fail-on': 'lint-errors' } });
    expect(run.failed).toContain('1 tracker error on the lines the pull request touched');
    expect(stickies(pr)[0]!.body).toContain('❌ The check fails');
    expect(stickies(pr)[0]!.body).toContain(`${TRACKER}:52:`);
  });

  it('a pull request that adds the tracker: every item is new', async () => {
    repo.pushCommit('main', { [TRACKER]: null }, 'No tracker yet');
    const pr = openPr(reference);
    const run = await onPullRequest(pr);
    expect(run.failed).toBeNull();
    const body = stickies(pr)[0]!.body;
    expect(body).toContain(`The pull request adds the tracker \`${TRACKER}\``);
    expect(body).toContain('Added **Production Build Fails** (P0, open)');
  });
});

describe('forks: collect in the pull request, workflow_run in the base repository', () => {
  /** The fork's pull request workflow: `collect` writes the evidence file, no request made. */
  async function collectOn(pr: EmuPullRequest) {
    // The pull request's checkout: its tracker, and the results its tests wrote.
    const work = results({}, { [TRACKER]: repo.file(TRACKER, pr.headRef)! });
    emulator.clearRequests();
    const run = await runInProcess({
      emulator,
      repository: REPOSITORY,
      event: 'pull_request',
      payload: pullRequestPayload(repo, pr),
      inputs: { tracker: TRACKER, ...evidence, mode: 'collect' },
      workspace: work,
      token: READ_ONLY,
      env: { GITHUB_SHA: '0'.repeat(40) },
    });
    expect(run.failed).toBeNull();
    expect(emulator.requests).toEqual([]);
    return { run, file: readFileSync(join(work, run.outputs['evidence-file']!), 'utf8') };
  }

  /** The workflow_run workflow, after the pull request's run uploaded `zip` as its artifact. */
  function onWorkflowRun(pr: EmuPullRequest, zip: Uint8Array | null, headSha = pr.headSha) {
    if (zip) repo.addArtifact({ runId: RUN_ID, name: 'known-issues-evidence', zip, headSha });
    emulator.clearRequests();
    return runInProcess({
      emulator,
      repository: REPOSITORY,
      event: 'workflow_run',
      payload: workflowRunPayload(repo, {
        id: RUN_ID,
        event: 'pull_request',
        headSha,
        headBranch: pr.headRef,
      }),
      inputs: { tracker: TRACKER },
      workspace: workspace(),
    });
  }

  it('collect, then workflow_run with its artifact: the same comment as a same-repository run', async () => {
    // The same pull request checked in this repository, for the comment to compare with.
    const same = openPr(resolvedBuild());
    expect((await onPullRequest(same)).failed).toBeNull();
    const expected = stickies(same)[0]!.body;

    const pr = repo.openPullRequest({
      branch: 'fork-fix',
      files: { [TRACKER]: resolvedBuild() },
      user: 'contributor',
      fork: 'contributor/octo-repo',
    });
    const { run, file } = await collectOn(pr);
    const collected = JSON.parse(file) as Record<string, unknown>;
    expect(collected).toMatchObject({
      schema: 'known-issues-evidence',
      version: 1,
      headSha: pr.headSha,
      pullRequest: pr.number,
      evidence: { build: { outcome: 'success' } },
    });
    expect(run.summary).toContain('## Known issues: collect');

    const posted = await onWorkflowRun(pr, artifactZip({ 'known-issues-evidence.json': file }));
    expect(posted.failed).toBeNull();
    expect(emulator.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      `POST /repos/${REPOSITORY}/issues/${pr.number}/comments`,
    ]);
    // The download went through the redirect to the signed URL.
    expect(emulator.requests.some((r) => r.path.startsWith('/_artifact-downloads/'))).toBe(true);
    // Word for word, but for the commit it names.
    const short = (sha: string) => `\`${sha.slice(0, 7)}\``;
    expect(stickies(pr)[0]!.body).toBe(expected.replace(short(same.headSha), short(pr.headSha)));
  });

  it('a tampered artifact is refused with a clear message, and nothing is written', async () => {
    const pr = openPr(resolvedBuild(), 'contributor/octo-repo');
    const { file } = await collectOn(pr);
    const json = JSON.parse(file) as Record<string, unknown>;
    const cases: [string, Uint8Array, string][] = [
      [
        'bad schema',
        artifactZip({ 'known-issues-evidence.json': JSON.stringify({ ...json, version: 99 }) }),
        'does not match the evidence file schema at version',
      ],
      [
        'another commit',
        artifactZip({
          'known-issues-evidence.json': JSON.stringify({ ...json, headSha: 'a'.repeat(40) }),
        }),
        `was collected on ${'a'.repeat(40)}, not on the run's commit ${pr.headSha}`,
      ],
      [
        'oversized',
        artifactZip({ 'known-issues-evidence.json': `${file}${' '.repeat(9 * 1024 * 1024)}` }),
        'over the limit of',
      ],
      ['not a zip', new TextEncoder().encode(file), 'is not a readable zip'],
    ];
    for (const [what, zip, message] of cases) {
      repo.artifacts.splice(0);
      const run = await onWorkflowRun(pr, zip);
      expect(run.failed, what).toContain(message);
      expect(emulator.writes(), what).toEqual([]);
    }
    expect(stickies(pr)).toEqual([]);
  });

  it('a run with no artifact, or a pull request that moved on since, posts nothing and fails nothing', async () => {
    const pr = openPr(resolvedBuild(), 'contributor/octo-repo');
    const none = await onWorkflowRun(pr, null);
    expect(none.failed).toBeNull();
    expect(none.notices.join('\n')).toContain('uploaded no artifact named "known-issues-evidence"');

    const { file } = await collectOn(pr);
    const before = pr.headSha;
    repo.pushToPullRequest(pr.number, { 'README.md': 'more\n' });
    const moved = await onWorkflowRun(
      pr,
      artifactZip({ 'known-issues-evidence.json': file }),
      before,
    );
    expect(moved.failed).toBeNull();
    expect(moved.notices.join('\n')).toContain('nothing posted');
    expect(emulator.writes()).toEqual([]);
  });

  it('a run on the default branch syncs the tracker with the evidence of its artifact', async () => {
    const head = repo.head();
    const work = results({}, { [TRACKER]: synced.tracker });
    const collected = await runInProcess({
      emulator,
      repository: REPOSITORY,
      event: 'push',
      payload: webhookPayload('push', (p) => String(p.ref).startsWith('refs/heads/')),
      inputs: { tracker: TRACKER, ...evidence, mode: 'collect' },
      workspace: work,
      env: { GITHUB_SHA: head },
    });
    expect(collected.failed).toBeNull();
    const file = readFileSync(join(work, 'known-issues-evidence.json'), 'utf8');
    expect(JSON.parse(file)).toMatchObject({ headSha: head, pullRequest: null });
    repo.addArtifact({
      runId: RUN_ID,
      name: 'known-issues-evidence',
      zip: artifactZip({ 'known-issues-evidence.json': file }),
      headSha: head,
    });
    const run = await runInProcess({
      emulator,
      repository: REPOSITORY,
      event: 'workflow_run',
      payload: workflowRunPayload(repo, {
        id: RUN_ID,
        event: 'push',
        headSha: head,
        headBranch: 'main',
      }),
      inputs: { tracker: TRACKER },
      workspace: workspace(),
    });
    expect(run.failed).toBeNull();
    expect(repo.head()).not.toBe(head);
    expect(repo.commits()[0]!.headline).toBe(`docs(known-issues): sync ${TRACKER}`);
    expect(issueOf('production-build-fails').state).toBe('closed');
  });
});

// Under GitHub's runtime only: the other runtime runs the bundle in the other end-to-end files.
describe('the bundled action under node 24', () => {
  const node = node24;
  it('workflow_run: downloads the artifact through the redirect, unzips it and posts the comment', async () => {
    const pr = openPr(resolvedBuild(), 'contributor/octo-repo');
    const work = results({}, { [TRACKER]: repo.file(TRACKER, pr.headRef)! });
    const collected = await runAction({
      emulator,
      node,
      repository: REPOSITORY,
      event: 'pull_request',
      payload: pullRequestPayload(repo, pr),
      workspace: work,
      inputs: { tracker: TRACKER, ...evidence, mode: 'collect' },
    });
    expect(collected.status, collected.stdout + collected.stderr).toBe(0);
    repo.addArtifact({
      runId: RUN_ID,
      name: 'known-issues-evidence',
      zip: artifactZip({
        'known-issues-evidence.json': readFileSync(join(work, collected.outputs['evidence-file']!)),
      }),
      headSha: pr.headSha,
    });
    const run = await runAction({
      emulator,
      node,
      repository: REPOSITORY,
      event: 'workflow_run',
      payload: workflowRunPayload(repo, {
        id: RUN_ID,
        event: 'pull_request',
        headSha: pr.headSha,
        headBranch: pr.headRef,
      }),
      workspace: workspace(),
      inputs: { tracker: TRACKER },
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(stickies(pr)[0]!.body).toContain(
      'Changed **Production Build Fails**: status open → resolved',
    );
    expect(run.summary).toContain('### If this is merged, the sync would');
  });
});

describe('the known-failure gate', () => {
  /** The base tracker links "Zustand Version Conflict" to the drip builder's tests. */
  beforeEach(() => {
    repo.pushCommit(
      'main',
      {
        [TRACKER]: edited(
          '   - Est. Fix: 30 minutes',
          '   - Est. Fix: 30 minutes\n   - Check: tests src/drip/**',
        ),
      },
      'Link the Zustand item to the drip builder tests',
    );
  });
  /** A pull request that leaves the tracker alone. */
  const codeOnly = () =>
    repo.openPullRequest({ branch: 'feature', files: { 'src/cart/cart.ts': 'export {};\n' } });

  it('a failure no open item covers fails the check, and the comment lists it as new', async () => {
    const pr = codeOnly();
    const run = await onPullRequest(pr, {
      work: results({
        'renders nodes': 'expected 3 nodes, got 2',
        'applies coupons': 'coupon ignored',
      }),
    });
    expect(run.failed).toContain('1 new failure no open item covers: “cart > applies coupons”');
    const body = stickies(pr)[0]!.body;
    expect(body).toContain('❌ The check fails');
    expect(body).toContain('### New failures (1)');
    expect(body).toContain(
      '| `cart > applies coupons` | `src/cart/cart.test.ts` | coupon ignored |',
    );
    expect(body).toContain('### Known failures (1), by item');
    expect(JSON.parse(run.outputs['new-failures']!)).toEqual([
      'src/cart/cart.test.ts::cart > applies coupons',
    ]);
    expect(JSON.parse(run.outputs['known-failures']!)).toEqual([
      {
        test: 'src/drip/builder.test.ts::drip builder > renders nodes',
        items: ['zustand-version-conflict'],
      },
    ]);
    // The new failure is annotated on its test file.
    expect(run.warnings.join('\n')).toContain(
      'new failure, no open item covers it: cart > applies coupons',
    );
  });

  it("a new failure is annotated on its test's line when the report gives one (CTRF here)", async () => {
    const ctrf = {
      reportFormat: 'CTRF',
      results: {
        tool: { name: 'vitest' },
        tests: [
          {
            name: 'adds items',
            suite: ['cart'],
            status: 'passed',
            duration: 1,
            filePath: 'src/cart/cart.test.ts',
            line: 4,
          },
          {
            name: 'applies coupons',
            suite: ['cart'],
            status: 'failed',
            duration: 1,
            filePath: 'src/cart/cart.test.ts',
            line: 12,
            message: 'coupon ignored',
          },
        ],
      },
    };
    const run = await onPullRequest(codeOnly(), {
      inputs: { 'test-results': 'reports/*.json' },
      work: workspace({ 'reports/ctrf.json': JSON.stringify(ctrf) }),
    });
    expect(run.annotations).toContainEqual({
      message: 'new failure, no open item covers it: cart > applies coupons: coupon ignored',
      file: 'src/cart/cart.test.ts',
      startLine: 12,
    });
  });

  it('only failures covered by open items: the check passes, and the comment groups them under their items', async () => {
    const pr = codeOnly();
    const run = await onPullRequest(pr, {
      work: results({ 'renders nodes': 'expected 3 nodes, got 2', 'connects edges': 'no edge' }),
    });
    expect(run.failed).toBeNull();
    const body = stickies(pr)[0]!.body;
    expect(body).toContain(
      '**✅ The check passes**: 2 failing tests are known, covered by open items.',
    );
    expect(body).toContain(
      '- **Zustand Version Conflict**: 2 failing — `drip builder > renders nodes`, `drip builder > connects edges`',
    );
    expect(body).not.toContain('New failures');
    expect(JSON.parse(run.outputs['new-failures']!)).toEqual([]);
  });

  it('all the tests of "Test coverage improvement" pass: the comment flags it as appears fixed', async () => {
    const pr = codeOnly();
    const run = await onPullRequest(pr, { work: results() });
    expect(run.failed).toBeNull();
    const body = stickies(pr)[0]!.body;
    expect(body).toContain('### Appears fixed');
    expect(body).toMatch(
      /- \*\*Test coverage improvement\*\*: 0 of 4 tests failed.* — resolve it\?/,
    );
    expect(JSON.parse(run.outputs['appears-fixed']!)).toContain('test-coverage-improvement');
  });

  it('fail-on contradiction: a pull request that marks "Production Build Fails" resolved while the build failed', async () => {
    const pr = openPr(resolvedBuild());
    const inputs = { 'build-outcome': 'failure', 'fail-on': 'contradiction' };
    const run = await onPullRequest(pr, { inputs });
    expect(run.failed).toContain(
      'the pull request marks “Production Build Fails” resolved, but in this run the build step failed',
    );
    expect(stickies(pr)[0]!.body).toContain(
      '**❌ The check fails**: the pull request marks “Production Build Fails” resolved',
    );
    // Without the condition the same run passes: nothing else is wrong with it.
    expect((await onPullRequest(pr, { inputs: { 'build-outcome': 'failure' } })).failed).toBeNull();
  });

  it('fail-on new-open-p0: a pull request that adds an open P0 item', async () => {
    const tracker = withLineAfter(
      'Est. Fix: 2-16 hours depending on approach',
      '\n⚠️ **Checkout drops orders** (Discovered 2026-11-20)',
      repo.file(TRACKER)!,
    );
    const pr = openPr(tracker);
    const run = await onPullRequest(pr, { inputs: { 'fail-on': 'new-failures,new-open-p0' } });
    expect(run.failed).toContain('the pull request makes “Checkout drops orders” an open P0 item');
  });

  it('collect judges new failures on its own, so a fork’s pull request still fails on them', async () => {
    const pr = openPr(repo.file(TRACKER)!, 'contributor/octo-repo');
    emulator.clearRequests();
    const run = await runInProcess({
      emulator,
      repository: REPOSITORY,
      event: 'pull_request',
      payload: pullRequestPayload(repo, pr),
      inputs: { tracker: TRACKER, ...evidence, mode: 'collect' },
      workspace: results(
        { 'applies coupons': 'coupon ignored' },
        { [TRACKER]: repo.file(TRACKER, pr.headRef)! },
      ),
      token: READ_ONLY,
    });
    expect(emulator.requests).toEqual([]);
    expect(run.failed).toContain('1 new failure no open item covers: “cart > applies coupons”');
    expect(JSON.parse(run.outputs['new-failures']!)).toEqual([
      'src/cart/cart.test.ts::cart > applies coupons',
    ]);
  });
});
