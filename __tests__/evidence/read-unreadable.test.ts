import { describe, expect, it, vi } from 'vitest';
import { readEvidence } from '../../src/evidence/index.js';
import { FIXTURES } from './helpers.js';

// Permissions cannot make a file unreadable when tests run as root, so the read itself fails here.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    readFile: ((file: string, ...rest: unknown[]) =>
      String(file).endsWith('surefire.xml')
        ? Promise.reject(
            Object.assign(new Error(`EACCES: permission denied, open '${file}'`), {
              code: 'EACCES',
            }),
          )
        : (actual.readFile as (...args: unknown[]) => Promise<string>)(
            file,
            ...rest,
          )) as typeof actual.readFile,
  };
});

describe('readEvidence with an unreadable file', () => {
  it('reports the file and reads the others', async () => {
    const evidence = await readEvidence({
      testResults: ['surefire.xml', 'pytest.xml'],
      cwd: FIXTURES,
    });
    expect(evidence.tests?.files.map((f) => [f.path, f.complete])).toEqual([
      ['pytest.xml', true],
      ['surefire.xml', false],
    ]);
    expect(evidence.problems).toEqual([
      {
        file: 'surefire.xml',
        message: expect.stringMatching(/^cannot read file: EACCES: permission denied/) as unknown,
      },
    ]);
  });
});
