import { describe, expect, it } from 'vitest';
import { parseBuildOutcome, quoteBuildLog } from '../../src/evidence/index.js';
import { fixture } from './helpers.js';

describe('parseBuildOutcome', () => {
  it.each(['success', 'failure', 'cancelled', 'skipped'] as const)('accepts %s', (value) => {
    expect(parseBuildOutcome(value)).toBe(value);
  });

  it('ignores surrounding whitespace', () => {
    expect(parseBuildOutcome(' failure\n')).toBe('failure');
  });

  it.each(['', 'Success', 'failed', 'true'])('rejects %j naming the accepted values', (value) => {
    expect(() => parseBuildOutcome(value)).toThrow(
      `Invalid build outcome ${JSON.stringify(value)}: expected one of success, failure, cancelled, skipped`,
    );
  });
});

describe('quoteBuildLog', () => {
  it('quotes the first five error lines of a failed Next.js build', () => {
    expect(quoteBuildLog(fixture('build-failure.txt'))).toEqual([
      "Module not found: Can't resolve '@/lib/email/emailService'",
      "Module not found: Can't resolve '@/lib/ai/personalization'",
      "Module not found: Can't resolve '@/lib/guardian/access'",
      'npm error Lifecycle script `build` failed with error:',
      'npm error code 1',
    ]);
  });

  it('recognises compiler, npm and runner error lines', () => {
    const log = [
      "src/lib/email/EmailExecutor.ts(3,30): error TS2307: Cannot find module '@/lib/email/emailService'.",
      'npm ERR! code ELIFECYCLE',
      'TypeError: Cannot read properties of undefined',
      "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'zod'",
      'BUILD FAILED in 12s',
    ].join('\n');
    expect(quoteBuildLog(log)).toEqual(log.split('\n'));
  });

  it('skips lines that only mention error in a name or count', () => {
    const log = [
      'compiled src/lib/error-handler.ts',
      'Found 0 errors. Watching for file changes.',
      'route /errors 2.1 kB',
      'warning: unused variable x',
    ].join('\n');
    expect(quoteBuildLog(log)).toEqual([]);
  });

  it('strips colours and Actions timestamps, trims, dedupes and clips', () => {
    const long = `error: ${'y'.repeat(300)}`;
    const log = [
      "2026-01-28T09:14:02.1234567Z \u001b[31merror\u001b[39m TS2304: Cannot find name 'foo'.   ",
      "2026-01-28T09:14:03.0000000Z error TS2304: Cannot find name 'foo'.",
      long,
    ].join('\r\n');
    const quoted = quoteBuildLog(log);
    expect(quoted[0]).toBe("error TS2304: Cannot find name 'foo'.");
    expect(quoted).toHaveLength(2);
    expect(quoted[1]).toHaveLength(200);
    expect(quoted[1]?.endsWith('…')).toBe(true);
  });
});
