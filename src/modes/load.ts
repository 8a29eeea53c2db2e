import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { Config, defaultConfig } from '../reconcile/config.js';
import { IssueSnapshotFile, type IssueSnapshot } from '../reconcile/issues.js';
import { ConfigError } from './errors.js';

/** A set-up file that could not be used; the message names the file and what was expected. */
export class InputFileError extends ConfigError {
  override name = 'InputFileError';
}

const describe = (file: string, error: z.ZodError): string =>
  error.issues
    .map(
      (issue) =>
        `${file}: ${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`,
    )
    .join('\n');

/**
 * Reads the tracker from the working tree (`file` relative to `cwd`, the current directory by
 * default); a missing or unreadable file names itself as given.
 */
export async function readTrackerFile(file: string, cwd = '.'): Promise<string> {
  try {
    return await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new InputFileError(`${file}: cannot read the tracker (${why}); expected a markdown file`);
  }
}

/**
 * Reads `.github/known-issues.yml` (or another path, relative to `cwd`); a missing optional file
 * gives the defaults.
 */
export async function loadConfig(file: string, required: boolean, cwd = '.'): Promise<Config> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return defaultConfig();
    throw new InputFileError(`${file}: cannot read the config file (${(error as Error).message})`);
  }
  let data: unknown;
  try {
    data = parseYaml(text) ?? {};
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new InputFileError(
      `${file}${line ? `:${line}` : ''}: invalid YAML, expected a mapping (${(error as Error).message.split('\n')[0]})`,
    );
  }
  const parsed = Config.safeParse(data);
  if (!parsed.success) throw new InputFileError(describe(file, parsed.error));
  return parsed.data;
}

/** Reads an issues snapshot (`plan --issues`): a JSON array of issues as GitHub lists them. */
export async function loadIssueSnapshot(file: string): Promise<IssueSnapshot[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InputFileError(
      `${file}: cannot read the issues snapshot, expected a JSON array (${(error as Error).message})`,
    );
  }
  const parsed = IssueSnapshotFile.safeParse(data);
  if (!parsed.success) throw new InputFileError(describe(file, parsed.error));
  return parsed.data;
}
