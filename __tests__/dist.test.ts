import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

/** Every file under `dir`, as paths relative to it. */
const files = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();

/**
 * A built file as text. A source map names its sources relative to where it was built, so the
 * temporary build's map is compared with its sources resolved from the repository root.
 */
function comparable(dir: string, file: string): string {
  const text = readFileSync(join(dir, file), 'utf8');
  if (!file.endsWith('.map')) return text;
  const map = JSON.parse(text) as { sources: string[] };
  const from = dirname(join(dir, file));
  map.sources = map.sources.map((source) => relative(root, resolve(from, source)));
  return JSON.stringify(map);
}

it('dist/ is the build of the committed sources: bundles, source maps, loaders and notices', () => {
  const out = mkdtempSync(join(tmpdir(), 'ki-dist-'));
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), out], { cwd: root });
  const built = files(out);
  expect(built).toEqual(
    expect.arrayContaining(['bundle/index.js.map', 'bundle/cli.js.map', 'licenses.txt']),
  );
  expect(
    files(join(root, 'dist')),
    'dist/ holds other files than a build: run npm run build',
  ).toEqual(built);
  for (const file of built) {
    const fresh = comparable(out, file);
    const committed = comparable(join(root, 'dist'), file);
    expect(committed === fresh, `dist/${file} differs from a fresh build: run npm run build`).toBe(
      true,
    );
  }
}, 60_000);
