import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ResultsFormat } from '../../src/evidence/index.js';

it('docs/evidence.md lists every format with the command that writes it', () => {
  const doc = readFileSync('docs/evidence.md', 'utf8');
  for (const format of ResultsFormat.options) {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${format}\` |`));
    expect(row, `no row for ${format}`).toBeDefined();
    // The second column names at least one command, in backticks.
    expect(row!.split(' | ')[1]).toMatch(/`[^`]+`/);
  }
});
