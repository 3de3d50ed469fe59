/**
 * The post-hoc calibration split: a calibrator fitted on the same rows it is judged on looks
 * better than it is, so the evaluated rows are cut in two, stratified by class and seeded
 * (createRng(seed).fork('calibration')): the calibrator is fitted on one half and every number
 * of the page is then reported on the other. Same rows and seed give the same halves.
 */
import { createRng, permutation } from '../../random.ts';

export interface CalibrationSplit {
  /** Positions (into the evaluated rows) the calibrator is fitted on, increasing. */
  fit: number[];
  /** The other positions, increasing: everything is reported on these. */
  report: number[];
}

/** Each class's rows are shuffled and the first floor(n_c / 2) go to `fit`, the rest to `report`. */
export function calibrationSplit(yTrue: ArrayLike<number>, seed: number): CalibrationSplit {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < yTrue.length; i++) {
    const c = yTrue[i]!;
    let list = byClass.get(c);
    if (!list) byClass.set(c, (list = []));
    list.push(i);
  }
  const rng = createRng(seed).fork('calibration');
  const fit: number[] = [];
  const report: number[] = [];
  // Classes in index order, so the draws do not depend on which class came first in the data.
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const list = byClass.get(c)!;
    const order = permutation(list.length, rng);
    const half = Math.floor(list.length / 2);
    order.forEach((o, j) => (j < half ? fit : report).push(list[o]!));
  }
  fit.sort((a, b) => a - b);
  report.sort((a, b) => a - b);
  return { fit, report };
}
