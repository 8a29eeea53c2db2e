import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { parseBuildOutcome, quoteBuildLog } from './build.js';
import { readResults } from './formats.js';
import { fromFileUrl } from './text.js';
import { unreadable } from './results.js';
import type {
  Build,
  Evidence,
  EvidenceProblem,
  ResultsFile,
  ResultsFormat,
  TestResults,
} from './schema.js';

export interface ReadEvidenceOptions {
  /** `${{ steps.<id>.outcome }}` of the build step; empty or absent means no build evidence. */
  buildOutcome?: string;
  /** The build's log, read for its first error lines when the build failed. Needs `buildOutcome`. */
  buildLog?: string;
  /** Paths or glob patterns of results files, relative to `cwd`. */
  testResults: string[];
  /** Read every results file as this format instead of telling it by content. */
  format?: ResultsFormat;
  cwd: string;
}

const toPosix = (file: string): string => file.split(path.sep).join('/');

const describeError = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** A path inside `cwd` as the workflow would write it (`src/a.test.ts`), anything else unchanged. */
function relativeTo(cwd: string, name: string): string {
  const file = fromFileUrl(name);
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
  format: ResultsFormat | undefined,
): Promise<TestResults> {
  const files: ResultsFile[] = [];
  const paths = new Set<string>();
  for (const pattern of patterns) {
    const matches = await glob(pattern, {
      cwd,
      absolute: true,
      onlyFiles: true,
      expandDirectories: false,
    });
    if (matches.length === 0) files.push(unreadable(pattern, null, `no file matches ${pattern}`));
    for (const match of matches) paths.add(toPosix(path.relative(cwd, match)));
  }
  for (const file of [...paths].sort()) {
    let text: string;
    try {
      text = await readFile(path.resolve(cwd, file), 'utf8');
    } catch (error) {
      files.push(unreadable(file, null, `cannot read file: ${describeError(error)}`));
      continue;
    }
    const read = readResults(text, file, format);
    for (const test of read.tests)
      if (test.file !== undefined) test.file = relativeTo(cwd, test.file);
    for (const g of read.gaps) if (g.scope !== undefined) g.scope = relativeTo(cwd, g.scope);
    files.push(read);
  }
  return { files };
}

/** Every gap as a problem naming its file and line, for logs and annotations. */
const problemsOf = (results: TestResults): EvidenceProblem[] =>
  results.files.flatMap((file) =>
    file.gaps.map((g) => ({
      file: file.path,
      ...(g.line === undefined ? {} : { line: g.line }),
      message: g.scope ? `${g.reason} (${g.scope})` : g.reason,
    })),
  );

/**
 * Gathers the workflow's evidence: the build outcome (and first errors of its log) and the
 * test results, test by test. Broken, empty, missing or incomplete results files are gaps (and
 * problems), never "0 failures"; only bad configuration (an unknown outcome, a log without
 * outcome) throws.
 */
export async function readEvidence(options: ReadEvidenceOptions): Promise<Evidence> {
  const cwd = path.resolve(options.cwd);
  const problems: EvidenceProblem[] = [];
  const patterns = options.testResults.map((p) => p.trim()).filter((p) => p !== '');
  const build = await readBuild(options, cwd, problems);
  const tests = patterns.length > 0 ? await readTests(patterns, cwd, options.format) : null;
  return { build, tests, problems: [...(tests ? problemsOf(tests) : []), ...problems] };
}
