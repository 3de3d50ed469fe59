import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { holdoutSplit } from '../../../src/core/split/stratified-holdout.ts';

const classes = (counts: number[]): Int32Array => Int32Array.from(counts.flatMap((c, k) => new Array<number>(c).fill(k)));
const countOf = (y: Int32Array, rows: Int32Array, k: number) => [...rows].filter((r) => y[r] === k).length;

describe('holdoutSplit', () => {
  it('partitions the rows: disjoint, complete, sorted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 500 }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer(), (n, t, seed) => {
        const { train, test } = holdoutSplit(n, t, seed >>> 0);
        const all = [...train, ...test].sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(test.length).toBeGreaterThan(0);
        expect(train.length).toBeGreaterThan(0);
        expect([...test]).toEqual([...test].sort((a, b) => a - b));
      }),
      { seed: 1, numRuns: 100 },
    );
  });

  it('keeps class proportions when stratified', () => {
    const y = classes([700, 200, 100]);
    const { test } = holdoutSplit(y.length, 0.2, 42, y);
    expect(countOf(y, test, 0)).toBe(140);
    expect(countOf(y, test, 1)).toBe(40);
    expect(countOf(y, test, 2)).toBe(20);
  });

  it('puts at least one row of every class with 2+ rows on each side', () => {
    const y = classes([100, 2, 3]);
    const { train, test } = holdoutSplit(y.length, 0.1, 1, y);
    for (const k of [1, 2]) {
      expect(countOf(y, test, k)).toBeGreaterThanOrEqual(1);
      expect(countOf(y, train, k)).toBeGreaterThanOrEqual(1);
    }
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(holdoutSplit(100, 0.3, 5)).toEqual(holdoutSplit(100, 0.3, 5));
    expect(holdoutSplit(100, 0.3, 5).test).not.toEqual(holdoutSplit(100, 0.3, 6).test);
  });

  it('rejects a test size outside (0, 1)', () => {
    expect(() => holdoutSplit(10, 0, 1)).toThrow(RangeError);
    expect(() => holdoutSplit(10, 1, 1)).toThrow(RangeError);
  });
});
