// Runs the whole test suite and ends with one plain line: "N passed, N failed, N skipped".
// The end-to-end tests run the bundle under a real Node 24 (tools/node24), installed here from
// its lock file when missing. `--deep` (npm run test:deep) sets TEST_DEEP=1: large budgets,
// a fresh seed, and the end-to-end tests under this machine's Node as well.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const deep = process.argv.includes('--deep');
const args = process.argv.slice(2).filter((arg) => arg !== '--deep');
const env = deep ? { ...process.env, TEST_DEEP: '1' } : process.env;
const run = (cmd, argv) => spawnSync(cmd, argv, { stdio: 'inherit', env }).status ?? 1;

if (!existsSync('tools/node24/node_modules/.bin/node')) {
  if (run('npm', ['ci', '--prefix', 'tools/node24', '--no-audit', '--no-fund']) !== 0) {
    console.error('could not install Node 24 into tools/node24: the end-to-end tests will fail');
  }
}
if (!existsSync('dist/index.js') || process.env.KI_REBUILD === '1') run('npm', ['run', 'build']);

mkdirSync('.tmp', { recursive: true });
const report = '.tmp/vitest-report.json';
const status = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...args,
]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  skipped = r.numPendingTests + r.numTodoTests;
  if (status !== 0 && failed === 0) failed = 1;
} else {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
