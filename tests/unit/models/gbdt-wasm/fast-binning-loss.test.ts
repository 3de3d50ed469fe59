/**
 * The faster paths of a boosting fit give exactly what the plain ones gave: the radix sort
 * orders floats as the built-in sort does, the edge table bins every value as binOf's binary
 * search, and the binary loss's fused pass equals loss() plus gradients() bit for bit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binMatrix, binOf, EDGE_SAMPLE, featureEdges, fitBinMapper } from '../../../../src/core/models/gbdt/bin-mapper.ts';
import { boostingLoss } from '../../../../src/core/models/gbdt/boosting-loss.ts';
import { sortFloat32 } from '../../../../src/core/models/gbdt/sort-float32.ts';
import { createRng } from '../../../../src/core/random.ts';

/** float32 values with the awkward ones over-represented: ±0, ±Infinity, subnormals, ties. */
const awkwardFloat = fc.oneof(
  fc.float({ noNaN: true }),
  fc.constantFrom(0, -0, Infinity, -Infinity, 1.4e-45, -1.4e-45, 3.4028234663852886e38, 1, 1.0000001192092896),
  fc.integer({ min: -5, max: 5 }),
);

describe('sortFloat32', () => {
  it('orders like Float32Array.prototype.sort, -0 before +0', () => {
    fc.assert(
      fc.property(fc.array(awkwardFloat, { maxLength: 3000 }), (xs) => {
        const a = Float32Array.from(xs);
        const b = a.slice();
        a.sort();
        sortFloat32(b);
        expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('sorts a subarray in place without touching the rest of its buffer', () => {
    const all = Float32Array.of(9, 3, 1, 2, -4, 9);
    sortFloat32(all.subarray(1, 5));
    expect(Array.from(all)).toEqual([9, -4, 1, 2, 3, 9]);
  });
});

describe('binning with the edge table', () => {
  const column = fc.oneof(
    fc.array(awkwardFloat, { minLength: 1, maxLength: 600 }),
    // Few distinct values (one bin per value) and heavy ties.
    fc.array(fc.integer({ min: -3, max: 3 }).map((v) => v / 2), { minLength: 1, maxLength: 600 }),
    // A tiny range, so the cells are narrower than a float32 step.
    fc.array(fc.integer({ min: 0, max: 40 }).map((v) => Math.fround(1 + v * 1.1920929e-7)), { minLength: 1, maxLength: 600 }),
    // Wide quantile bins over a heavy tail.
    fc.array(fc.float({ noNaN: true, min: -1e6, max: 1e6 }).map((v) => Math.sign(v) * Math.abs(v) ** 2), { minLength: 300, maxLength: 600 }),
  );

  it('bins every training value, NaN and extreme probes exactly as binOf', () => {
    fc.assert(
      fc.property(column, fc.integer({ min: 2, max: 255 }), fc.array(awkwardFloat, { maxLength: 40 }), (xs, maxBins, probes) => {
        const values = [...xs, Number.NaN, ...probes];
        const X = Float32Array.from(values);
        const mapper = fitBinMapper(X, X.length, 1, { maxBins, rng: createRng(1) });
        // Probe every edge and its float32 neighbours too: ties at an edge must go left.
        const e = mapper.edges[0]!;
        const extra: number[] = [];
        for (const edge of e) for (const v of [edge, Math.fround(edge), nextUp(Math.fround(edge)), nextDown(Math.fround(edge))]) extra.push(v);
        const P = Float32Array.from([...values, ...extra]);
        const m = binMatrix(mapper, P, P.length);
        for (let i = 0; i < P.length; i++) expect(m.bins[i], `value ${P[i]}`).toBe(binOf(mapper, 0, P[i]!));
      }),
      { numRuns: 150 },
    );
  });

  it('above 200,000 rows, edges come from a seeded sample of whole rows, as a plain column read gives them', () => {
    const n = EDGE_SAMPLE + 7_000, d = 3;
    const rng = createRng(11);
    const X = Float32Array.from({ length: n * d }, (_, i) => (i % 97 === 0 ? Number.NaN : rng.normal() * (1 + (i % d))));
    const mapper = fitBinMapper(X, n, d, { maxBins: 255, rng: createRng(7) });
    // The reference sample: a partial Fisher-Yates with the same generator, written out here.
    const r = createRng(7);
    const perm = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < EDGE_SAMPLE; i++) {
      const j = i + r.int(n - i);
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const rows = perm.subarray(0, EDGE_SAMPLE).sort();
    for (let f = 0; f < d; f++) {
      const col = Float64Array.from(Array.from(rows, (row) => X[row * d + f]!).filter((v) => !Number.isNaN(v)));
      expect(Array.from(mapper.edges[f]!)).toEqual(Array.from(featureEdges(col, 255)));
    }
  });

  it('fitBinMapper (float32 radix sort) finds the same edges as featureEdges on float64 values', () => {
    const rng = createRng(5);
    const n = 5000;
    for (const maxBins of [255, 40]) {
      const X = Float32Array.from({ length: n * 3 }, (_, i) => (i % 3 === 0 ? Math.round(rng.normal() * 4) : i % 3 === 1 ? rng.normal() * 1e3 : Math.exp(rng.normal() * 5)));
      const mapper = fitBinMapper(X, n, 3, { maxBins, rng });
      for (let f = 0; f < 3; f++) {
        const col = Float64Array.from({ length: n }, (_, i) => X[i * 3 + f]!);
        expect(Array.from(mapper.edges[f]!)).toEqual(Array.from(featureEdges(col, maxBins)));
      }
    }
  });
});

function nextUp(v: number): number {
  if (!Number.isFinite(v)) return v;
  const f = new Float32Array([v]);
  const u = new Int32Array(f.buffer);
  if (v === 0) return 1.4e-45;
  u[0]! += v > 0 ? 1 : -1;
  return f[0]!;
}
const nextDown = (v: number): number => -nextUp(-v);

describe('binary loss: one pass for the loss and the next gradients', () => {
  it('equals loss() then gradients() bit for bit, weights and extreme margins included', () => {
    const loss = boostingLoss('log-loss', 'binary', 2);
    const rng = createRng(8);
    const n = 5000;
    const F = Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? [0, -0, 800, -800, 40, -40][i % 6]! : rng.normal() * 6));
    const y = Int32Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
    const w = Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0.5 + rng.next() * 3 : 1));
    const g1 = [new Float32Array(n)], h1 = [new Float32Array(n)];
    const g2 = [new Float32Array(n)], h2 = [new Float32Array(n)];
    loss.gradients(F, y, w, n, g1, h1);
    const separate = loss.loss(F, y, w, n);
    const fused = loss.lossAndGradients!(F, y, w, n, g2, h2);
    expect(Object.is(fused, separate)).toBe(true);
    expect(Buffer.from(g2[0]!.buffer).equals(Buffer.from(g1[0]!.buffer))).toBe(true);
    expect(Buffer.from(h2[0]!.buffer).equals(Buffer.from(h1[0]!.buffer))).toBe(true);
    // Not vacuous: the loss is a real positive number and the gradients are not all equal.
    expect(separate).toBeGreaterThan(0);
    expect(new Set(g1[0]).size).toBeGreaterThan(100);
  });
});
