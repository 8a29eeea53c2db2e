import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ResultsFormat } from '../../src/evidence/index.js';
import { readInputs } from '../../src/modes/inputs.js';
import { defaultInputs } from '../support/runner.js';

it('docs/evidence.md lists every format with the command that writes it', () => {
  const doc = readFileSync('docs/evidence.md', 'utf8');
  for (const format of ResultsFormat.options) {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${format}\` |`));
    expect(row, `no row for ${format}`).toBeDefined();
    // The second column names at least one command, in backticks.
    expect(row!.split(' | ')[1]).toMatch(/`[^`]+`/);
  }
});

describe('the test-results-format input', () => {
  const read = (value: string) =>
    readInputs((name) => ({ ...defaultInputs(), 'test-results-format': value })[name] ?? '');

  it('is empty by default (tell each file by its content) and takes any format', () => {
    expect(read('')['test-results-format']).toBeUndefined();
    expect(read(' trx ')['test-results-format']).toBe('trx');
  });

  it('names itself and the formats when the value is none of them', () => {
    expect(() => read('xunit')).toThrow(
      'Invalid input: test-results-format: unexpected "xunit", expected empty (tell by content) or one of junit, jest, vitest, mocha, rspec, tap, go, trx, ctrf',
    );
  });
});
