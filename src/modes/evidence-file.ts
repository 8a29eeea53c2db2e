import { unzipSync } from 'fflate';
import { z } from 'zod';
import { allTests, countTests, Evidence } from '../evidence/schema.js';

/**
 * The evidence a `collect` run hands to a `workflow_run` run, through an artifact: versioned,
 * tied to the commit it was collected on, and read back as untrusted data.
 */

/** The evidence part of the file: what the run's build and tests said. */
export const RunEvidence = Evidence;
export type RunEvidence = Evidence;

/** One line saying what the evidence holds, for the collect run's summary. */
export function describeEvidence(evidence: RunEvidence): string {
  const build = evidence.build ? `build ${evidence.build.outcome}` : 'no build outcome';
  const counts = evidence.tests && countTests(allTests(evidence.tests));
  const tests = counts
    ? `${counts.tests} tests, ${counts.failed} failed, in ${evidence.tests!.files.map((f) => f.path).join(', ')}`
    : 'no test results';
  const problems = evidence.problems.length ? `; ${evidence.problems.length} problems` : '';
  return `${build}; ${tests}${problems}`;
}

export const EVIDENCE_FILE_SCHEMA = 'known-issues-evidence';
export const EVIDENCE_FILE_VERSION = 1;
/** The default name of the file `collect` writes, and of the artifact that carries it. */
export const EVIDENCE_FILE_NAME = 'known-issues-evidence.json';
/** The largest evidence file read back (uncompressed), and the largest artifact zip downloaded. */
export const MAX_EVIDENCE_BYTES = 8 * 1024 * 1024;
export const MAX_ARTIFACT_BYTES = 8 * 1024 * 1024;
/** More entries than this and the zip is not the artifact `collect` uploads. */
const MAX_ENTRIES = 16;

export const EvidenceFile = z.strictObject({
  schema: z.literal(EVIDENCE_FILE_SCHEMA),
  version: z.literal(EVIDENCE_FILE_VERSION),
  /** The commit the evidence was collected on. */
  headSha: z.string().regex(/^[0-9a-f]{40}$/, 'expected a 40-character commit SHA'),
  /** The pull request the run was for, null for a push. */
  pullRequest: z.number().int().positive().nullable(),
  evidence: RunEvidence,
});
export type EvidenceFile = z.infer<typeof EvidenceFile>;

/** The text `collect` writes. */
export function writeEvidenceFile(file: Omit<EvidenceFile, 'schema' | 'version'>): string {
  const whole: EvidenceFile = {
    schema: EVIDENCE_FILE_SCHEMA,
    version: EVIDENCE_FILE_VERSION,
    ...file,
  };
  return `${JSON.stringify(whole, null, 2)}\n`;
}

/** An artifact that was refused; nothing is done with it. */
export class ArtifactError extends Error {
  override name = 'ArtifactError';
}

/**
 * Reads the evidence file out of an artifact zip, as untrusted data: the zip's entries are
 * counted and their declared sizes checked before anything is inflated (an entry is inflated into
 * a buffer of its declared size, so a lying header cannot make it bigger), the JSON is checked
 * against the schema, and the commit must be the one the run was for.
 */
export function readEvidenceArtifact(
  zip: Uint8Array,
  expected: { headSha: string; fileName: string; artifact: string },
): EvidenceFile {
  const where = `artifact "${expected.artifact}"`;
  let entries = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (entry) => {
        if (++entries > MAX_ENTRIES)
          throw new ArtifactError(`${where} holds more than ${MAX_ENTRIES} files`);
        if (entry.name !== expected.fileName) return false;
        if (entry.originalSize > MAX_EVIDENCE_BYTES)
          throw new ArtifactError(
            `${where}: ${entry.name} is ${entry.originalSize} bytes, over the limit of ${MAX_EVIDENCE_BYTES}`,
          );
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ArtifactError) throw error;
    throw new ArtifactError(`${where} is not a readable zip (${(error as Error).message})`);
  }
  const bytes = files[expected.fileName];
  if (!bytes)
    throw new ArtifactError(
      `${where} has no ${expected.fileName}; expected the file the collect mode writes`,
    );
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new ArtifactError(
      `${where}: ${expected.fileName} is not JSON (${(error as Error).message})`,
    );
  }
  const parsed = EvidenceFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length ? issue.path.join('.') : '(root)';
    throw new ArtifactError(
      `${where}: ${expected.fileName} does not match the evidence file schema at ${path}: ${issue.message}`,
    );
  }
  if (parsed.data.headSha !== expected.headSha)
    throw new ArtifactError(
      `${where} was collected on ${parsed.data.headSha}, not on the run's commit ${expected.headSha}`,
    );
  return parsed.data;
}
