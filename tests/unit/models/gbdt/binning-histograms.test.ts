import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binMatrix, binOf, featureEdges, fitBinMapper } from '../../../../src/core/models/gbdt/bin-mapper.ts';
import { buildHistogram } from '../../../../src/core/models/gbdt/cpu-histograms.ts';
import { subtractHistogram } from '../../../../src/core/models/gbdt/pool/accumulate-histogram.ts';
import { SLOT_SIZE } from '../../../../src/core/models/gbdt/histogram.ts';
import { createRng } from '../../../../src/core/random.ts';

const ref = JSON.parse(readFileSync(new URL('../../../fixtures/gbdt/gbdt_reference.json', import.meta.url), 'utf8')) as {
  binning: Record<string, { values: number[]; thresholds: number[] }>;
};

describe('bin edges', () => {
  for (const [name, col] of Object.entries(ref.binning))
    it(`equal scikit-learn's thresholds (${name} column)`, () => {
      const edges = featureEdges(Float64Array.from(col.values), 255);
      expect(edges.length).toBe(col.thresholds.length);
      for (let i = 0; i < edges.length; i++) expect(edges[i]).toBeCloseTo(col.thresholds[i]!, 6);
    });

  it('bin b holds exactly the values in (edge[b-2], edge[b-1]]; NaN goes to bin 0', () => {
    const n = 2000;
    const rng = createRng(3);
    const X = Float32Array.from({ length: n }, (_, i) => (i % 17 === 0 ? NaN : Math.round(rng.normal() * 50) / 10));
    const mapper = fitBinMapper(X, n, 1, { maxBins: 255, rng });
    const e = mapper.edges[0]!;
    const m = binMatrix(mapper, X, n);
    for (let i = 0; i < n; i++) {
      const b = m.bins[i]!;
      if (Number.isNaN(X[i]!)) expect(b).toBe(0);
      else {
        expect(b).toBeGreaterThanOrEqual(1);
        if (b - 1 < e.length) expect(X[i]!).toBeLessThanOrEqual(e[b - 1]!);
        if (b >= 2) expect(X[i]!).toBeGreaterThan(e[b - 2]!);
      }
    }
    expect(m.binCount[0]).toBe(e.length + 2);
  });

  it('a categorical column bins as code + 1, and an unseen invalid code gets the reserved bin', () => {
    const X = Float32Array.from([0, 3, 1, NaN, 3]);
    const mapper = fitBinMapper(X, 5, 1, { maxBins: 255, rng: createRng(1), categorical: Uint8Array.of(1) });
    expect(Array.from(binMatrix(mapper, X, 5).bins)).toEqual([1, 4, 2, 0, 4]);
    expect(binOf(mapper, 0, 2.5)).toBe(255);
  });
});

describe('CPU histograms', () => {
  it('sum gradients, hessians and counts per bin, and the sibling by subtraction equals its direct build', () => {
    const n = 3000;
    const d = 5;
    const rng = createRng(9);
    const X = Float32Array.from({ length: n * d }, () => rng.normal());
    const mapper = fitBinMapper(X, n, d, { maxBins: 63, rng });
    const m = binMatrix(mapper, X, n);
    const grad = Float32Array.from({ length: n }, () => rng.normal());
    const hess = Float32Array.from({ length: n }, () => rng.next());
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const feats = Int32Array.from({ length: d }, (_, i) => i);
    const parent = new Float64Array(SLOT_SIZE * d);
    buildHistogram(m.bins, n, all, feats, grad, hess, parent);
    // Direct reference for one feature.
    const f = 3;
    const direct = new Float64Array(256 * 3);
    for (let i = 0; i < n; i++) {
      const b = m.bins[f * n + i]!;
      direct[b * 3]! += grad[i]!;
      direct[b * 3 + 1]! += hess[i]!;
      direct[b * 3 + 2]! += 1;
    }
    expect(Array.from(parent.subarray(f * SLOT_SIZE, (f + 1) * SLOT_SIZE))).toEqual(Array.from(direct));
    const left = Int32Array.from(all.filter((i) => X[i * d]! < 0.3));
    const right = Int32Array.from(all.filter((i) => X[i * d]! >= 0.3));
    const hl = new Float64Array(SLOT_SIZE * d);
    const hr = new Float64Array(SLOT_SIZE * d);
    buildHistogram(m.bins, n, left, feats, grad, hess, hl);
    buildHistogram(m.bins, n, right, feats, grad, hess, hr);
    subtractHistogram(parent, hl, d);
    for (let i = 0; i < parent.length; i++) expect(parent[i]).toBeCloseTo(hr[i]!, 9);
    // Counts are exact.
    for (let i = 2; i < parent.length; i += 3) expect(parent[i]).toBe(hr[i]);
  });
});
