import { BuildOutcome, MAX_FIRST_ERRORS } from './schema.js';
import { clip, stripAnsi } from './text.js';

/**
 * Reads a build step's outcome. A value other than the four `steps.<id>.outcome` spellings is a
 * configuration mistake, so it throws rather than being treated as evidence.
 */
export function parseBuildOutcome(value: string): BuildOutcome {
  const parsed = BuildOutcome.safeParse(value.trim());
  if (parsed.success) return parsed.data;
  throw new Error(
    `Invalid build outcome ${JSON.stringify(value)}: expected one of ${BuildOutcome.options.join(', ')} ` +
      '(pass ${{ steps.<id>.outcome }} of the build step).',
  );
}

/** Lines that say what broke: compiler, bundler, npm and test-runner error lines. */
const ERROR_PATTERNS = [
  /(?<![\w./-])error(?![\w./-])/i, // error TS2307, npm error, ERROR in, [ERROR], ##[error]
  /\w*Error(:|\s\[)/, // Error:, TypeError:, Error [ERR_MODULE_NOT_FOUND]
  /\bERR!/, // npm ERR!
  /Module not found|Cannot find module/,
  /\bFAILED\b/, // BUILD FAILED, pytest's FAILED lines
];
/** The `2026-01-28T09:14:02.1234567Z ` prefix of logs downloaded from GitHub Actions. */
const TIMESTAMP = /^\d{4}-\d\d-\d\dT[\d:.]+Z\s/;

/**
 * The first few distinct error lines of a build log (colours and Actions timestamps removed,
 * trimmed, clipped), so a report can quote why the build failed.
 */
export function quoteBuildLog(text: string): string[] {
  const quoted: string[] = [];
  for (const raw of stripAnsi(text).split(/\r\n|\r|\n/)) {
    const line = clip(raw.replace(TIMESTAMP, '').trim());
    if (line === '' || quoted.includes(line)) continue;
    if (!ERROR_PATTERNS.some((pattern) => pattern.test(line))) continue;
    quoted.push(line);
    if (quoted.length === MAX_FIRST_ERRORS) break;
  }
  return quoted;
}
