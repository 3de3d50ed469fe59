import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/golden/**/*.test.ts'],
    environment: 'node',
    // tfjs kernels and Dawn are slow on 2 cores; individual tests set their own budget where needed.
    testTimeout: 60_000,
    pool: 'forks',
  },
});
