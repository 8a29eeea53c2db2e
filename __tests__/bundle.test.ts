import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledPackages, packageLicense } from '../scripts/licenses.mjs';
import { node24 } from './support/runner.js';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const entries = [
  { entry: 'index.js', args: [] },
  { entry: 'cli.js', args: ['check', join(root, '__tests__/fixtures/trackers/reference.md')] },
];

/**
 * Runs an entry with no flags but a preload that records the stack of the first write to stdout:
 * that write comes from the bundle, so its frames show whether the source map was used.
 */
function stackOfFirstWrite(entry: string, args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ki-stack-'));
  const preload = join(dir, 'preload.mjs');
  const out = join(dir, 'stack.txt');
  writeFileSync(
    preload,
    `import { writeFileSync } from 'node:fs';\n` +
      `process.stdout.write = () => { writeFileSync(${JSON.stringify(out)}, new Error('trace').stack); process.exit(0); };\n`,
  );
  const r = spawnSync(
    node24,
    ['--import', pathToFileURL(preload).href, join(dist, entry), ...args],
    {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    },
  );
  expect(existsSync(out), r.stderr).toBe(true);
  return readFileSync(out, 'utf8');
}

describe('the bundle as the runner starts it (node dist/index.js, no flags)', () => {
  it.each(entries)('$entry: stack traces point into src/', ({ entry, args }) => {
    expect(stackOfFirstWrite(entry, args)).toMatch(/\/src\/[\w/-]+\.ts:\d+:\d+/);
  });

  it('without the loader the same code reports positions in the bundle', () => {
    const stack = stackOfFirstWrite('bundle/cli.js', entries[1]!.args);
    expect(stack).not.toMatch(/\/src\/[\w/-]+\.ts:/);
    expect(stack).toContain('dist/bundle/cli.js:');
  });
});

describe('third-party notices', () => {
  const notices = readFileSync(join(dist, 'licenses.txt'), 'utf8');
  const packages = bundledPackages([
    join(dist, 'bundle/index.js.map'),
    join(dist, 'bundle/cli.js.map'),
  ]).map(packageLicense);

  it('dist/licenses.txt carries the licence of every bundled package', () => {
    expect(packages.map((p) => p.name)).toEqual(
      expect.arrayContaining(['@actions/core', '@octokit/core', 'remark', 'yaml', 'zod']),
    );
    for (const p of packages) {
      expect(notices, p.name).toContain(`${p.name}@${p.version}\nLicense: ${p.license}\n`);
      if (p.text) expect(notices, p.name).toContain(p.text);
    }
  });

  it('notices kept only as comments in the code are linked from the bundle', () => {
    const bundle = readFileSync(join(dist, 'bundle/index.js'), 'utf8');
    expect(bundle).toContain('For license information please see index.js.LEGAL.txt');
    expect(readFileSync(join(dist, 'bundle/index.js.LEGAL.txt'), 'utf8')).toContain(
      'ws. MIT License.',
    );
  });
});
