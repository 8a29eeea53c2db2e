import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Config } from '../reconcile/config.js';
import { classifyFailures, type FailureCoverage } from '../reconcile/failures.js';
import { judgeGate, type FailOn, type GateVerdict } from '../reconcile/gate.js';
import { lintTracker, type Diagnostic } from '../tracker/index.js';
import { ConfigError } from './errors.js';
import { writeEvidenceFile, type RunEvidence } from './evidence-file.js';
import { readTrackerFile } from './load.js';

/** What `collect` is given: the checkout, the tracker, the run's evidence and where to write. */
export interface CollectOptions {
  workspace: string;
  trackerPath: string;
  section?: string;
  evidence: RunEvidence;
  headSha: string;
  pullRequest: number | null;
  /** The evidence file, relative to the workspace. */
  file: string;
  config: Config;
  failOn: FailOn[];
}

/** What `collect` did: the file it wrote, and the tracker's lint findings for annotations. */
export interface CollectResult {
  /** The file written, relative to the workspace (as `actions/upload-artifact` takes it). */
  file: string;
  diagnostics: Diagnostic[];
  coverage: FailureCoverage;
  /**
   * The gate on what this run can judge without the base: new failures. The tracker's changes
   * are judged by the `workflow_run` run, which reads the base through the API.
   */
  verdict: GateVerdict;
}

/**
 * The `collect` mode, for runs whose token cannot write (a fork's pull request): no request to
 * GitHub at all. It lints the tracker as checked out and writes the run's evidence, tied to its
 * commit and pull request, to a file that `actions/upload-artifact` hands to a `workflow_run`
 * workflow in the base repository. The known-failure gate needs only the tracker and the
 * evidence, so the pull request's own check still fails on new failures.
 */
export async function collect(options: CollectOptions): Promise<CollectResult> {
  const target = resolve(options.workspace, options.file);
  const inside = relative(resolve(options.workspace), target);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside))
    throw new ConfigError(
      `evidence-file: ${options.file} is outside the workspace; expected a path inside it`,
    );
  const text = await readTrackerFile(options.trackerPath, options.workspace);
  const { tracker, diagnostics } = lintTracker(text, { section: options.section || undefined });
  const coverage = classifyFailures(tracker, options.evidence, options.config);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(
    target,
    writeEvidenceFile({
      headSha: options.headSha,
      pullRequest: options.pullRequest,
      evidence: options.evidence,
    }),
  );
  return {
    file: inside.split('\\').join('/'),
    diagnostics,
    coverage,
    verdict: judgeGate({ failOn: options.failOn, coverage }),
  };
}
