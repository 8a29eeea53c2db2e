import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

it('dist/ is the build of the committed sources', () => {
  const out = mkdtempSync(join(tmpdir(), 'ki-dist-'));
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), out], { cwd: root });
  for (const file of ['index.js', 'cli.js']) {
    const fresh = readFileSync(join(out, file), 'utf8');
    const committed = readFileSync(join(root, 'dist', file), 'utf8');
    expect(committed === fresh, `dist/${file} differs from a fresh build: run npm run build`).toBe(
      true,
    );
  }
}, 60_000);
