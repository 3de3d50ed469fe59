import { defineConfig } from 'vitest/config';

// Vitest 5 targets Node >= 22 and its reporter calls Map.groupBy when printing a failure; Node 20
// (this project's runtime) lacks it, which would turn every failing test into a reporter crash.
const mapCtor = Map as unknown as { groupBy?: unknown };
mapCtor.groupBy ??= <K, V>(items: Iterable<V>, key: (v: V, i: number) => K): Map<K, V[]> => {
  const out = new Map<K, V[]>();
  let i = 0;
  for (const item of items) {
    const k = key(item, i++);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
};

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/golden/**/*.test.ts'],
    environment: 'node',
    // tfjs kernels and Dawn are slow on 2 cores; individual tests set their own budget where needed.
    testTimeout: 60_000,
    pool: 'forks',
  },
});
