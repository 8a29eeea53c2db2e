import { gap, resultsFile, testCase } from './results.js';
import type { Gap, ResultsFile, TestCase } from './schema.js';

/** One event of `go test -json` (test2json's TestEvent, plus `FailedBuild` and build events of Go 1.24). */
interface Event {
  Action?: string;
  Package?: string;
  ImportPath?: string;
  Test?: string;
  Elapsed?: number;
  Output?: string;
  FailedBuild?: string;
}

interface Run {
  pkg: string;
  name: string;
  action?: string;
  elapsed?: number;
  output: string[];
}

/** The line of output that says why a test failed: `cart_test.go:12: got 90, want 100`. */
const reasonOf = (output: string[]): string | undefined =>
  output
    .map((l) => l.trim())
    .find(
      (l) =>
        l !== '' && !/^(=== (RUN|PAUSE|CONT|NAME)|--- (FAIL|PASS|SKIP)|FAIL|PASS|ok\s)/.test(l),
    );

/**
 * Reads a `go test -json` event stream. Subtests are tests named `Parent/sub`; a parent that
 * only sums up its subtests is not counted again. A package that failed with no failing test
 * (it did not build, `TestMain` or init panicked) and a test that started but never ended leave
 * that package unknown; a line that is not a JSON event leaves the whole stream unknown.
 */
export function parseGoTestJson(text: string, path: string): ResultsFile {
  const runs = new Map<string, Run>();
  const packages = new Map<string, { action?: string; output: string[]; failedBuild?: string }>();
  const gaps: Gap[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let event: Event;
    try {
      event = JSON.parse(line) as Event;
      if (typeof event !== 'object' || event === null) throw new Error('not an object');
    } catch {
      gaps.push(
        gap(
          'invalid JSON line in the go test -json stream, the stream is incomplete',
          undefined,
          index + 1,
        ),
      );
      return;
    }
    if (event.Action === 'build-fail' && event.ImportPath) {
      gaps.push(
        gap('package did not build', event.ImportPath.replace(/\s*\[.*\]$/, ''), index + 1),
      );
      return;
    }
    const pkg = event.Package ?? '';
    if (!pkg) return;
    if (event.Test === undefined) {
      const p = packages.get(pkg) ?? { output: [] };
      if (event.Output) p.output.push(event.Output);
      if (event.FailedBuild) p.failedBuild = event.FailedBuild;
      if (['pass', 'fail', 'skip'].includes(event.Action ?? '')) p.action = event.Action;
      packages.set(pkg, p);
      return;
    }
    const id = `${pkg}\u0000${event.Test}`;
    const run = runs.get(id) ?? { pkg, name: event.Test, output: [] };
    if (event.Action === 'output' && event.Output) run.output.push(event.Output);
    if (['pass', 'fail', 'skip'].includes(event.Action ?? '')) {
      run.action = event.Action;
      run.elapsed = event.Elapsed;
    }
    runs.set(id, run);
    if (!packages.has(pkg)) packages.set(pkg, { output: [] });
  });

  const all = [...runs.values()];
  const hasSub = (r: Run) => all.some((o) => o.pkg === r.pkg && o.name.startsWith(`${r.name}/`));
  const subFailed = (r: Run) =>
    all.some((o) => o.pkg === r.pkg && o.name.startsWith(`${r.name}/`) && o.action === 'fail');
  const tests: TestCase[] = [];
  for (const run of all) {
    if (run.action === undefined) {
      gaps.push(gap(`${run.name} started but never finished`, run.pkg));
      continue;
    }
    // A parent passes or fails with its subtests; it counts only when it failed by itself.
    if (hasSub(run) && !(run.action === 'fail' && !subFailed(run))) continue;
    tests.push(
      testCase({
        // `TestCoupons/expired`, as `go test -run` takes it.
        name: run.name,
        file: run.pkg,
        status: run.action === 'pass' ? 'passed' : run.action === 'fail' ? 'failed' : 'skipped',
        duration: run.elapsed === undefined ? undefined : run.elapsed * 1000,
        message: run.action === 'pass' ? undefined : reasonOf(run.output),
      }),
    );
  }
  for (const [pkg, p] of packages) {
    const failedTests = tests.some((t) => t.file === pkg && t.status === 'failed');
    if (gaps.some((g) => g.scope === pkg)) continue;
    if (p.failedBuild || p.output.some((l) => /\[build failed\]/.test(l))) {
      gaps.push(gap(`package did not build${p.failedBuild ? ` (${p.failedBuild})` : ''}`, pkg));
    } else if (p.action === 'fail' && !failedTests) {
      gaps.push(
        gap(`package failed with no failing test: ${reasonOf(p.output) ?? 'no output'}`, pkg),
      );
    } else if (p.action === undefined) {
      gaps.push(gap('the stream ends before the package finished', pkg));
    }
  }
  return resultsFile(path, 'go', { tests, gaps, tool: 'go' });
}
