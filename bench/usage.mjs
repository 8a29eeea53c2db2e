// Loaded with `node --import` by bench/scale.mjs: writes the process's resource usage (peak
// memory) to $BENCH_USAGE when it exits.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.BENCH_USAGE)
    writeFileSync(process.env.BENCH_USAGE, JSON.stringify(process.resourceUsage()));
});
