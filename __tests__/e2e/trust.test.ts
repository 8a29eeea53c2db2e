import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allItems, parseTracker } from '../../src/tracker/index.js';
import { TOKEN } from '../support/github-client.js';
import { startEmulator, type Emulator, type RepoHandle } from '../support/github-emulator.js';
import { runAction, runtimes, webhookPayload, workspace } from '../support/runner.js';

const fixtures = new URL('../fixtures/', import.meta.url).pathname;
const reference = readFileSync(`${fixtures}trackers/reference.md`, 'utf8');
const junit328 = `${fixtures}evidence/junit-328-failures.xml`;
const TRACKER = 'docs/KNOWN_ISSUES.md';
const REPOSITORY = 'octo-org/octo-repo';

// Under GitHub's runtime only: the in-process tests cover the same logic under this Node.
describe.each(runtimes.slice(-1))('runs that end well, under $name', ({ node }) => {
  let emulator: Emulator;
  let repo: RepoHandle;

  beforeEach(async () => {
    emulator = await startEmulator({ token: TOKEN });
    repo = emulator.repo(REPOSITORY);
    repo.pushCommit('main', { [TRACKER]: reference }, 'Add the tracker');
  });
  afterEach(async () => emulator.close());

  const sync = (inputs: Record<string, string> = {}) =>
    runAction({
      emulator,
      node,
      repository: REPOSITORY,
      event: 'workflow_dispatch',
      payload: webhookPayload('workflow_dispatch', (p) => p.ref === 'refs/heads/main'),
      workspace: workspace({ 'reports/junit.xml': junit328 }),
      inputs: {
        'build-outcome': 'failure',
        'test-results': 'reports/*.xml',
        tracker: TRACKER,
        ...inputs,
      },
    });

  it('a rate limit that outlasts the waits: commits what was done, summarises, warns, exits 0', async () => {
    const creates = { method: 'POST', path: /\/issues$/ };
    emulator.inject(creates, { kind: 'before', action: () => {} }, 2);
    emulator.inject(creates, { kind: 'rate-limit', status: 403, resetIn: 3600 });
    const run = await sync();

    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(repo.issues).toHaveLength(2);
    const linked = allItems(parseTracker(repo.file(TRACKER)!).tracker).filter((i) => i.issue);
    expect(linked.map((i) => i.issue!.number).sort()).toEqual([1, 2]);
    expect(run.outputs['commit-sha']).toBe(repo.head());
    expect(JSON.parse(run.outputs.opened!)).toEqual([1, 2]);
    expect(run.summary).toContain(
      "Stopped early: cannot create issues: GitHub's rate limit stops the run",
    );
    expect(run.summary).toContain(
      '3 operations were left for the next run (the run stopped early).',
    );
    expect(run.stdout).toMatch(
      /^::warning::cannot create issues: GitHub's rate limit .*3 issue operations were left for the next run; the tracker edits for what was done are committed\./m,
    );
  });

  it('a request that never answers ends the run at the request timeout, with a clear message', async () => {
    emulator.inject({ method: 'GET', path: /\/issues$/ }, { kind: 'hang' });
    // Half a second: long enough for every other request of the run, short enough not to idle.
    const run = await sync({ 'request-timeout': '0.5' });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /^::error::cannot list issues: GitHub did not answer GET \S+\/issues\S* within 0\.5 s \(input request-timeout\)$/m,
    );
    expect(emulator.writes()).toEqual([]);
  });

  it('a 403 on issue creation prints the permission hint', async () => {
    emulator.inject(
      { method: 'POST', path: /\/issues$/ },
      { kind: 'status', status: 403, message: 'Resource not accessible by integration' },
    );
    const run = await sync();
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      '::error::cannot create issues: the token lacks issues: write — add "permissions: issues: write" to the job (GitHub said: Resource not accessible by integration)',
    );
    expect(run.summary).toContain('## Known issues: sync');
  });
});
