import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemIdFromBody } from '../../src/reconcile/issues.js';
import { allItems, parseTracker } from '../../src/tracker/index.js';
import { startEmulator, type Emulator, type RepoHandle } from '../support/github-emulator.js';
import { TOKEN } from '../support/github-client.js';
import { runInProcess } from '../support/in-process.js';
import { junitReport, pullRequestPayload } from '../support/pull-requests.js';
import { runAction, runtimes, webhookPayload, workspace } from '../support/runner.js';

const fixtures = new URL('../fixtures/', import.meta.url).pathname;
const reference = readFileSync(`${fixtures}trackers/reference.md`, 'utf8');
const TRACKER = 'docs/KNOWN_ISSUES.md';
const REPOSITORY = 'octo-org/octo-repo';

const junit328 = `${fixtures}evidence/junit-328-failures.xml`;
const junit312 = `${fixtures}evidence/junit-312-failures.xml`;

const dispatch = () => webhookPayload('workflow_dispatch', (p) => p.ref === 'refs/heads/main');

const items = (text: string) => allItems(parseTracker(text).tracker);

let emulator: Emulator;
let repo: RepoHandle;

beforeEach(async () => {
  emulator = await startEmulator({ token: TOKEN });
  repo = emulator.repo(REPOSITORY);
  repo.pushCommit(
    'main',
    { [TRACKER]: reference, 'README.md': '# octo-repo\n' },
    'Add the tracker',
  );
});
afterEach(async () => emulator.close());

const syncInputs = (build: string, inputs: Record<string, string>) => ({
  'build-outcome': build,
  'test-results': 'reports/*.xml',
  tracker: TRACKER,
  ...inputs,
});

// What the action decides and writes, run in this process (src/main.ts's `run`, which the bundle
// calls). What the bundle itself does, with the runner's files and environment, is below; the
// bundle's pull_request run is in __tests__/workflows.test.ts.
describe('the action in-process against the emulator', () => {
  const sync = (build: string, results: string, inputs: Record<string, string> = {}) =>
    runInProcess({
      emulator,
      repository: REPOSITORY,
      event: 'workflow_dispatch',
      payload: dispatch(),
      workspace: workspace({ 'reports/junit.xml': results }),
      inputs: syncInputs(build, inputs),
    });

  it('a second identical sync writes nothing and commits nothing', async () => {
    await sync('failure', junit328);
    const head = repo.head('main');
    emulator.clearRequests();
    const run = await sync('failure', junit328);
    expect(run.failed).toBeNull();
    expect(emulator.writes()).toEqual([]);
    expect(repo.head('main')).toBe(head);
    expect(run.outputs['tracker-changed']).toBe('false');
    expect(run.outputs['commit-sha']).toBe('');
  });

  it('a green build closes the build issue with a comment and commits the resolved, moved item', async () => {
    await sync('failure', junit328);
    const buildIssue = repo.issues.find(
      (i) => itemIdFromBody(i.body) === 'production-build-fails',
    )!;
    const run = await sync('success', junit312);
    expect(run.failed).toBeNull();

    expect(buildIssue.state).toBe('closed');
    expect(buildIssue.comments.at(-1)?.body).toContain('the build step succeeded');
    expect(buildIssue.comments.at(-1)?.body).toContain(
      `https://github.com/${REPOSITORY}/actions/runs/4242`,
    );
    expect(JSON.parse(run.outputs.closed!)).toEqual([buildIssue.number]);

    const text = repo.file(TRACKER)!;
    const tracker = parseTracker(text).tracker;
    const fixed = tracker.sections.find((s) =>
      s.items.some((i) => i.id === 'production-build-fails'),
    )!;
    expect(fixed.kind).toBe('fixed');
    expect(fixed.heading).toMatch(/^Recently Fixed \(\d{4}-\d{2}-\d{2}\)$/);
    expect(items(text).find((i) => i.id === 'production-build-fails')?.status).toBe('resolved');
    expect(items(text).find((i) => i.id === 'load-test-execution')?.status).toBe('open');
    expect(text).toContain('Test coverage improvement');
    expect(text).toContain('(312 failures remaining)');
    expect(repo.commits('main')[0]!.message).toContain('"Production Build Fails" is resolved');
    expect(run.outputs['open-p0']).toBe('1');
  });

  it("keeps a person's commit made between checkout and commit, and re-applies its change on top", async () => {
    await sync('failure', junit328);
    emulator.inject(
      { operation: 'CreateCommitOnBranch' },
      {
        kind: 'before',
        action: () => {
          const text = repo
            .file(TRACKER)!
            .replace('Est. Fix: 30 minutes', 'Est. Fix: 45 minutes (reviewed)');
          repo.pushCommit('main', { [TRACKER]: text }, 'Re-estimate the Zustand fix');
        },
      },
    );
    const run = await sync('success', junit312);
    expect(run.failed).toBeNull();
    const text = repo.file(TRACKER)!;
    expect(text).toContain('Est. Fix: 45 minutes (reviewed)');
    expect(items(text).find((i) => i.id === 'production-build-fails')?.status).toBe('resolved');
    const [ours, theirs] = repo.commits('main');
    expect(theirs!.message).toContain('Re-estimate the Zustand fix');
    expect(ours!.message).toContain('sync');
    expect(run.log).toContainEqual(expect.stringContaining('moved while syncing'));
  });

  it('an issue whose create response was lost is found by its marker: no duplicate', async () => {
    emulator.inject({ method: 'POST', path: /\/issues$/ }, { kind: 'lost-response' });
    const first = await sync('failure', junit328);
    expect(first.failed).toBeNull();
    const second = await sync('failure', junit328);
    expect(second.failed).toBeNull();
    const ids = repo.issues.map((i) => itemIdFromBody(i.body));
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
  });

  it('dry-run writes nothing and reports the same plan a real run executes', async () => {
    emulator.clearRequests();
    const dry = await sync('failure', junit328, { 'dry-run': 'true' });
    expect(dry.failed).toBeNull();
    expect(emulator.writes()).toEqual([]);
    expect(repo.issues).toHaveLength(0);
    expect(dry.summary).toContain('(dry run)');
    expect(dry.summary).toContain('create issue "Production Build Fails"');

    const real = await sync('failure', junit328);
    expect(JSON.parse(dry.outputs.plan!).operations).toEqual(
      JSON.parse(real.outputs.plan!).operations,
    );
  });

  it('max-operations stops cleanly and the next run continues', async () => {
    const first = await sync('failure', junit328, { 'max-operations': '2' });
    expect(first.failed).toBeNull();
    expect(repo.issues).toHaveLength(2);
    expect(first.summary).toContain('3 operations were left for the next run');
    const second = await sync('failure', junit328, { 'max-operations': '2' });
    expect(second.failed).toBeNull();
    const third = await sync('failure', junit328, { 'max-operations': '2' });
    expect(third.failed).toBeNull();
    expect(repo.issues).toHaveLength(5);
    const committed = items(repo.file(TRACKER)!).filter((i) => i.issue);
    expect(committed).toHaveLength(5);
  });

  it('a pull request is checked: one comment and no other write; from a fork, no write at all', async () => {
    const pr = repo.openPullRequest({ branch: 'more-tests', files: { 'README.md': '# octo\n' } });
    const run = (fork: boolean) => {
      const payload = pullRequestPayload(repo, pr);
      if (fork)
        (payload.pull_request as { head: { repo: { full_name: string } } }).head.repo.full_name =
          'contributor/octo-repo';
      return runInProcess({
        emulator,
        repository: REPOSITORY,
        event: 'pull_request',
        payload,
        workspace: workspace({ 'reports/junit.xml': junitReport() }),
        inputs: { 'build-outcome': 'success', 'test-results': 'reports/*.xml', tracker: TRACKER },
        env: { GITHUB_REF: `refs/pull/${pr.number}/merge` },
      });
    };
    emulator.clearRequests();
    const fork = await run(true);
    expect(fork.failed).toBeNull();
    expect(emulator.writes()).toEqual([]);
    expect(fork.notices).toContainEqual(expect.stringContaining('no pull-request comment'));
    const same = await run(false);
    expect(same.failed).toBeNull();
    expect(emulator.writes().map((w) => w.method)).toEqual(['POST']);
    const [comment] = repo.issue(pr.number).comments;
    expect(comment!.body).toContain('## Known issues');
    expect(comment!.body).toContain('create issue "Zustand Version Conflict"');
    expect(same.summary).toContain('create issue "Zustand Version Conflict"');
    expect(same.summary).toContain('+## Recently Fixed (');
    expect(JSON.parse(same.outputs.opened!)).toEqual([]);
  });
});

describe.each(runtimes)('the bundled action under $name', ({ node }) => {
  const sync = (build: string, results: string, inputs: Record<string, string> = {}) =>
    runAction({
      emulator,
      node,
      repository: REPOSITORY,
      event: 'workflow_dispatch',
      payload: dispatch(),
      workspace: workspace({ 'reports/junit.xml': results }),
      inputs: syncInputs(build, inputs),
    });

  // On GitHub Enterprise Server's paths (/api/v3, /api/graphql): the other bundled runs, in this
  // file and the other end-to-end files, use github.com's.
  it("first sync with a failing build, through GHES's GITHUB_API_URL and GITHUB_GRAPHQL_URL: opens five issues and commits their numbers once", async () => {
    const commitsBefore = repo.commits('main').length;
    const run = await runAction({
      emulator,
      node,
      repository: REPOSITORY,
      event: 'workflow_dispatch',
      payload: dispatch(),
      workspace: workspace({ 'reports/junit.xml': junit328 }),
      enterprise: true,
      inputs: syncInputs('failure', {}),
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(emulator.requests.length).toBeGreaterThan(0);
    expect(emulator.requests.every((r) => r.rawPath.startsWith('/api/'))).toBe(true);

    const issues = repo.issues;
    expect(issues).toHaveLength(5);
    const byItem = Object.fromEntries(issues.map((i) => [itemIdFromBody(i.body), i]));
    expect(Object.keys(byItem).sort()).toEqual([
      'load-test-execution',
      'performance-optimization',
      'production-build-fails',
      'test-coverage-improvement',
      'zustand-version-conflict',
    ]);
    expect([...byItem['production-build-fails']!.labels].sort()).toEqual(['P0', 'known-issue']);
    expect([...byItem['load-test-execution']!.labels].sort()).toEqual(['P1', 'known-issue']);

    expect(repo.commits('main')).toHaveLength(commitsBefore + 1);
    const committed = repo.file(TRACKER)!;
    for (const item of items(committed).filter((i) => byItem[i.id])) {
      expect(item.issue?.number, item.id).toBe(byItem[item.id]!.number);
    }
    expect(committed).toContain(
      `**Production Build Fails** ([#${byItem['production-build-fails']!.number}](https://github.com/${REPOSITORY}/issues/`,
    );

    expect(JSON.parse(run.outputs.opened!).sort()).toEqual(issues.map((i) => i.number).sort());
    expect(run.outputs['tracker-changed']).toBe('true');
    expect(run.outputs['commit-sha']).toBe(repo.head('main'));
    expect(run.outputs['open-p0']).toBe('2');
    expect(run.outputs['open-p1']).toBe('3');
    expect(JSON.parse(run.outputs.plan!).operations).toHaveLength(5);
    expect(run.summary).toContain('### Open P0/P1 items');
    expect(run.summary).toMatch(/\| P0 \| Production Build Fails \| open \| #\d+ \|/);
    // `::add-mask::` is the runner command that masks the token everywhere else in the log.
    const logged = (run.stdout + run.stderr + run.summary).replace(/^::add-mask::.*$/gm, '');
    expect(logged).not.toContain(TOKEN);
  });

  it('a bad input fails the step naming the input and the accepted values', async () => {
    const run = await sync('green', junit328);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('build-outcome: expected success, failure, cancelled or skipped');
    expect(emulator.writes()).toEqual([]);
  });
});
