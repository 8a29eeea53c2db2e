// `npm run bench`: how the parse, `check` and `plan` grow with the tracker, side by side with
// remark-parse + remark-gfm parsing the same whole file, in one run. Trackers of 100 to 10,000
// items in the reference style are generated; every figure is a whole process (wall time from
// here, peak memory as the process reports it), the median of --runs runs; the parse count per
// command is counted in-process; last, one scheduled sync of a --sync-mb tracker against the
// local GitHub emulator. Options: --sizes 100,1000 --runs 3 --timeout 120 --sync-mb 5.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,3000,10000' },
    runs: { type: 'string', default: '3' },
    timeout: { type: 'string', default: '120' },
    'sync-mb': { type: 'string', default: '5' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const timeoutMs = Number(values.timeout) * 1000;
const dir = '.tmp/bench';
mkdirSync(dir, { recursive: true });
const probe = `${dir}/probe.mjs`;
await build({
  entryPoints: ['bench/probe.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: probe,
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});

/** Runs `node args…` once: wall seconds, peak MiB, and the probe's JSON line when it prints one. */
function once(args) {
  const usage = `${dir}/usage.json`;
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', './bench/usage.mjs', ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, BENCH_USAGE: usage },
    maxBuffer: 1 << 30,
  });
  const wall = (performance.now() - started) / 1000;
  if (child.error?.code === 'ETIMEDOUT' || child.signal) return { wall: Infinity, mib: NaN };
  if (child.status !== 0 && child.status !== 1)
    throw new Error(`${args.join(' ')}: ${child.stderr}`);
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  const mib = JSON.parse(readFileSync(usage, 'utf8')).maxRSS / 1024;
  return { wall, mib, probe: last.startsWith('{') ? JSON.parse(last) : null };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The median of `runs` runs; after a timeout the command is not run again. */
function measure(args) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = once(args);
    results.push(r);
    if (r.wall === Infinity) break;
  }
  return { wall: median(results.map((r) => r.wall)), mib: median(results.map((r) => r.mib)) };
}

const cli = 'dist/cli.js';
const rows = [];
for (const items of sizes) {
  const resolving = { one: 1, ten: 10, fivePercent: Math.max(1, Math.round(items * 0.05)) };
  const files = {};
  for (const [name, k] of Object.entries({ check: 0, ...resolving })) {
    files[name] = `${dir}/tracker-${items}-${name}.md`;
    once([probe, 'generate', files[name], String(items), String(k)]);
  }
  const plan = (file) => ['plan', file, '--build', 'success', '--now', '2026-12-01'];
  const count = (args) => once([probe, 'cli', '', JSON.stringify(args)]).probe?.documents ?? NaN;
  const row = {
    items,
    kib: readFileSync(files.check).length / 1024,
    remark: measure([probe, 'remark', files.check]),
    parse: measure([probe, 'parse', files.check]),
    check: measure([cli, 'check', files.check]),
    checkParses: count(['check', files.check]),
  };
  for (const name of Object.keys(resolving)) {
    row[name] = measure([cli, ...plan(files[name])]);
    row[`${name}Parses`] = count(plan(files[name]));
  }
  rows.push(row);
  console.error(`measured ${items} items`);
}

const s = (m) => (m.wall === Infinity ? `> ${values.timeout} s` : `${m.wall.toFixed(2)} s`);
const x = (m, base) => (m.wall === Infinity ? '—' : `${(base.wall / m.wall).toFixed(1)}×`);
console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; median of ${runs} runs.\n`,
);
console.log(
  '| items (size) | remark+gfm whole file | `parseTracker` | `check` | `plan`, 1 resolves | `plan`, 10 resolve | `plan`, 5 % resolve |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.items.toLocaleString('en')} (${Math.round(r.kib)} KiB) | ${s(r.remark)} | ${s(r.parse)} | ${s(r.check)} | ${s(r.one)} | ${s(r.ten)} | ${s(r.fivePercent)} |`,
  );
}
console.log(
  '\nRatios (remark+gfm whole file ÷ each; above 1 is faster than remark alone), and the plans against `check`:\n',
);
console.log('| items | `parseTracker` | `check` | `plan` 10 ÷ `check` | `plan` 5 % ÷ `check` |');
console.log('|---|---|---|---|---|');
for (const r of rows) {
  const over = (m) => (m.wall === Infinity ? '—' : `${(m.wall / r.check.wall).toFixed(1)}×`);
  console.log(
    `| ${r.items.toLocaleString('en')} | ${x(r.parse, r.remark)} | ${x(r.check, r.remark)} | ${over(r.ten)} | ${over(r.fivePercent)} |`,
  );
}
console.log('\nWhole-document parses per command and peak memory:\n');
console.log(
  '| items | `check` parses | `plan` 1 / 10 / 5 % parses | `check` peak | `plan` 5 % peak |',
);
console.log('|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.items.toLocaleString('en')} | ${r.checkParses} | ${r.oneParses} / ${r.tenParses} / ${r.fivePercentParses} | ${Math.round(r.check.mib)} MiB | ${Number.isNaN(r.fivePercent.mib) ? '—' : `${Math.round(r.fivePercent.mib)} MiB`} |`,
  );
}

// One sync of a tracker of about --sync-mb MB (5 % of its items resolving) against the emulator.
const syncItems = Math.round((Number(values['sync-mb']) * 1e6) / 155);
const syncFile = `${dir}/tracker-sync.md`;
once([probe, 'generate', syncFile, String(syncItems), String(Math.round(syncItems * 0.05))]);
const synced = measure([probe, 'sync', syncFile]);
const mb = readFileSync(syncFile).length / 1e6;
console.log(
  `\nA scheduled sync of a ${mb.toFixed(1)} MB tracker (${syncItems.toLocaleString('en')} items, 5 % resolving) against the local GitHub emulator: ${s(synced)}, peak ${Math.round(synced.mib)} MiB.`,
);
