import fc from 'fast-check';

/**
 * Test budgets, in one place. The default run is small and repeatable: a fixed seed and each
 * property's base count. The deep run (`npm run test:deep`, which sets TEST_DEEP=1) multiplies
 * every count by 20 and draws a fresh seed. PROPERTY_SEED (a number, or "random") and
 * PROPERTY_RUNS (a multiplier) override both, to replay a failure or to search further.
 */
export const deep = process.env.TEST_DEEP === '1';

const DEEP_SCALE = 20;
const seedSetting = process.env.PROPERTY_SEED ?? (deep ? 'random' : undefined);
/** The seed of the default run. */
export const DEFAULT_SEED = 20261125;
/** The seed of this run's random inputs: fast-check's, the fuzz cases' and the fault seeds'. */
export const seed =
  seedSetting === 'random'
    ? (Date.now() ^ (Math.random() * 2 ** 31)) >>> 0
    : Number(seedSetting ?? DEFAULT_SEED);
const scale = Number(process.env.PROPERTY_RUNS ?? (deep ? DEEP_SCALE : 1));

fc.configureGlobal({ seed });

/** How many cases a property or a fuzz test gets: its base count, times 20 in the deep run. */
export function runs(base: number): number {
  return Math.max(1, Math.round(base * scale));
}

/** A test timeout that grows with the budget, so a longer search is not cut short. */
export const propertyTimeout = 60_000 * Math.max(1, scale);
