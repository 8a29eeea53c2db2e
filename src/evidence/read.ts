import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { parseBuildOutcome, quoteBuildLog } from './build.js';
import { mergeResults, parseTestResults } from './results.js';
import type { Build, Evidence, EvidenceProblem, TestResults } from './schema.js';

export interface ReadEvidenceOptions {
  /** `${{ steps.<id>.outcome }}` of the build step; empty or absent means no build evidence. */
  buildOutcome?: string;
  /** The build's log, read for its first error lines when the build failed. Needs `buildOutcome`. */
  buildLog?: string;
  /** Paths or glob patterns of JUnit XML / Jest / Vitest JSON files, relative to `cwd`. */
  testResults: string[];
  cwd: string;
}

const toPosix = (file: string): string => file.split(path.sep).join('/');

const describeError = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** A path inside `cwd` as the workflow would write it (`src/a.test.ts`), anything else unchanged. */
function relativeTo(cwd: string, file: string): string {
  if (!path.isAbsolute(file)) return file;
  const relative = path.relative(cwd, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative)
    ? file
    : toPosix(relative);
}

async function readBuild(
  options: ReadEvidenceOptions,
  cwd: string,
  problems: EvidenceProblem[],
): Promise<Build | null> {
  const outcome = options.buildOutcome?.trim() ? parseBuildOutcome(options.buildOutcome) : null;
  const logFile = options.buildLog?.trim() || undefined;
  if (outcome === null) {
    if (logFile !== undefined) {
      throw new Error(
        `A build log (${logFile}) was given without a build outcome; pass \${{ steps.<id>.outcome }} too.`,
      );
    }
    return null;
  }
  const build: Build = { outcome, firstErrors: [], ...(logFile === undefined ? {} : { logFile }) };
  if (logFile !== undefined && outcome === 'failure') {
    try {
      build.firstErrors = quoteBuildLog(await readFile(path.resolve(cwd, logFile), 'utf8'));
    } catch (error) {
      problems.push({ file: logFile, message: `cannot read build log: ${describeError(error)}` });
    }
  }
  return build;
}

async function readTests(
  patterns: string[],
  cwd: string,
  problems: EvidenceProblem[],
): Promise<TestResults | null> {
  const files = new Set<string>();
  for (const pattern of patterns) {
    const matches = await glob(pattern, {
      cwd,
      absolute: true,
      onlyFiles: true,
      expandDirectories: false,
    });
    if (matches.length === 0)
      problems.push({ file: pattern, message: `no file matches ${pattern}` });
    for (const match of matches) files.add(toPosix(path.relative(cwd, match)));
  }
  const parts: TestResults[] = [];
  for (const file of [...files].sort()) {
    let text: string;
    try {
      text = await readFile(path.resolve(cwd, file), 'utf8');
    } catch (error) {
      problems.push({ file, message: `cannot read file: ${describeError(error)}` });
      continue;
    }
    const parsed = parseTestResults(text, file);
    if (!parsed.ok) {
      problems.push(parsed.problem);
      continue;
    }
    for (const failure of parsed.results.failures) {
      if (failure.file !== undefined) failure.file = relativeTo(cwd, failure.file);
    }
    parts.push(parsed.results);
  }
  return parts.length > 0 ? mergeResults(parts) : null;
}

/**
 * Gathers the workflow's evidence: the build outcome (and first errors of its log) and the
 * merged test results. Broken, empty or missing results files become `problems`, never
 * "0 failures"; only bad configuration (an unknown outcome, a log without outcome) throws.
 */
export async function readEvidence(options: ReadEvidenceOptions): Promise<Evidence> {
  const cwd = path.resolve(options.cwd);
  const problems: EvidenceProblem[] = [];
  const patterns = options.testResults.map((p) => p.trim()).filter((p) => p !== '');
  const build = await readBuild(options, cwd, problems);
  const tests = patterns.length > 0 ? await readTests(patterns, cwd, problems) : null;
  return { build, tests, problems };
}
