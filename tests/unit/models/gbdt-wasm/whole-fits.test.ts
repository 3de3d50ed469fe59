/**
 * Whole fits with the WebAssembly kernels (histograms, row partition) and without them (the
 * JavaScript loops): the same trees, byte for byte, for boosting and for forests, whose trees
 * refill one set of gradient arrays in place.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fitForest } from '../../../../src/core/models/gbdt/fit-forest.ts';
import { fitGbdt } from '../../../../src/core/models/gbdt/fit-gbdt.ts';
import { resolveForestParams, resolveGbdtParams } from '../../../../src/core/models/gbdt/params.ts';
import { useWasmKernels } from '../../../../src/core/models/gbdt/wasm-histogram.ts';
import { createRng } from '../../../../src/core/random.ts';
import { treeTask as task } from '../gbdt-parallel/data.ts';

const taskOf = (k: number) => (k === 2 ? 'binary' : k === 3 ? 'multiclass' : 'regression') as 'binary' | 'multiclass' | 'regression';

async function both(fit: () => Promise<{ toJSON(): { ensemble: unknown } }>): Promise<[string, string]> {
  useWasmKernels(true);
  const withWasm = JSON.stringify((await fit()).toJSON().ensemble);
  useWasmKernels(false);
  const withJs = JSON.stringify((await fit()).toJSON().ensemble);
  return [withWasm, withJs];
}

afterEach(() => useWasmKernels(true));

describe('fits with and without the WebAssembly kernels', () => {
  it.each([2, 3, 1])('gradient boosting (k = %i): identical trees', async (k) => {
    const data = task(3000, 6, k, 70 + k);
    const params = resolveGbdtParams({ rounds: 6, maxLeaves: 15, subsample: 0.8, colsample: 0.75 });
    const [a, b] = await both(() => fitGbdt(data, params, { task: taskOf(k), rng: createRng(2) }));
    expect(a.length).toBeGreaterThan(2000);
    expect(a).toBe(b);
  });

  it('gradient boosting with many small leaves (nodes under 1% of the rows come from the row-major copy)', async () => {
    const data = task(12_000, 5, 2, 93);
    const params = resolveGbdtParams({ rounds: 4, maxLeaves: 120, minSamplesLeaf: 5 });
    const [a, b] = await both(() => fitGbdt(data, params, { task: 'binary', rng: createRng(5) }));
    expect(a).toBe(b);
    // Leaves of under 120 rows (1%): some of their parents were under 1% too.
    const model = await fitGbdt(data, params, { task: 'binary', rng: createRng(5) });
    const tree = model.ensemble.trees[3]!;
    expect([...tree.feature].filter((f) => f < 0).length).toBeGreaterThan(100);
  });

  it('gradient boosting with more leaves than a third of its rows (the leaf table is filled in JavaScript then)', async () => {
    const data = task(90, 4, 1, 91);
    const params = resolveGbdtParams({ rounds: 3, maxLeaves: 60, minSamplesLeaf: 1, minChildWeight: 0 });
    const [a, b] = await both(() => fitGbdt(data, params, { task: 'regression', rng: createRng(4) }));
    expect(a).toBe(b);
    // Enough leaves that 3 per leaf do not fit in the row space's 90-entry buffer.
    const model = await fitGbdt(data, params, { task: 'regression', rng: createRng(4) });
    const firstTreeLeaves = [...model.ensemble.trees[0]!.feature].filter((f) => f < 0).length;
    expect(firstTreeLeaves).toBeGreaterThan(30);
  });

  it.each([2, 3])('random forest (k = %i): identical trees though every tree refills the gradient arrays', async (k) => {
    const data = task(2000, 6, k, 80 + k);
    const params = resolveForestParams({ trees: 5 });
    const [a, b] = await both(() => fitForest(data, params, { task: taskOf(k), rng: createRng(3) }));
    expect(a.length).toBeGreaterThan(2000);
    expect(a).toBe(b);
  });
});
