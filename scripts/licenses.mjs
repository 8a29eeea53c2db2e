// Writes the licence notices of every package inside the bundles (MIT, ISC and the like ask that
// their notice travel with the code). The bundles' source maps say which packages went in.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The folder of the package a bundled source file belongs to, or null for our own code. */
function packageRoot(source) {
  const parts = source.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return null;
  const length = parts[at + 1]?.startsWith('@') ? 2 : 1;
  return parts.slice(0, at + 1 + length).join('/');
}

/** The packages the bundles of these source maps contain, as folders on disk. */
export function bundledPackages(mapFiles) {
  const roots = new Set();
  for (const mapFile of mapFiles) {
    const map = JSON.parse(readFileSync(mapFile, 'utf8'));
    for (const source of map.sources) {
      const root = packageRoot(resolve(dirname(mapFile), source));
      // A package's own source map may name files that were never installed: skip those.
      if (root && existsSync(join(root, 'package.json'))) roots.add(root);
    }
  }
  return [...roots];
}

/** The package's name, version, declared licence and licence text (null when it ships none). */
export function packageLicense(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const file = readdirSync(root).find((name) => /^(licen[sc]e|copying)(\.\w+)?$/i.test(name));
  return {
    name: manifest.name,
    version: manifest.version,
    license: manifest.license ?? 'UNKNOWN',
    text: file ? readFileSync(join(root, file), 'utf8').trim() : null,
  };
}

/** Writes `out`: one entry per bundled package, sorted, each with its licence text. */
export function writeLicenses(out, mapFiles) {
  const entries = bundledPackages(mapFiles)
    .map(packageLicense)
    .sort((a, b) => `${a.name}@${a.version}`.localeCompare(`${b.name}@${b.version}`));
  const unique = entries.filter(
    (e, i) =>
      i === 0 || `${e.name}@${e.version}` !== `${entries[i - 1].name}@${entries[i - 1].version}`,
  );
  const body = unique.map(
    (e) =>
      `${e.name}@${e.version}\nLicense: ${e.license}\n\n` +
      (e.text ?? `(The package ships no licence file; its package.json declares ${e.license}.)`),
  );
  writeFileSync(
    out,
    `Third-party software bundled in dist/, with its licence notices.\n` +
      `Notices found only as comments in the code are in dist/bundle/*.LEGAL.txt.\n\n` +
      body.join('\n\n' + '-'.repeat(72) + '\n\n') +
      '\n',
  );
}
