import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    testTimeout: 30_000,
    setupFiles: ['__tests__/support/fast-check-setup.ts', '__tests__/support/temp-dirs.ts'],
    benchmark: { include: ['bench/**/*.bench.ts'] },
    coverage: { provider: 'v8', include: ['src/**'] },
  },
});
