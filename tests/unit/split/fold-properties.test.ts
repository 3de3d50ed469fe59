import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  groupKFold,
  kFold,
  nestedFolds,
  orderByTime,
  repeatedFolds,
  stratifiedGroupKFold,
  stratifiedKFold,
  timeSeriesSplit,
  type Fold,
} from '../../../src/core/split/index.ts';

const opts = { seed: 7, numRuns: 60 };
const sorted = (a: Int32Array) => a.every((v, i) => i === 0 || a[i - 1]! < v);

/** Every row in exactly one test fold; train = complement; both sorted. */
function expectPartition(folds: Fold[], n: number): void {
  const seen = new Int32Array(n);
  for (const f of folds) {
    expect(sorted(f.train) && sorted(f.test)).toBe(true);
    expect(f.train.length + f.test.length).toBe(n);
    const inTest = new Set(f.test);
    for (const r of f.train) expect(inTest.has(r)).toBe(false);
    for (const r of f.test) seen[r]!++;
  }
  expect([...seen].every((c) => c === 1)).toBe(true);
}

const labels = (max: number) => fc.array(fc.integer({ min: 0, max }), { minLength: 12, maxLength: 120 });

describe('kFold / stratifiedKFold with shuffle', () => {
  it('partitions rows, is seed-deterministic and seed-sensitive', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 300 }), fc.integer({ min: 2, max: 8 }), fc.integer(), (n, k, seed) => {
        const folds = kFold(n, k, { shuffle: true, seed });
        expectPartition(folds, n);
        expect(kFold(n, k, { shuffle: true, seed })).toEqual(folds);
        const sizes = folds.map((f) => f.test.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
      opts,
    );
    expect(kFold(50, 5, { shuffle: true, seed: 1 })).not.toEqual(kFold(50, 5, { shuffle: true, seed: 2 }));
  });

  it('keeps each class within one row of its share in every test fold', () => {
    fc.assert(
      fc.property(labels(3), fc.integer({ min: 2, max: 5 }), fc.integer(), (ys, k, seed) => {
        const y = Int32Array.from(ys);
        const counts = new Map<number, number>();
        for (const v of y) counts.set(v, (counts.get(v) ?? 0) + 1);
        fc.pre([...counts.values()].some((c) => c >= k));
        const folds = stratifiedKFold(y, k, { shuffle: true, seed });
        expectPartition(folds, y.length);
        for (const f of folds)
          for (const [c, total] of counts) {
            const inFold = [...f.test].filter((r) => y[r] === c).length;
            expect(Math.abs(inFold - total / k)).toBeLessThan(1);
          }
        expect(stratifiedKFold(y, k, { shuffle: true, seed })).toEqual(folds);
      }),
      opts,
    );
    const y = Int32Array.from({ length: 60 }, (_, i) => i % 3);
    expect(stratifiedKFold(y, 4, { shuffle: true, seed: 1 })).not.toEqual(stratifiedKFold(y, 4, { shuffle: true, seed: 2 }));
  });
});

describe('group splitters', () => {
  const groupArb = fc.array(fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'), { freq: 8 }), {
    minLength: 20,
    maxLength: 100,
  });

  const expectGroupsDisjoint = (folds: Fold[], groups: (string | null)[]) => {
    for (const f of folds) {
      const train = new Set(Array.from(f.train, (r) => groups[r]));
      for (const r of f.test) expect(train.has(groups[r]!)).toBe(false);
    }
  };

  it('groupKFold never splits a group (missing is one group)', () => {
    fc.assert(
      fc.property(groupArb, fc.integer({ min: 2, max: 4 }), (groups, k) => {
        fc.pre(new Set(groups).size >= k);
        const folds = groupKFold(groups, k);
        expectPartition(folds, groups.length);
        expectGroupsDisjoint(folds, groups);
      }),
      opts,
    );
  });

  it('stratifiedGroupKFold never splits a group, with or without shuffle; seeds matter', () => {
    fc.assert(
      fc.property(groupArb, fc.integer({ min: 2, max: 4 }), fc.integer(), (groups, k, seed) => {
        const y = Int32Array.from(groups, (_, i) => (i * 7) % 3);
        const folds = stratifiedGroupKFold(y, groups, k, { shuffle: true, seed });
        // a fold can be empty when there are fewer groups than folds: still a partition of the rows
        expectPartition(folds, groups.length);
        expectGroupsDisjoint(folds, groups);
        expect(stratifiedGroupKFold(y, groups, k, { shuffle: true, seed })).toEqual(folds);
      }),
      opts,
    );
    const groups = Array.from({ length: 200 }, (_, i) => `g${i % 40}`);
    const y = Int32Array.from(groups, (_, i) => (i * 13) % 3);
    expect(stratifiedGroupKFold(y, groups, 5, { shuffle: true, seed: 1 })).not.toEqual(
      stratifiedGroupKFold(y, groups, 5, { shuffle: true, seed: 2 }),
    );
  });
});

describe('timeSeriesSplit', () => {
  it('trains only on earlier rows and respects the gap and max train size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 12, max: 200 }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 0, max: 3 }),
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        (n, k, gap, maxTrainSize) => {
          const options = { gap, ...(maxTrainSize ? { maxTrainSize } : {}) };
          // Too few rows for k test blocks plus the gap: a clear error instead of an empty train fold.
          if (n - gap - k * Math.floor(n / (k + 1)) <= 0) {
            expect(() => timeSeriesSplit(n, k, options)).toThrow(expect.objectContaining({ code: 'spec_invalid', message: expect.stringContaining('no training rows') }));
            return;
          }
          const folds = timeSeriesSplit(n, k, options);
          expect(folds.length).toBe(k);
          for (const f of folds) {
            expect(f.test[0]! - f.train[f.train.length - 1]! - 1).toBe(gap);
            if (maxTrainSize) expect(f.train.length).toBeLessThanOrEqual(maxTrainSize);
          }
          // with shuffled timestamps mapped through orderByTime, train times precede test times
          const times = Float64Array.from({ length: n }, (_, i) => ((i * 37) % n) + i / n); // distinct, out of order
          const order = orderByTime(times);
          for (const f of folds) {
            const latestTrain = Math.max(...Array.from(f.train, (p) => times[order[p]!]!));
            const earliestTest = Math.min(...Array.from(f.test, (p) => times[order[p]!]!));
            expect(latestTrain).toBeLessThan(earliestTest);
          }
        },
      ),
      opts,
    );
  });

  it('orderByTime is stable and puts NaN last', () => {
    expect([...orderByTime(Float64Array.from([3, NaN, 1, 3, 1, NaN, 0]))]).toEqual([6, 2, 4, 0, 3, 1, 5]);
  });
});

describe('repeatedFolds', () => {
  it('concatenates one fold set per repeat with distinct, reproducible seeds', () => {
    const make = (s: number) => kFold(30, 3, { shuffle: true, seed: s });
    const folds = repeatedFolds(make, 4, 11);
    expect(folds.length).toBe(12);
    for (let r = 0; r < 4; r++) expectPartition(folds.slice(r * 3, r * 3 + 3), 30);
    expect(repeatedFolds(make, 4, 11)).toEqual(folds);
    expect(folds.slice(0, 3)).not.toEqual(folds.slice(3, 6));
    // adding repeats leaves earlier ones unchanged
    expect(repeatedFolds(make, 2, 11)).toEqual(folds.slice(0, 6));
    expect(repeatedFolds(make, 1, 12)).not.toEqual(folds.slice(0, 3));
  });
});

describe('nestedFolds', () => {
  it('inner folds use only outer-train positions and partition them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 150 }), fc.integer(), (n, seed) => {
        const y = Int32Array.from({ length: n }, (_, i) => i % 2);
        const outer = stratifiedKFold(y, 4, { shuffle: true, seed });
        const nested = nestedFolds(outer, (pos) => stratifiedKFold(Int32Array.from(pos, (p) => y[p]!), 3, { shuffle: true, seed }));
        for (const { outer: o, inner } of nested) {
          const allowed = new Set(o.train);
          const seen = new Map<number, number>();
          for (const f of inner) {
            expect(sorted(f.train) && sorted(f.test)).toBe(true);
            for (const r of [...f.train, ...f.test]) expect(allowed.has(r)).toBe(true);
            for (const r of f.test) seen.set(r, (seen.get(r) ?? 0) + 1);
          }
          expect(seen.size).toBe(o.train.length);
          expect([...seen.values()].every((c) => c === 1)).toBe(true);
        }
      }),
      opts,
    );
  });

  it('rejects inner positions outside the outer train set', () => {
    const outer = kFold(10, 2);
    expect(() => nestedFolds(outer, () => [{ train: Int32Array.of(0), test: Int32Array.of(99) }])).toThrow(RangeError);
  });
});
