import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files that need a module graph of their own: a `vi.mock` there must reach modules that
 * other files have already loaded.
 */
const ownModules = ['__tests__/evidence/read-unreadable.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // One worker per core (Vitest keeps one core free by default): many files wait on servers
    // and child processes, so a second worker on a 2-core machine nearly halves the run.
    maxWorkers: availableParallelism(),
    setupFiles: ['__tests__/support/fast-check-setup.ts', '__tests__/support/temp-dirs.ts'],
    coverage: { provider: 'v8', include: ['src/**'] },
    projects: [
      {
        extends: true,
        test: {
          name: 'tests',
          include: ['__tests__/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...ownModules],
          // The files share one module graph: each module loads once, not once per file. Setup
          // files still run for every file (fast-check's seed, the temporary folders).
          isolate: false,
          benchmark: { include: ['bench/**/*.bench.ts'] },
        },
      },
      { extends: true, test: { name: 'own-modules', include: ownModules } },
    ],
  },
});
