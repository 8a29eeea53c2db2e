import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { deep } from './fast-check-setup.js';
import type { Emulator } from './github-emulator.js';
import { TOKEN } from './github-client.js';

const root = new URL('../..', import.meta.url).pathname;
const require = createRequire(import.meta.url);

/** GitHub's `node24` runtime: a real Node 24, installed into tools/node24 by `npm test`. */
export const node24 = join(root, 'tools/node24/node_modules/.bin/node');

/**
 * The Node binaries end-to-end tests run the bundle under: GitHub's `node24` in every run, and
 * in the deep run (TEST_DEEP=1) this machine's Node too when it is another version (Node 20).
 * A missing Node 24 fails the tests that need it; it is never skipped.
 */
export const runtimes: { name: string; node: string }[] = [
  { name: 'node 24', node: node24 },
  ...(deep && !process.version.startsWith('v24.')
    ? [{ name: `node ${process.version}`, node: process.execPath }]
    : []),
];

type WebhookExample = { name: string; examples: Record<string, unknown>[] };

/** A real payload from @octokit/webhooks-examples, chosen by event name and a predicate. */
export function webhookPayload(
  event: string,
  pick: (payload: Record<string, unknown>) => boolean = () => true,
): Record<string, unknown> {
  const all = require('@octokit/webhooks-examples/api.github.com/index.json') as WebhookExample[];
  const found = all.find((e) => e.name === event)?.examples.find(pick);
  if (!found) throw new Error(`no ${event} example matches`);
  return structuredClone(found);
}

/** action.yml's inputs and their defaults, read once per run of the suite. */
let defaults: Record<string, string> | undefined;

/** The runner fills every input from action.yml's defaults before the step runs. */
export function defaultInputs(): Record<string, string> {
  if (!defaults) {
    const action = parseYaml(readFileSync(join(root, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>;
    };
    defaults = Object.fromEntries(
      Object.entries(action.inputs).map(([name, spec]) => [
        name,
        name === 'token' ? TOKEN : (spec.default ?? ''),
      ]),
    );
  }
  return { ...defaults };
}

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses a GITHUB_OUTPUT file as @actions/core writes it (`name<<delimiter … delimiter`). */
function readOutputs(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const outputs: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const end = lines.indexOf(m[2]!, i + 1);
    outputs[m[1]!] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

/** A checkout: a temporary workspace holding evidence files, as actions/checkout leaves it. */
export function workspace(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ki-workspace-'));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    if (existsSync(source)) copyFileSync(source, join(dir, path));
    else writeFileSync(join(dir, path), source);
  }
  return dir;
}

/**
 * Runs the bundled action (`dist/index.js`) as the Actions runner does: a child process with
 * `INPUT_*` variables, the event payload in a file, and files for outputs and the summary.
 */
export async function runAction(options: {
  emulator: Emulator;
  node: string;
  repository: string;
  event: string;
  payload: Record<string, unknown>;
  inputs?: Record<string, string>;
  workspace: string;
  ref?: string;
  /** Serve the API under GitHub Enterprise Server's paths (`/api/v3`, `/api/graphql`). */
  enterprise?: boolean;
}): Promise<ActionRun> {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'ki-runner-'));
  const eventPath = join(runnerTemp, 'event.json');
  const outputPath = join(runnerTemp, 'output');
  const summaryPath = join(runnerTemp, 'summary.md');
  writeFileSync(eventPath, JSON.stringify(options.payload));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const inputs = { ...defaultInputs(), ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: runnerTemp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: options.enterprise ? options.emulator.enterprise.apiUrl : options.emulator.url,
    GITHUB_GRAPHQL_URL: options.enterprise
      ? options.emulator.enterprise.graphqlUrl
      : options.emulator.graphqlUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: options.repository,
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_REF: options.ref ?? 'refs/heads/main',
    GITHUB_ACTOR: 'octocat',
    RUNNER_TEMP: runnerTemp,
    KNOWN_ISSUES_TEST_UNPACED: '1',
  };
  // The runner names inputs INPUT_<NAME> in upper case, spaces as underscores, hyphens kept.
  for (const [name, value] of Object.entries(inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;

  if (!existsSync(options.node)) {
    throw new Error(
      `${options.node} is missing: \`npm test\` installs it (npm ci --prefix tools/node24)`,
    );
  }
  const child = spawn(options.node, [join(root, 'dist/index.js')], { cwd: options.workspace, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    status,
    stdout,
    stderr,
    outputs: readOutputs(outputPath),
    summary: readFileSync(summaryPath, 'utf8'),
  };
}
