// Bundles the action (dist/index.js) and the CLI (dist/cli.js) as ESM for Node 24, with source
// maps and the third-party licence notices of everything bundled.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { writeLicenses } from './licenses.mjs';

// `node scripts/build.mjs [dist]`: the test suite builds into a temporary folder and compares.
const dist = process.argv[2] ?? 'dist';
// The bundles, their maps and their legal comments; dist/index.js and dist/cli.js load them.
const outdir = `${dist}/bundle`;

// ESM bundles of CommonJS dependencies call require(); give them one.
const banner = {
  js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  banner,
  // Notices of code copied into dependencies (ws, formdata-polyfill) exist only as comments.
  legalComments: 'linked',
  sourcemap: 'linked',
  // The map points at src/ and node_modules/; the sources themselves are not repeated in it.
  sourcesContent: false,
  logLevel: 'warning',
};

await build({ ...common, entryPoints: ['src/index.ts'], outfile: `${outdir}/index.js` });
await build({ ...common, entryPoints: ['src/bin.ts'], outfile: `${outdir}/cli.js` });

/**
 * The runner starts `node dist/index.js` with no flags, and Node reads a source map only for
 * modules loaded after source maps are turned on: each entry turns them on, then loads its bundle.
 */
const loader = (bundle, shebang = '') =>
  `${shebang}// Turns on source maps (stack traces then point into src/), then runs ${bundle}.\n` +
  `process.setSourceMapsEnabled(true);\nawait import('./${bundle}');\n`;

mkdirSync(dist, { recursive: true });
writeFileSync(`${dist}/index.js`, loader('bundle/index.js'));
writeFileSync(`${dist}/cli.js`, loader('bundle/cli.js', '#!/usr/bin/env node\n'));
writeLicenses(`${dist}/licenses.txt`, [`${outdir}/index.js.map`, `${outdir}/cli.js.map`]);
