/**
 * binMatrix bins numeric features in the WebAssembly kernel (binColumn) and everything else in
 * JavaScript: the bins must be the JavaScript loop's, byte for byte, on the values where the
 * cell table could go wrong.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { binMatrix, fitBinMapper } from '../../../../src/core/models/gbdt/bin-mapper.ts';
import { useWasmKernels } from '../../../../src/core/models/gbdt/wasm-histogram.ts';
import { createRng } from '../../../../src/core/random.ts';

afterEach(() => useWasmKernels(true));

function both(X: Float32Array, n: number, d: number, fitRows = n, categorical?: Uint8Array): [Uint8Array, Uint8Array] {
  const mapper = fitBinMapper(X.subarray(0, fitRows * d), fitRows, d, { maxBins: 255, rng: createRng(1), ...(categorical ? { categorical } : {}) });
  useWasmKernels(true);
  const wasm = binMatrix(mapper, X, n).bins;
  useWasmKernels(false);
  const js = binMatrix(mapper, X, n).bins;
  return [wasm, js];
}

describe('binMatrix with the WebAssembly kernel', () => {
  it('equals the JavaScript bins on edges, ties, extremes, NaN, constant, two-valued and near-equal columns', () => {
    const n = 9000; // two blocks and a part
    const d = 7;
    const rng = createRng(3);
    const X = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      X[i * d] = rng.normal(); // quantile edges
      X[i * d + 1] = Math.round(rng.normal() * 3); // few distinct values: one bin each, values on the midpoints' sides
      X[i * d + 2] = 5; // constant: no edges
      X[i * d + 3] = u < 0.5 ? 0 : 1; // one edge
      X[i * d + 4] = 1 + (i % 300) * 1e-7; // edges packed close together
      X[i * d + 5] = u < 0.1 ? NaN : u < 0.15 ? Infinity : u < 0.2 ? -Infinity : rng.normal() * 1e30; // huge values, infinities, missing
      X[i * d + 6] = Math.floor(rng.next() * 6); // categorical codes
    }
    const categorical = Uint8Array.from([0, 0, 0, 0, 0, 0, 1]);
    // Edges from the first 6,000 rows: the rest include values past the last edge.
    const [wasm, js] = both(X, n, d, 6000, categorical);
    expect(wasm).toEqual(js);
    // Rows exactly on an edge go to the bin below it (x <= edge): checked through the JS result too.
    expect(new Set(js.subarray(0, n)).size).toBeGreaterThan(200);
  });

  it('equals the JavaScript bins for any float32 values (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noDefaultInfinity: false }), { minLength: 3, maxLength: 400 }), fc.integer({ min: 1, max: 3 }), (values, d) => {
        const n = Math.floor(values.length / d);
        const X = Float32Array.from(values.slice(0, n * d));
        const [wasm, js] = both(X, n, d);
        expect(wasm).toEqual(js);
      }),
      { numRuns: 200 },
    );
  });
});
