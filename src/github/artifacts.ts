import type { GitHubClient, RepoRef } from './client.js';
import { attempt, type Action } from './errors.js';

/** A workflow run's artifact, as `GET …/actions/runs/{id}/artifacts` lists it. */
export interface ArtifactRef {
  id: number;
  name: string;
  sizeInBytes: number;
  expired: boolean;
  /** The commit of the run that uploaded it, as GitHub recorded it. */
  headSha: string | null;
  /** `sha256:…` of the zip, when GitHub gives it. */
  digest: string | null;
}

const READ: Action = { what: 'read the workflow run’s artifacts', permission: 'actions: read' };

/** The newest artifact named `name` of workflow run `runId`, or null when the run has none. */
export function findArtifact(
  client: GitHubClient,
  repo: RepoRef,
  runId: number,
  name: string,
): Promise<ArtifactRef | null> {
  return attempt(READ, async () => {
    const artifacts = await client.octokit.paginate(
      client.octokit.rest.actions.listWorkflowRunArtifacts,
      { ...repo, run_id: runId, name, per_page: 100 },
    );
    const found = artifacts
      .filter((a) => a.name === name)
      .sort((a, b) => b.id - a.id)
      .at(0);
    if (!found) return null;
    const digest = (found as { digest?: string | null }).digest;
    return {
      id: found.id,
      name: found.name,
      sizeInBytes: found.size_in_bytes,
      expired: found.expired,
      headSha: found.workflow_run?.head_sha ?? null,
      digest: digest ?? null,
    };
  });
}

/**
 * The artifact's zip (`GET …/actions/artifacts/{id}/zip`, which redirects to a short-lived
 * download URL), refused when it is larger than `maxBytes`.
 */
export function downloadArtifact(
  client: GitHubClient,
  repo: RepoRef,
  artifact: ArtifactRef,
  maxBytes: number,
): Promise<Uint8Array> {
  return attempt(READ, async () => {
    const { data } = await client.octokit.rest.actions.downloadArtifact({
      ...repo,
      artifact_id: artifact.id,
      archive_format: 'zip',
    });
    const bytes = new Uint8Array(data as ArrayBuffer);
    if (bytes.length > maxBytes)
      throw new Error(
        `artifact "${artifact.name}" is ${bytes.length} bytes, over the limit of ${maxBytes}`,
      );
    return bytes;
  });
}
