/**
 * Turns the spec's split into concrete folds over the rows that have a target. Positions are
 * indices into `target.rows`. With a locked final test set, those rows are removed first and
 * every evaluation fold only ever sees the rest.
 */
import type { Table } from 'apache-arrow';
import { labelValues, numericValues } from '../data/columns.ts';
import { benchtopError } from '../errors.ts';
import { createRng } from '../random.ts';
import type { NormalizedSpec } from '../spec/types.ts';
import { groupKFold } from '../split/group-k-fold.ts';
import { columnHoldout, groupHoldout, timeHoldout } from '../split/holdouts.ts';
import { kFold } from '../split/k-fold.ts';
import { repeatedFolds } from '../split/repeated.ts';
import { stratifiedGroupKFold } from '../split/stratified-group-k-fold.ts';
import type { Fold } from '../split/fold.ts';
import { holdoutSplit } from '../split/stratified-holdout.ts';
import { stratifiedKFold } from '../split/stratified-k-fold.ts';
import { orderByTime, timeSeriesSplit } from '../split/time-series-split.ts';
import type { EncodedTarget } from './encode-target.ts';

export interface SplitPlan {
  /** Evaluation folds (one for a holdout), positions into target.rows. */
  folds: Fold[];
  /** Locked final test set: trained on `train`, evaluated once on `test`. */
  finalTest?: Fold;
  /** Group / time values of the target rows, for describing the folds. */
  groups?: (string | null)[];
  times?: Float64Array;
}

export function makeSplits(spec: NormalizedSpec, table: Table, target: EncodedTarget): SplitPlan {
  const split = spec.split;
  const n = target.rows.length;
  const y = spec.task === 'regression' ? undefined : (target.y as Int32Array);
  const column = split.column;
  const groups = column && !isTimeStrategy(split.strategy) ? pickLabels(labelValues(table, column), target.rows) : undefined;
  const times = column && isTimeStrategy(split.strategy) ? pickNumbers(numericValues(table, column), target.rows) : undefined;
  const rng = createRng(spec.seed).fork('split');
  // Checked here, not by the runner, so a plan preview or a learning curve refuses the same split a run would.
  if (split.strategy === 'stratified' || split.strategy === 'stratified-group')
    checkStrata(y!, target.classes!, split.kind === 'kfold' ? split.k : 2);

  if (split.kind === 'holdout') {
    const one = holdout(split.strategy, n, split.testSize, rng.int(2 ** 31), { y, groups, times, gap: split.gap });
    return { folds: [one], groups, times };
  }

  // The final test set is carved first, with the holdout that matches the fold family.
  let pool: Int32Array = Int32Array.from({ length: n }, (_, i) => i);
  let finalTest: Fold | undefined;
  if (split.finalTest > 0) {
    const family = { kfold: 'random', stratified: 'stratified', group: 'group', 'stratified-group': 'group', 'time-series': 'time' } as const;
    finalTest = holdout(family[split.strategy], n, split.finalTest, rng.int(2 ** 31), { y, groups, times, gap: split.gap });
    pool = finalTest.train;
  }
  const sub = <T>(v: T[] | undefined) => v && Array.from(pool, (p) => v[p]!);
  const py = y && Int32Array.from(pool, (p) => y[p]!);
  const pg = sub(groups);
  const pt = times && Float64Array.from(pool, (p) => times[p]!);
  const k = split.k;
  const make = (seed: number): Fold[] => {
    switch (split.strategy) {
      case 'kfold':
        return kFold(pool.length, k, { shuffle: true, seed });
      case 'stratified':
        return stratifiedKFold(py!, k, { shuffle: true, seed });
      case 'group':
        return groupKFold(pg!, k);
      case 'stratified-group':
        return stratifiedGroupKFold(py!, pg!, k, { shuffle: true, seed });
      case 'time-series': {
        const order = orderByTime(pt!);
        const folds = timeSeriesSplit(pool.length, k, { gap: split.gap, ...(split.maxTrainSize ? { maxTrainSize: split.maxTrainSize } : {}) });
        const back = (idx: Int32Array) => Int32Array.from(idx, (i) => order[i]!).sort();
        return folds.map((f) => ({ train: back(f.train), test: back(f.test) }));
      }
    }
  };
  const local = split.repeats > 1 ? repeatedFolds(make, split.repeats, rng.int(2 ** 31)) : make(rng.int(2 ** 31));
  const toGlobal = (idx: Int32Array) => Int32Array.from(idx, (i) => pool[i]!);
  return {
    folds: local.map((f) => ({ train: toGlobal(f.train), test: toGlobal(f.test) })),
    ...(finalTest ? { finalTest } : {}),
    groups,
    times,
  };
}

function holdout(
  strategy: 'random' | 'stratified' | 'group' | 'time' | 'column',
  n: number,
  testSize: number,
  seed: number,
  by: { y?: Int32Array; groups?: (string | null)[]; times?: Float64Array; gap: number },
): Fold {
  switch (strategy) {
    case 'random':
      return holdoutSplit(n, testSize, seed);
    case 'stratified':
      return holdoutSplit(n, testSize, seed, by.y);
    case 'group':
      return groupHoldout(by.groups!, testSize, seed);
    case 'time':
      return timeHoldout(by.times!, testSize, by.gap);
    case 'column':
      return columnHoldout(by.groups!);
  }
}

/** Every class needs `min` rows: one per fold (k-fold) or one on each side (holdout). */
function checkStrata(y: Int32Array, classes: string[], min: number): void {
  const counts = new Array<number>(classes.length).fill(0);
  for (const c of y) counts[c]! += 1;
  counts.forEach((count, c) => {
    if (count < min) throw benchtopError('split_class_too_small', { value: classes[c], count, min });
  });
}

const isTimeStrategy = (s: string) => s === 'time' || s === 'time-series';
const pickLabels = (all: (string | null)[], rows: Int32Array) => Array.from(rows, (r) => all[r] ?? null);
const pickNumbers = (all: Float64Array, rows: Int32Array) => Float64Array.from(rows, (r) => all[r]!);

export function assertFoldsUsable(folds: Fold[]): void {
  folds.forEach((f, i) => {
    if (f.train.length < 2 || f.test.length < 1)
      throw benchtopError('spec_invalid', { field: 'split', reason: `fold ${i + 1} has ${f.train.length} training and ${f.test.length} test rows; use fewer folds or a larger test size` });
  });
}
