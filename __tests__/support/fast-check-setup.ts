import fc from 'fast-check';

// CI runs the properties with one fixed seed so a run is repeatable; set PROPERTY_SEED (a number,
// or "random") and PROPERTY_RUNS (a multiplier) to search further by hand.
const seedSetting = process.env.PROPERTY_SEED;
const seed =
  seedSetting === 'random'
    ? Date.now() ^ (Math.random() * 2 ** 31)
    : Number(seedSetting ?? 20261125);
const scale = Number(process.env.PROPERTY_RUNS ?? 1);

fc.configureGlobal({ seed });

/** How many runs a property gets: its base count times PROPERTY_RUNS. */
export function runs(base: number): number {
  return Math.max(1, Math.round(base * scale));
}

/** A test timeout that grows with PROPERTY_RUNS, so a longer search is not cut short. */
export const propertyTimeout = 60_000 * Math.max(1, scale);
