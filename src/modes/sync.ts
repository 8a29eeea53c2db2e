import type { Evidence } from '../evidence/schema.js';
import type { GitHubClient } from '../github/client.js';
import { commitFile, readFileAtHead, StaleHeadError } from '../github/commit.js';
import { attempt, GitHubError, type Action } from '../github/errors.js';
import { actionIdentity } from '../github/identity.js';
import { applyIssueOperation, byOwner, ensureLabels, listManagedIssues } from '../github/issues.js';
import type { Config } from '../reconcile/config.js';
import { inertPlain } from '../reconcile/inert.js';
import type { IssueSnapshot } from '../reconcile/issues.js';
import { plan as makePlan, type Plan } from '../reconcile/plan.js';
import { describeOperation } from '../report/plan.js';
import { applyEdits, lintTracker, type Diagnostic } from '../tracker/index.js';
import { applyPlan, type AppliedOperation, type ApplyResult } from './apply.js';
import { ConfigError } from './errors.js';

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
   * Logins whose marked issues are managed besides the token's own (a migration from another
   * token or app). Anyone else's issue is left alone, however it is marked and labelled.
   */
  trustedAuthors?: string[];
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
  /** Marked, labelled issues opened by someone else: left alone, named in the summary. */
  strangers: IssueSnapshot[];
  /**
   * Why the run stopped before the end of its plan, when it did: a rate limit or a timeout
   * (`transient`, the next run goes on) or an error to fix. What was done is committed first.
   */
  stopped?: { message: string; transient: boolean };
}

const MAX_ATTEMPTS = 3;

const IDENTITY: Action = { what: "read the token's identity", permission: 'metadata: read' };

/**
 * Reads the tracker at the branch head, plans, applies the issue operations, and commits the
 * tracker with a compare-and-swap on the head. When someone pushed in between, it reads the
 * new head and plans again; issue operations already done are then in the snapshot, so the
 * new plan does not repeat them.
 *
 * Only the action's own issues are planned with (see `byOwner`). When a write fails (a rate
 * limit, a timeout, a missing permission) the run stops writing, still commits the tracker
 * edits for what it did, and says why in `stopped`; errors before anything was done throw.
 */
export async function sync(options: SyncOptions): Promise<SyncResult> {
  const { client, repo, branch, trackerPath, config } = options;
  const repoUrl = `${options.serverUrl}/${repo.owner}/${repo.repo}`;
  const blobUrl = `${repoUrl}/blob/${branch}/${trackerPath}`;
  const issuesUrl = `${repoUrl}/issues`;
  const dryRun = options.dryRun || options.readOnly === true;
  const identity = await attempt(IDENTITY, () => actionIdentity(client));
  const owners = [identity, ...(options.trustedAuthors ?? [])];
  let labelsReady = false;
  const done: AppliedOperation[] = [];

  for (let round = 1; ; round++) {
    const head =
      options.trackerText !== undefined
        ? { headOid: '', text: options.trackerText }
        : await readFileAtHead(client, repo, branch, trackerPath);
    if (head.text === null) {
      throw new ConfigError(
        `${trackerPath}: not found on branch ${branch}; expected the tracker file (input "tracker")`,
      );
    }
    const before = head.text;
    const parseOptions = { section: options.section || undefined };
    const { diagnostics } = lintTracker(before, parseOptions);
    const listed = await listManagedIssues(client, repo, config.labels[0]!);
    const { owned, strangers } = byOwner(listed, owners);
    for (const issue of strangers) {
      options.log(
        `#${issue.number} carries the marker of "${issue.itemId}" but was opened by ${issue.author ?? 'an unknown user'}, not ${owners.join(' or ')}: left alone`,
      );
    }
    const plan = makePlan(before, options.evidence, owned, config, {
      section: parseOptions.section,
      now: options.now,
      tracker: {
        path: trackerPath,
        blobUrl,
        ...(head.headOid && { permalink: `${repoUrl}/blob/${head.headOid}/${trackerPath}` }),
      },
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
        return applyIssueOperation(client, repo, op, { label: config.labels[0], identity });
      },
    });
    done.push(...applied.applied.filter((a) => !a.dryRun));
    const after = applyEdits(before, applied.edits, parseOptions);
    const result: SyncResult = {
      plan,
      // Operations of earlier attempts (before the branch moved) count too.
      applied: { ...applied, applied: dryRun ? applied.applied : [...done] },
      diagnostics,
      before,
      after,
      commit: null,
      section: parseOptions.section,
      strangers,
      ...(applied.error !== undefined && { stopped: stopReason(applied.error) }),
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
      if (error instanceof StaleHeadError && round < MAX_ATTEMPTS) {
        options.log(
          `${branch} moved while syncing (attempt ${round}); reading the new head and planning again`,
        );
        continue;
      }
      // Issues were written: report them and why the tracker could not follow.
      if (done.length) return { ...result, stopped: result.stopped ?? stopReason(error) };
      throw error;
    }
  }
}

/** Why a run stopped, for the report: the error's message, and whether a later run simply goes on. */
function stopReason(error: unknown): { message: string; transient: boolean } {
  return error instanceof GitHubError
    ? { message: error.message, transient: error.transient }
    : { message: error instanceof Error ? error.message : String(error), transient: false };
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
