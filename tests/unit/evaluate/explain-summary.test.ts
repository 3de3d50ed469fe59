import { describe, expect, it } from 'vitest';
import { beeswarm, shapRanking, waterfall } from '../../../src/core/evaluate/explain/shap-summary.ts';
import type { ShapValues } from '../../../src/core/evaluate/explain/types.ts';

/** 3 rows x 2 outputs x 4 features; output 1 is the negation of output 0. */
function sample(): ShapValues {
  const rows = [
    [0.5, -2, 0, 0.1],
    [-0.5, 1, 0, -0.3],
    [0.2, 3, 0, 0.2],
  ];
  const values = new Float64Array(3 * 2 * 4);
  const output = new Float64Array(6);
  rows.forEach((r, i) => {
    r.forEach((v, j) => {
      values[(i * 2) * 4 + j] = v;
      values[(i * 2 + 1) * 4 + j] = -v;
    });
    output[2 * i] = 1 + r.reduce((s, v) => s + v, 0);
    output[2 * i + 1] = -1 - r.reduce((s, v) => s + v, 0);
  });
  return { n: 3, p: 4, outputs: 2, values, expected: Float64Array.from([1, -1]), output, names: ['a', 'b', 'c', 'd'] };
}

describe('SHAP summaries', () => {
  it('ranks features by mean |SHAP| of the chosen output', () => {
    const r = shapRanking(sample(), 1);
    expect(r.map((x) => x.name)).toEqual(['b', 'a', 'd', 'c']);
    expect(r[0]!.meanAbs).toBeCloseTo(2, 14);
    expect(r[1]!.meanAbs).toBeCloseTo(0.4, 14);
    expect(r[3]!.meanAbs).toBe(0);
    expect(() => shapRanking(sample(), 2)).toThrow(/output/);
  });

  it('beeswarm: SHAP per row, colour = value scaled between the 5th and 95th percentiles, NaN when missing', () => {
    const X = Float64Array.from([
      0, 10, 7, NaN,
      5, 20, 7, 1,
      10, 30, 7, 2,
    ]);
    const b = beeswarm(sample(), X, { maxFeatures: 3, features: [{ name: 'a' }, { name: 'b', categories: ['x', 'y'] }, { name: 'c' }, { name: 'd' }] });
    expect(b.map((f) => f.name)).toEqual(['b', 'a', 'd']);
    expect([...b[0]!.shap]).toEqual([-2, 1, 3]);
    expect(b[0]!.categories).toEqual(['x', 'y']);
    // numpy.percentile([0, 5, 10], [5, 95]) = [0.5, 9.5]
    expect([...b[1]!.color]).toEqual([0, expect.closeTo(0.5, 14), 1]);
    expect(b[2]!.color[0]).toBeNaN();
    expect([...b[2]!.color.subarray(1)]).toEqual([0, 1]);
    const constant = beeswarm(sample(), X, { maxFeatures: 4 }).find((f) => f.name === 'c')!;
    expect([...constant.color]).toEqual([0.5, 0.5, 0.5]);
  });

  it('waterfall: largest |SHAP| first, the rest gathered, bars chained from the base value to the output', () => {
    const shap = sample();
    const X = Float64Array.from({ length: 12 }, (_, i) => i);
    const w = waterfall(shap, X, 1, { maxDisplay: 3 });
    expect(w.base).toBe(1);
    expect(w.output).toBeCloseTo(1 + 0.2, 14);
    expect(w.bars.map((b) => b.name)).toEqual(['b', 'a', '2 other features']);
    expect(w.bars.map((b) => b.shap)).toEqual([1, -0.5, expect.closeTo(-0.3, 14)]);
    expect(w.bars[0]!.value).toBe(5);
    expect(w.bars[2]!.feature).toBe(-1);
    // Bottom-up: the gathered bar starts at the base, each bar starts where the one below ends, the top one ends at the output.
    expect(w.bars[2]!.from).toBe(1);
    expect(w.bars[1]!.from).toBe(w.bars[2]!.to);
    expect(w.bars[0]!.from).toBe(w.bars[1]!.to);
    expect(w.bars[0]!.to).toBeCloseTo(w.output, 14);
    const all = waterfall(shap, X, 0, { output: 1 });
    expect(all.bars.length).toBe(4);
    expect(all.bars.every((b) => b.feature >= 0)).toBe(true);
    expect(all.bars[0]!.to).toBeCloseTo(all.output, 14);
    expect(() => waterfall(shap, X, 3)).toThrow(/row/);
  });
});
