import type { GitHubClient, RepoRef } from '../github/client.js';
import { commitFile, readFileAtHead, StaleHeadError } from '../github/commit.js';
import { applyIssueOperation, ensureLabels, listManagedIssues } from '../github/issues.js';
import type { Config } from '../reconcile/config.js';
import type { TrackerLocation } from '../reconcile/issue-body.js';
import type { IssueSnapshot } from '../reconcile/issues.js';
import type { Plan } from '../reconcile/plan.js';
import { describeOperation } from '../report/plan.js';
import { applyEdits, lintTracker, type Diagnostic } from '../tracker/index.js';
import { applyPlan, type ApplyResult } from './apply.js';

/** Where the tracker lives and how a run may write: what every mode's pipeline needs. */
export interface PipelineBase {
  client: GitHubClient;
  repo: RepoRef;
  branch: string;
  trackerPath: string;
  section?: string;
  config: Config;
  serverUrl: string;
  /** Commit the updated tracker. */
  commit: boolean;
  /** Plan and report, write nothing (the budget is spent as in a real run). */
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

/** What the plan step is given: the tracker at the head, the managed issues, where things are. */
export interface PlanInput {
  text: string;
  issues: IssueSnapshot[];
  tracker: TrackerLocation;
  /** `https://github.com/o/r/issues`. */
  issuesUrl: string;
}

/** A mode's planning: the plan, and whatever else the mode reports (a command's outcomes). */
export interface Planned {
  plan: Plan;
  /** The tracker text the plan's edits lead to, when the planning computed it already. */
  after?: string;
}

export interface PipelineOptions<T extends Planned> extends PipelineBase {
  /** Plans the run; called again on the new head when the branch moved before the commit. */
  plan: (input: PlanInput) => Promise<T>;
  /** The commit message of the tracker change. */
  message: (planned: T, applied: ApplyResult) => { headline: string; body: string };
  /**
   * Write the issues after the tracker is committed (commands and issue events: an issue is
   * closed only once the tracker says so), not before it (the sync, which writes the numbers of
   * the issues it creates into the tracker).
   */
  issuesAfterCommit?: boolean;
}

/** What a run did, for outputs, the job summary and replies. */
export interface PipelineResult<T extends Planned> {
  planned: T;
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
 * Every mode's pipeline: read the tracker at the branch head and the managed issues, plan,
 * apply the issue operations under the budget, commit the tracker with a compare-and-swap on
 * the head. When someone pushed in between, it reads the new head and plans again (their
 * change is kept, ours lands on top); issue operations already done are then in the snapshot,
 * so the new plan does not repeat them.
 */
export async function runPipeline<T extends Planned>(
  options: PipelineOptions<T>,
): Promise<PipelineResult<T>> {
  const { client, repo, branch, trackerPath, config } = options;
  const blobUrl = `${options.serverUrl}/${repo.owner}/${repo.repo}/blob/${branch}/${trackerPath}`;
  const issuesUrl = `${options.serverUrl}/${repo.owner}/${repo.repo}/issues`;
  const dryRun = options.dryRun || options.readOnly === true;
  const parseOptions = { section: options.section || undefined };
  let labelsReady = false;

  const writeIssues = async (plan: Plan): Promise<ApplyResult> => {
    const writes = plan.operations.filter((op) => op.kind === 'create' || op.kind === 'update');
    if (!dryRun && !labelsReady && writes.length) {
      const used = writes.flatMap((op) => op.labels ?? []);
      await ensureLabels(client, repo, [
        ...new Set([...config.labels, ...config.priorities, ...used]),
      ]);
      labelsReady = true;
    }
    return applyPlan(plan, {
      budget: options.budget,
      dryRun,
      issuesUrl,
      write: (op) => {
        options.log(describeOperation(op));
        return applyIssueOperation(client, repo, op, { label: config.labels[0] });
      },
    });
  };

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
    const { diagnostics } = lintTracker(before, parseOptions);
    const issues = await listManagedIssues(client, repo, config.labels[0]!);
    const planned = await options.plan({
      text: before,
      issues,
      tracker: { path: trackerPath, blobUrl },
      issuesUrl,
    });
    const { plan } = planned;
    const later = options.issuesAfterCommit === true;
    let applied = later
      ? { applied: [], deferred: [], edits: plan.edits.map((e) => e.edit) }
      : await writeIssues(plan);
    const after =
      later && planned.after !== undefined
        ? planned.after
        : applyEdits(before, applied.edits, parseOptions);
    const result = {
      planned,
      plan,
      applied,
      diagnostics,
      before,
      after,
      commit: null,
      section: parseOptions.section,
    };
    if (after === before || dryRun || !options.commit) {
      return later ? { ...result, applied: await writeIssues(plan) } : result;
    }

    try {
      const commit = await commitFile(client, {
        repo,
        branch,
        path: trackerPath,
        text: after,
        expectedHeadOid: head.headOid,
        ...options.message(planned, applied),
      });
      if (later) applied = await writeIssues(plan);
      return { ...result, applied, commit };
    } catch (error) {
      if (!(error instanceof StaleHeadError) || attempt >= MAX_ATTEMPTS) throw error;
      options.log(
        `${branch} moved while syncing ${trackerPath} (attempt ${attempt}); reading the new head and planning again`,
      );
    }
  }
}
