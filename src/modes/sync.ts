import type { Evidence } from '../evidence/schema.js';
import type { GitHubClient } from '../github/client.js';
import { commitFile, readFileAtHead, StaleHeadError } from '../github/commit.js';
import { applyIssueOperation, ensureLabels, listManagedIssues } from '../github/issues.js';
import type { Config } from '../reconcile/config.js';
import { inertPlain } from '../reconcile/inert.js';
import { plan as makePlan, type Plan } from '../reconcile/plan.js';
import { describeOperation } from '../report/plan.js';
import { applyEdits, lintTracker, type Diagnostic } from '../tracker/index.js';
import { applyPlan, type ApplyResult } from './apply.js';

/** Everything a sync needs, resolved by the entry point. */
export interface SyncOptions {
  client: GitHubClient;
  repo: { owner: string; repo: string };
  branch: string;
  trackerPath: string;
  section?: string;
  evidence: Evidence;
  config: Config;
  now: string;
  serverUrl: string;
  runUrl?: string;
  commit: boolean;
  dryRun: boolean;
  budget: number;
  /**
   * Read-only (pull requests): plan against the tracker as checked out (`trackerText`) and
   * write nothing.
   */
  readOnly?: boolean;
  trackerText?: string;
  log: (message: string) => void;
}

/** What a sync did, for outputs and the job summary. */
export interface SyncResult {
  plan: Plan;
  applied: ApplyResult;
  diagnostics: Diagnostic[];
  before: string;
  after: string;
  commit: { oid: string; url: string } | null;
  section?: string;
}

const MAX_ATTEMPTS = 3;

/**
 * Reads the tracker at the branch head, plans, applies the issue operations, and commits the
 * tracker with a compare-and-swap on the head. When someone pushed in between, it reads the
 * new head and plans again; issue operations already done are then in the snapshot, so the
 * new plan does not repeat them.
 */
export async function sync(options: SyncOptions): Promise<SyncResult> {
  const { client, repo, branch, trackerPath, config } = options;
  const blobUrl = `${options.serverUrl}/${repo.owner}/${repo.repo}/blob/${branch}/${trackerPath}`;
  const issuesUrl = `${options.serverUrl}/${repo.owner}/${repo.repo}/issues`;
  const dryRun = options.dryRun || options.readOnly === true;
  let labelsReady = false;

  for (let attempt = 1; ; attempt++) {
    const head =
      options.trackerText !== undefined
        ? { headOid: '', text: options.trackerText }
        : await readFileAtHead(client, repo, branch, trackerPath);
    if (head.text === null) {
      throw new Error(
        `${trackerPath}: not found on branch ${branch}; expected the tracker file (input "tracker")`,
      );
    }
    const before = head.text;
    const parseOptions = { section: options.section || undefined };
    const { diagnostics } = lintTracker(before, parseOptions);
    const issues = await listManagedIssues(client, repo, config.labels[0]!);
    const plan = makePlan(before, options.evidence, issues, config, {
      section: parseOptions.section,
      now: options.now,
      tracker: { path: trackerPath, blobUrl },
      runUrl: options.runUrl,
      issuesUrl,
    });

    if (
      !dryRun &&
      !labelsReady &&
      plan.operations.some((op) => op.kind === 'create' || op.kind === 'update')
    ) {
      await ensureLabels(client, repo, [...config.labels, ...config.priorities]);
      labelsReady = true;
    }
    const applied = await applyPlan(plan, {
      budget: options.budget,
      dryRun,
      issuesUrl,
      write: (op) => {
        options.log(describeOperation(op));
        return applyIssueOperation(client, repo, op, { label: config.labels[0] });
      },
    });
    const after = applyEdits(before, applied.edits, parseOptions);
    const result = {
      plan,
      applied,
      diagnostics,
      before,
      after,
      commit: null,
      section: parseOptions.section,
    };
    if (after === before || dryRun || !options.commit) return result;

    try {
      const commit = await commitFile(client, {
        repo,
        branch,
        path: trackerPath,
        text: after,
        expectedHeadOid: head.headOid,
        headline: inertPlain(`docs(known-issues): sync ${trackerPath}`),
        body: commitBody(plan, applied),
      });
      return { ...result, commit };
    } catch (error) {
      if (!(error instanceof StaleHeadError) || attempt >= MAX_ATTEMPTS) throw error;
      options.log(
        `${branch} moved while syncing (attempt ${attempt}); reading the new head and planning again`,
      );
    }
  }
}

/**
 * The commit message body: one line per change, so `git log` explains the commit. Titles and
 * reasons are inert (a title "Fixes #1" must not close #1 from the default branch); the one
 * reference left is to the item's own issue.
 */
export function commitBody(plan: Plan, applied: ApplyResult): string {
  const lines = plan.edits.map((e) => `- ${inertPlain(e.reason)}`);
  for (const a of applied.applied) {
    if (a.op.kind === 'create' && a.number)
      lines.push(`- "${inertPlain(a.op.title)}" is tracked by #${a.number}`);
  }
  return [...new Set(lines)].join('\n');
}
