import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isBenchtopError } from '../../../src/core/errors.ts';
import {
  columnHoldout,
  describeFolds,
  groupHoldout,
  groupKFold,
  kFold,
  stratifiedKFold,
  timeHoldout,
  timeSeriesSplit,
} from '../../../src/core/split/index.ts';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return isBenchtopError(e) ? e.code : 'not-benchtop';
  }
  return undefined;
};

describe('groupHoldout', () => {
  it('moves whole groups until the test share of rows is reached, keeping train non-empty', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { freq: 6 }), { minLength: 10, maxLength: 80 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.integer(),
        (groups, t, seed) => {
          fc.pre(new Set(groups).size >= 2);
          const { train, test } = groupHoldout(groups, t, seed);
          expect(train.length + test.length).toBe(groups.length);
          expect(train.length).toBeGreaterThan(0);
          const trainGroups = new Set(Array.from(train, (r) => groups[r]));
          for (const r of test) expect(trainGroups.has(groups[r]!)).toBe(false);
          // either the target was reached or only one group is left in train
          expect(test.length >= t * groups.length || trainGroups.size === 1).toBe(true);
          expect(groupHoldout(groups, t, seed)).toEqual({ train, test });
        },
      ),
      { seed: 3, numRuns: 80 },
    );
  });

  it('needs two groups and a fraction', () => {
    expect(codeOf(() => groupHoldout(['a', 'a'], 0.5, 1))).toBe('spec_invalid');
    expect(codeOf(() => groupHoldout(['a', 'b'], 1.5, 1))).toBe('spec_invalid');
  });
});

describe('timeHoldout', () => {
  it('puts the latest rows in test, drops the gap, and keeps ties together', () => {
    const times = Float64Array.from([5, 1, 9, 3, 7, 2, 8, 4, 6, 0]);
    const { train, test } = timeHoldout(times, 0.3, 2);
    expect([...test]).toEqual([2, 4, 6]); // times 9, 7, 8
    expect([...train].map((r) => times[r]).sort()).toEqual([0, 1, 2, 3, 4]); // 5 and 6 dropped as gap
    const tied = timeHoldout(Float64Array.from([1, 2, 3, 3, 3, 4]), 0.4);
    expect([...tied.test]).toEqual([2, 3, 4, 5]);
    expect([...tied.train]).toEqual([0, 1]);
  });

  it('rejects missing times and splits that leave no training rows', () => {
    const err = (() => {
      try {
        timeHoldout(Float64Array.from([1, NaN, 3]), 0.3);
      } catch (e) {
        return e;
      }
    })();
    expect(isBenchtopError(err) && err.code === 'spec_invalid' && err.location.row === 2).toBe(true);
    expect(codeOf(() => timeHoldout(Float64Array.from([1, 2, 3, 4]), 0.5, 2))).toBe('spec_invalid');
  });
});

describe('columnHoldout', () => {
  it('reads train/test, true/false and 1/0 in any case', () => {
    const { train, test } = columnHoldout(['Train', 'TEST', ' 1 ', 'false', '0', 'True']);
    expect([...train]).toEqual([0, 3, 4]);
    expect([...test]).toEqual([1, 2, 5]);
  });

  it('names the row with an unknown or missing value, and needs both sides', () => {
    const e = (() => {
      try {
        columnHoldout(['train', 'test', 'validation']);
      } catch (x) {
        return x;
      }
    })();
    expect(isBenchtopError(e) && e.location.row === 3 && e.message.includes('validation')).toBe(true);
    expect(codeOf(() => columnHoldout(['train', null]))).toBe('spec_invalid');
    expect(codeOf(() => columnHoldout(['train', 'train']))).toBe('spec_invalid');
  });
});

describe('errors', () => {
  it('uses catalogue codes', () => {
    expect(codeOf(() => kFold(10, 1))).toBe('spec_invalid');
    expect(codeOf(() => kFold(3, 4))).toBe('spec_invalid');
    expect(codeOf(() => stratifiedKFold(Int32Array.from([0, 0, 1, 1, 2]), 3))).toBe('split_class_too_small');
    expect(codeOf(() => groupKFold(['a', 'b', 'a'], 3))).toBe('spec_invalid');
    expect(codeOf(() => timeSeriesSplit(5, 5))).toBe('spec_invalid');
    expect(codeOf(() => timeSeriesSplit(10, 3, { testSize: 3, gap: 1 }))).toBe('spec_invalid');
  });

  it('warns (not fails) when only some classes are smaller than k, naming the class', () => {
    const warnings: string[] = [];
    stratifiedKFold(Int32Array.from([0, 0, 0, 0, 1]), 3, { classes: ['no', 'yes'], onWarning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"yes"');
  });
});

describe('describeFolds', () => {
  it('counts rows, classes, groups and time ranges per fold', () => {
    const y = Int32Array.from([0, 0, 1, 1, 0, 1]);
    const groups = ['a', 'a', 'b', 'b', 'c', null];
    const times = Float64Array.from([1, 2, 3, 4, 5, NaN]);
    const { folds, warnings } = describeFolds(groupKFold(groups, 2), { y, classes: ['neg', 'pos'], groups, times });
    expect(folds).toHaveLength(2);
    for (const f of folds) {
      expect(f.trainRows + f.testRows).toBe(6);
      expect(f.sharedGroups).toBe(0);
      expect(f.trainClassCounts!.reduce((a, b) => a + b) + f.testClassCounts!.reduce((a, b) => a + b)).toBe(6);
    }
    // sizes a2 b2 c1 (missing)1: b then a, then the missing group and c fill the lighter fold
    expect(folds[0]).toMatchObject({ fold: 0, testRows: 3, testClassCounts: [0, 3], testGroups: 2, testTime: [3, 4] });
    expect(folds[1]).toMatchObject({ fold: 1, testRows: 3, testClassCounts: [3, 0], trainTime: [3, 4], testTime: [1, 5] });
    expect(warnings).toContain('Fold 1: class "neg" has no test rows.');
    expect(warnings).toContain('Fold 2: class "neg" has no training rows.');
    expect(warnings).toContain('Fold 2: 2 test rows are earlier than the latest training row.');
  });

  it('warns about shared groups, time leaks and thin folds', () => {
    const groups = ['a', 'a', 'b', 'b'];
    const times = Float64Array.from([4, 3, 2, 1]);
    const { folds, warnings } = describeFolds([{ train: Int32Array.of(0, 2), test: Int32Array.of(1) }], { groups, times });
    expect(folds[0]!.sharedGroups).toBe(1);
    expect(folds[0]!.trainTime).toEqual([2, 4]);
    expect(warnings).toHaveLength(3);
    expect(warnings.join('\n')).toMatch(/1 test row;.*\n.*\("a"\) appears in both train and test\.\n.*earlier than the latest training row/);
  });

  it('is quiet for a clean time-series split', () => {
    const times = Float64Array.from({ length: 20 }, (_, i) => i);
    expect(describeFolds(timeSeriesSplit(20, 3), { times }).warnings).toEqual([]);
  });
});
