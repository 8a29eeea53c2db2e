import { createHash } from 'node:crypto';
import { downloadArtifact, findArtifact } from '../github/artifacts.js';
import { getPullRequest } from '../github/pull-requests.js';
import type { FailOn } from '../reconcile/gate.js';
import { check, type CheckResult, type CommentPolicy } from './check.js';
import {
  ArtifactError,
  MAX_ARTIFACT_BYTES,
  readEvidenceArtifact,
  type RunEvidence,
} from './evidence-file.js';
import type { WorkflowRunEvent } from './mode.js';
import { sync, type SyncOptions, type SyncResult } from './sync.js';

/** A `workflow_run` run: the completed run, and where its evidence is. */
export interface WorkflowRunOptions extends Omit<SyncOptions, 'evidence'> {
  run: WorkflowRunEvent;
  /** The repository's default branch: a run there syncs with its evidence. */
  defaultBranch: string;
  /** The artifact `collect`'s workflow uploaded, and the file in it. */
  artifact: string;
  file: string;
  comment: CommentPolicy;
  failOn: FailOn[];
}

export type WorkflowRunOutcome =
  | { kind: 'ignored'; why: string }
  | { kind: 'check'; pullRequest: number; result: CheckResult }
  | { kind: 'sync'; result: SyncResult; evidence: RunEvidence };

const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];
const SYNC_EVENTS = ['push', 'schedule', 'workflow_dispatch'];

/**
 * The `workflow_run` mode: runs in the base repository with its own token after the pull
 * request's workflow, and never checks out or runs the pull request's code. It downloads the
 * run's evidence artifact and reads it as untrusted data (size, schema, the run's commit); the
 * pull request it names must be one whose head is that commit, as the API says. Then it posts the
 * same comment as a pull request's own check would, or, for a run on the default branch, syncs.
 * A refused artifact throws an ArtifactError before anything is written.
 */
export async function workflowRun(options: WorkflowRunOptions): Promise<WorkflowRunOutcome> {
  const { run, client, repo, artifact: name } = options;
  const forPullRequest = PULL_REQUEST_EVENTS.includes(run.event);
  const onDefault = SYNC_EVENTS.includes(run.event) && run.headBranch === options.defaultBranch;
  if (!forPullRequest && !onDefault)
    return {
      kind: 'ignored',
      why: `run ${run.id} was a ${run.event} run on ${run.headBranch ?? 'no branch'}; only pull requests and the default branch are read`,
    };
  const artifact = await findArtifact(client, repo, run.id, name);
  if (!artifact)
    return { kind: 'ignored', why: `run ${run.id} uploaded no artifact named "${name}"` };
  if (artifact.expired)
    return { kind: 'ignored', why: `the artifact "${name}" of run ${run.id} has expired` };
  if (artifact.headSha !== null && artifact.headSha !== run.headSha)
    throw new ArtifactError(
      `artifact "${name}" belongs to commit ${artifact.headSha}, not to the run's ${run.headSha}`,
    );
  if (artifact.sizeInBytes > MAX_ARTIFACT_BYTES)
    throw new ArtifactError(
      `artifact "${name}" is ${artifact.sizeInBytes} bytes, over the limit of ${MAX_ARTIFACT_BYTES}`,
    );
  const zip = await downloadArtifact(client, repo, artifact, MAX_ARTIFACT_BYTES);
  if (artifact.digest?.startsWith('sha256:')) {
    const digest = `sha256:${createHash('sha256').update(zip).digest('hex')}`;
    if (digest !== artifact.digest)
      throw new ArtifactError(`artifact "${name}" does not match its digest ${artifact.digest}`);
  }
  const collected = readEvidenceArtifact(zip, {
    headSha: run.headSha,
    fileName: options.file,
    artifact: name,
  });
  const { evidence } = collected;

  if (!forPullRequest) {
    const result = await sync({ ...options, branch: options.defaultBranch, evidence });
    return { kind: 'sync', result, evidence };
  }
  const number = collected.pullRequest;
  if (number === null)
    throw new ArtifactError(
      `artifact "${name}" names no pull request, but run ${run.id} was for one`,
    );
  if (run.pullRequests.length && !run.pullRequests.includes(number))
    throw new ArtifactError(
      `artifact "${name}" names pull request #${number}, but run ${run.id} was for #${run.pullRequests.join(', #')}`,
    );
  const pullRequest = await getPullRequest(client, repo, number);
  // A push since the run (or an artifact naming another pull request): a later run speaks for
  // the head, and this evidence is not about it.
  if (pullRequest.headSha !== run.headSha)
    return {
      kind: 'ignored',
      why: `pull request #${number} is at ${pullRequest.headSha.slice(0, 7)}, not at the run's commit ${run.headSha.slice(0, 7)}; nothing posted`,
    };
  const result = await check({
    ...options,
    branch: pullRequest.baseRef,
    evidence,
    pullRequest,
    comment: options.comment,
    failOn: options.failOn,
  });
  return { kind: 'check', pullRequest: number, result };
}
