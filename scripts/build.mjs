// Bundles the action (dist/index.js) and the CLI (dist/cli.js) as ESM for Node.
import { build } from 'esbuild';

// `node scripts/build.mjs [outdir]`: the test suite builds into a temporary folder and compares.
const outdir = process.argv[2] ?? 'dist';

// ESM bundles of CommonJS dependencies call require(); give them one.
const banner = {
  js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner,
  legalComments: 'none',
  logLevel: 'warning',
};

await build({ ...common, entryPoints: ['src/index.ts'], outfile: `${outdir}/index.js` });
await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: `${outdir}/cli.js`,
  banner: { js: `#!/usr/bin/env node\n${banner.js}` },
});
