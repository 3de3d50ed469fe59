import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maxOf, minOf } from '../../../src/core/stats/extent.ts';
import { describeFolds } from '../../../src/core/split/describe-folds.ts';

describe('maxOf / minOf', () => {
  it('agree with Math.max / Math.min on small inputs, NaN and empty included', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.constant(NaN))), (values) => {
        expect(Object.is(maxOf(values), Math.max(...values))).toBe(true);
        expect(Object.is(minOf(values), Math.min(...values))).toBe(true);
      }),
    );
    expect(maxOf([])).toBe(-Infinity);
    expect(minOf(new Float64Array(0))).toBe(Infinity);
  });

  it('take arrays far past the argument limit that Math.max(...values) overflows on', () => {
    const big = Int32Array.from({ length: 3_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    expect(() => Math.max(...big)).toThrow(RangeError);
    expect(maxOf(big)).toBe(1_000_002);
    expect(minOf(big)).toBe(0);
  });
});

describe('describeFolds on many rows', () => {
  it('describes a 3M-row holdout without overflowing the stack (it once spread every class index into Math.max)', () => {
    const n = 3_000_000;
    const y = Int32Array.from({ length: n }, (_, i) => i % 3);
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const d = describeFolds([{ train: rows.subarray(0, n - 1000), test: rows.subarray(n - 1000) }], { y, classes: ['a', 'b', 'c'] });
    const expected = [0, 0, 0];
    for (let i = n - 1000; i < n; i++) expected[y[i]!]!++;
    expect(d.folds[0]!.testClassCounts).toEqual(expected);
  });
});
