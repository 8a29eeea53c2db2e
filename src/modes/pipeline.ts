import type { GitHubClient, RepoRef } from '../github/client.js';
import { commitFile, readFileAtHead, StaleHeadError } from '../github/commit.js';
import { attempt, GitHubError, type Action } from '../github/errors.js';
import { actionIdentity } from '../github/identity.js';
import { applyIssueOperation, byOwner, ensureLabels, listManagedIssues } from '../github/issues.js';
import type { Config } from '../reconcile/config.js';
import type { TrackerLocation } from '../reconcile/issue-body.js';
import { isTracked, type IssueSnapshot } from '../reconcile/issues.js';
import { trackerAfter, type Plan } from '../reconcile/plan.js';
import { describeOperation } from '../report/plan.js';
import { allItems, lintTracker, parseTracker, type Diagnostic } from '../tracker/index.js';
import { applyPlan, type AppliedOperation, type ApplyResult } from './apply.js';
import { ConfigError } from './errors.js';

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
   * Logins whose marked issues are managed besides the token's own (a migration from another
   * token or app). Anyone else's issue is left alone, however it is marked and labelled.
   */
  trustedAuthors?: string[];
  /** The login the token acts as, when the mode read it already; else the pipeline reads it. */
  identity?: string;
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
  /** When the tracker last changed on the branch, if known: a person's later reopen is newer. */
  trackerChangedAt?: string;
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
 * Every mode's pipeline: read the tracker at the branch head and the managed issues, plan,
 * apply the issue operations under the budget, commit the tracker with a compare-and-swap on
 * the head. When someone pushed in between, it reads the new head and plans again (their
 * change is kept, ours lands on top); issue operations already done are then in the snapshot,
 * so the new plan does not repeat them.
 *
 * Only the action's own issues are planned with (see `owned`). When a write fails (a rate
 * limit, a timeout, a missing permission) the run stops writing, still commits the tracker
 * edits for what it did, and says why in `stopped`; errors before anything was done throw.
 */
export async function runPipeline<T extends Planned>(
  options: PipelineOptions<T>,
): Promise<PipelineResult<T>> {
  const { client, repo, branch, trackerPath, config } = options;
  const blobUrl = `${options.serverUrl}/${repo.owner}/${repo.repo}/blob/${branch}/${trackerPath}`;
  const issuesUrl = `${options.serverUrl}/${repo.owner}/${repo.repo}/issues`;
  const dryRun = options.dryRun || options.readOnly === true;
  const parseOptions = { section: options.section || undefined };
  const identity = options.identity ?? (await attempt(IDENTITY, () => actionIdentity(client)));
  const owners = [identity, ...(options.trustedAuthors ?? [])];
  let labelsReady = false;
  const done: AppliedOperation[] = [];

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
        return applyIssueOperation(client, repo, op, { label: config.labels[0], identity });
      },
    });
  };

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
    const { diagnostics } = lintTracker(before, parseOptions);
    const listed = await listManagedIssues(client, repo, config.labels[0]!);
    const { issues, strangers } = owned(listed, owners, before, parseOptions.section);
    for (const issue of strangers) {
      options.log(
        `#${issue.number} carries the marker of "${issue.itemId}" but was opened by ${issue.author ?? 'an unknown user'}, not ${owners.join(' or ')}: left alone`,
      );
    }
    const planned = await options.plan({
      text: before,
      issues,
      tracker: {
        path: trackerPath,
        blobUrl,
        ...(head.headOid && {
          permalink: `${options.serverUrl}/${repo.owner}/${repo.repo}/blob/${head.headOid}/${trackerPath}`,
        }),
      },
      issuesUrl,
      ...('changedAt' in head && head.changedAt ? { trackerChangedAt: head.changedAt } : {}),
    });
    const { plan } = planned;
    const later = options.issuesAfterCommit === true;
    const write = async (): Promise<ApplyResult> => {
      const applied = await writeIssues(plan);
      done.push(...applied.applied.filter((a) => !a.dryRun));
      return applied;
    };
    let applied: ApplyResult = later
      ? { applied: [], deferred: [], edits: plan.edits.map((e) => e.edit) }
      : await write();
    const after =
      later && planned.after !== undefined
        ? planned.after
        : trackerAfter(before, plan, applied.edits, parseOptions);
    const report = (
      applied: ApplyResult,
      commit: { oid: string; url: string } | null,
      failure?: unknown,
    ): PipelineResult<T> => {
      const error = applied.error ?? failure;
      return {
        planned,
        plan,
        // Operations of earlier attempts (before the branch moved) count too.
        applied: { ...applied, applied: dryRun ? applied.applied : [...done] },
        diagnostics,
        before,
        after,
        commit,
        section: parseOptions.section,
        strangers,
        ...(error !== undefined && { stopped: stopReason(error) }),
      };
    };
    if (after === before || dryRun || !options.commit) {
      return report(later ? await write() : applied, null);
    }

    let commit: { oid: string; url: string };
    try {
      commit = await commitFile(client, {
        repo,
        branch,
        path: trackerPath,
        text: after,
        expectedHeadOid: head.headOid,
        ...options.message(planned, applied),
      });
    } catch (error) {
      if (error instanceof StaleHeadError && round < MAX_ATTEMPTS) {
        options.log(
          `${branch} moved while syncing ${trackerPath} (attempt ${round}); reading the new head and planning again`,
        );
        continue;
      }
      // Issues were written: report them, and why the tracker could not follow.
      if (done.length) return report(applied, null, error);
      throw error;
    }
    if (later) applied = await write();
    return report(applied, commit);
  }
}

/**
 * The issues the action manages: those opened by one of `owners`, and those `/tracker track`
 * added that the tracker links (only the action's commands and people who can push write the
 * tracker). Others carrying an item's marker are `strangers`, left alone.
 */
function owned(
  listed: IssueSnapshot[],
  owners: string[],
  text: string,
  section: string | undefined,
): { issues: IssueSnapshot[]; strangers: IssueSnapshot[] } {
  const split = byOwner(listed, owners);
  const tracked = split.strangers.filter(isTracked);
  if (!tracked.length) return { issues: split.owned, strangers: split.strangers };
  const linked = new Set(
    allItems(parseTracker(text, { section }).tracker).flatMap((i) =>
      i.issue ? [i.issue.number] : [],
    ),
  );
  const adopted = tracked.filter((i) => linked.has(i.number));
  return {
    issues: listed.filter((i) => split.owned.includes(i) || adopted.includes(i)),
    strangers: split.strangers.filter((i) => !adopted.includes(i)),
  };
}

/** Why a run stopped, for the report: the error's message, and whether a later run simply goes on. */
function stopReason(error: unknown): { message: string; transient: boolean } {
  return error instanceof GitHubError
    ? { message: error.message, transient: error.transient }
    : { message: error instanceof Error ? error.message : String(error), transient: false };
}
