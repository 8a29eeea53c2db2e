import { attempt, GitHubError } from '../github/errors.js';
import { actionIdentity } from '../github/identity.js';
import {
  keepStickyComment,
  readFileAt,
  type PullRequestRef,
  type StickyOutcome,
} from '../github/pull-requests.js';
import { classifyFailures } from '../reconcile/failures.js';
import { judgeGate, type FailOn } from '../reconcile/gate.js';
import { compareTrackers } from '../reconcile/tracker-changes.js';
import { renderEvidence } from '../report/evidence.js';
import { trackerDiff } from '../report/plan.js';
import {
  renderPullRequestComment,
  renderPullRequestSummary,
  pullRequestMarker,
  type PullRequestReport,
} from '../report/pull-request.js';
import { allItems, parseTracker } from '../tracker/index.js';
import { ConfigError } from './errors.js';
import { sync, type SyncOptions, type SyncResult } from './sync.js';

/** How the check treats the sticky comment. */
export type CommentPolicy =
  | { post: true }
  /** Not posted, and why (a fork's read-only token, the `pr-comment` input). */
  | { post: false; why: string };

/** A pull-request check: the pull request, the run's evidence, and whether to comment. */
export interface CheckOptions extends Omit<SyncOptions, 'readOnly' | 'trackerText'> {
  pullRequest: PullRequestRef;
  comment: CommentPolicy;
  /** What fails the check (the `fail-on` input). */
  failOn: FailOn[];
}

/** What became of the comment. */
export type CommentResult =
  | { kind: 'posted'; outcome: StickyOutcome }
  | { kind: 'skipped'; why: string }
  /** GitHub refused or failed; the check's verdict stands, the step says how to get the comment. */
  | { kind: 'failed'; error: GitHubError };

/** What a check found and said. */
export interface CheckResult {
  sync: SyncResult;
  report: PullRequestReport;
  comment: CommentResult;
  /** The job summary: the comment's report and the tracker diff the sync would commit. */
  summary: string;
}

const IDENTITY = { what: "read the token's identity", permission: 'metadata: read' };

/**
 * The pull-request check: the tracker at the base and at the head, read through the API (so a
 * `workflow_run` run, which checks nothing out, says the same as the pull request's own run);
 * what the pull request changes in it; the sync's own plan on the head, read-only, for what the
 * merge would do; one sticky comment saying so.
 */
export async function check(options: CheckOptions): Promise<CheckResult> {
  const { pullRequest, comment, failOn, ...rest } = options;
  const { client, repo, trackerPath } = options;
  const [base, head] = await Promise.all([
    readFileAt(client, repo, pullRequest.baseSha, trackerPath),
    readFileAt(client, repo, pullRequest.headSha, trackerPath),
  ]);
  if (head === null) {
    throw new ConfigError(
      `${trackerPath}: not found at the pull request's head ${pullRequest.headSha.slice(0, 7)}; expected the tracker file (input "tracker")`,
    );
  }
  const identity = options.identity ?? (await attempt(IDENTITY, () => actionIdentity(client)));
  const changes = compareTrackers(base, head, { section: options.section });
  const result = await sync({ ...rest, identity, readOnly: true, trackerText: head });
  const section = options.section || undefined;
  const { tracker } = parseTracker(head, { section });
  const coverage =
    result.plan.failures ?? classifyFailures(tracker, options.evidence, options.config);
  const report: PullRequestReport = {
    trackerPath,
    headSha: pullRequest.headSha,
    verdict: judgeGate({ failOn, coverage, changes, links: result.plan.links }),
    coverage,
    items: Object.fromEntries(
      allItems(tracker).map((i) => [i.id, { title: i.title, explicitId: i.explicitId }]),
    ),
    changes,
    merge: result.plan,
  };
  const body = renderPullRequestComment(report);
  const summary = renderPullRequestSummary(
    report,
    renderEvidence(options.evidence),
    trackerDiff(trackerPath, result.before, result.after),
  );
  if (!comment.post)
    return { sync: result, report, summary, comment: { kind: 'skipped', why: comment.why } };
  if (options.dryRun)
    return { sync: result, report, summary, comment: { kind: 'skipped', why: 'dry-run is on' } };
  try {
    const outcome = await keepStickyComment(client, repo, pullRequest.number, body, {
      marker: pullRequestMarker(trackerPath),
      identity,
    });
    return { sync: result, report, summary, comment: { kind: 'posted', outcome } };
  } catch (error) {
    if (!(error instanceof GitHubError)) throw error;
    return { sync: result, report, summary, comment: { kind: 'failed', error } };
  }
}
