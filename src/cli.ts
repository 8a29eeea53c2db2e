import { parseArgs } from 'node:util';
import { renderCheck } from './report/check.js';
import { InputFileError, readTrackerFile } from './modes/load.js';
import { lintTracker, ScopeNotFoundError } from './tracker/index.js';

const USAGE = `Usage:
  known-issues check <tracker.md> [--section <heading>] [--json]
  known-issues plan <tracker.md> [--section <heading>] [--build <outcome>] [--tests <glob>]...
                    [--tests-format <junit|jest|vitest|mocha|rspec|tap|go|trx|ctrf>]
                    [--build-log <file>] [--issues <snapshot.json>] [--config <file>]
                    [--now <YYYY-MM-DD>] [--json] [--write]

check  prints the items per section and the diagnostics; exit 0 clean, 1 on errors.
plan   prints the issue operations and the tracker diff the evidence calls for;
       --write applies the tracker edits to the file. No token, no network.
Exit codes: 0 ok, 1 errors found, 2 bad usage or unreadable input.`;

class UsageError extends Error {}

async function check(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, section: { type: 'string' } },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('check takes exactly one tracker file');
  const text = await readTrackerFile(file);
  const { tracker, diagnostics } = lintTracker(text, { section: values.section });
  if (values.json)
    process.stdout.write(JSON.stringify({ file, tracker, diagnostics }, null, 2) + '\n');
  else process.stdout.write(renderCheck(file, tracker, diagnostics));
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

const commands: Record<string, (args: string[]) => Promise<number>> = {
  check,
  plan: async (args) => (await import('./plan-command.js')).planCommand(args),
};

/** The CLI: runs one command on `argv` (without node and the script) and returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const command = name ? commands[name] : undefined;
  try {
    if (!command) throw new UsageError(name ? `unknown command "${name}"` : 'no command given');
    return await command(rest);
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`known-issues: ${message}\n`);
    if (usage) process.stderr.write(`\n${USAGE}\n`);
    const setup = error instanceof ScopeNotFoundError || error instanceof InputFileError;
    return usage || setup ? 2 : 1;
  }
}
