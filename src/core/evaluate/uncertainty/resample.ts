import type { Rng } from '../../random.ts';
import { checkClassification } from '../check-input.ts';
import type { KnownRows } from '../prepare.ts';
import { predictedClasses } from '../predicted-classes.ts';
import { firstNonProbability } from '../probabilities.ts';
import type { ClassificationData, RegressionData } from '../types.ts';
import { isClassification, type EvalData } from './metric-request.ts';

/**
 * Bootstrap resampling by row index: one Int32Array of drawn rows per resample, and buffers
 * that hold the gathered rows, allocated once and overwritten each time (a resample of 10k
 * rows x 5 classes then costs no allocation but what the metrics themselves make).
 */

/** Stratum of each row (0..m-1) -> the rows of each stratum. */
function groupRows(codes: ArrayLike<number>): Int32Array[] {
  const counts = new Map<number, number>();
  for (let i = 0; i < codes.length; i++) counts.set(codes[i] as number, (counts.get(codes[i] as number) ?? 0) + 1);
  const keys = [...counts.keys()].sort((a, b) => a - b);
  const groups = new Map(keys.map((k) => [k, { rows: new Int32Array(counts.get(k) as number), fill: 0 }]));
  for (let i = 0; i < codes.length; i++) {
    const g = groups.get(codes[i] as number) as { rows: Int32Array; fill: number };
    g.rows[g.fill++] = i;
  }
  return keys.map((k) => (groups.get(k) as { rows: Int32Array }).rows);
}

/** Stratum codes from `stratify`: true = the true class (classification), or one code per row (numbers or strings). */
export function strataOf(data: EvalData, stratify: boolean | ArrayLike<number | string> | undefined, n: number): Int32Array[] | null {
  if (stratify === undefined || stratify === false) return null;
  if (stratify === true) {
    if (!isClassification(data)) throw new RangeError('stratify: true needs classification data (it stratifies by the true class); pass one stratum per row instead.');
    return groupRows(data.yTrue);
  }
  if (stratify.length !== n) throw new RangeError(`stratify has ${stratify.length} values for ${n} rows.`);
  const codes = new Int32Array(n);
  const ids = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    const v = stratify[i] as number | string;
    let id = ids.get(v);
    if (id === undefined) {
      id = ids.size;
      ids.set(v, id);
    }
    codes[i] = id;
  }
  return groupRows(codes);
}

/** Fills `out` with n rows drawn with replacement; within each stratum when strata are given (stratum sizes are kept). */
export function drawRows(out: Int32Array, rng: Rng, strata: Int32Array[] | null): void {
  const n = out.length;
  if (strata === null) {
    for (let i = 0; i < n; i++) out[i] = rng.int(n);
    return;
  }
  let at = 0;
  for (const rows of strata) {
    const m = rows.length;
    for (let j = 0; j < m; j++) out[at++] = rows[rng.int(m)] as number;
  }
}

/** Gathers rows into preallocated buffers; the returned data object is the same each call. */
export interface Gatherer {
  data: EvalData;
  weights: Float64Array | undefined;
  /**
   * Classification data that passed its checks (made with `checkOnce`): what prepare need not
   * work out again for the gathered rows (their predicted classes are gathered too).
   */
  known: KnownRows | undefined;
  gather(rows: Int32Array): void;
}

/**
 * With `checkOnce`, a bootstrap's gatherer: a classification source that passes
 * checkClassification once spares every resample the checks and the argmax (about a tenth of
 * a 1,000-resample report); a source that fails them gets no `known`, so each resample fails
 * as it did.
 */
export function makeGatherer(source: EvalData, sourceWeights: Float64Array | undefined, n: number, checkOnce = false): Gatherer {
  const weights = sourceWeights ? new Float64Array(n) : undefined;
  const gatherWeights = (rows: Int32Array): void => {
    if (!weights || !sourceWeights) return;
    for (let i = 0; i < n; i++) weights[i] = sourceWeights[rows[i] as number] as number;
  };
  if (isClassification(source)) {
    const { k } = source;
    const data: ClassificationData = { yTrue: new Int32Array(n), proba: new Float64Array(n * k), k };
    const sourcePred = checkOnce && passes(source) ? predictedClasses(source) : null;
    const knownRows: KnownRows | undefined = sourcePred ? { pred: new Int32Array(n), probabilities: firstNonProbability(source.proba) < 0 } : undefined;
    return {
      data,
      weights,
      known: knownRows,
      gather(rows) {
        for (let i = 0; i < n; i++) {
          const r = rows[i] as number;
          data.yTrue[i] = source.yTrue[r] as number;
          if (knownRows) knownRows.pred[i] = sourcePred![r] as number;
          const from = r * k;
          const to = i * k;
          for (let c = 0; c < k; c++) data.proba[to + c] = source.proba[from + c] as number;
        }
        gatherWeights(rows);
      },
    };
  }
  const data: RegressionData = { yTrue: new Float64Array(n), yPred: new Float64Array(n) };
  return {
    data,
    weights,
    known: undefined,
    gather(rows) {
      for (let i = 0; i < n; i++) {
        const r = rows[i] as number;
        data.yTrue[i] = source.yTrue[r] as number;
        data.yPred[i] = source.yPred[r] as number;
      }
      gatherWeights(rows);
    },
  };
}

function passes(source: ClassificationData): boolean {
  try {
    checkClassification(source);
    return true;
  } catch {
    return false;
  }
}

/** Rows of `data` at the given indices (a slice), as new arrays. */
export function subsetData(data: EvalData, rows: ArrayLike<number>): EvalData {
  const idx = Int32Array.from(rows as ArrayLike<number>);
  const g = makeGatherer(data, undefined, idx.length);
  g.gather(idx);
  return g.data;
}

export function rowCount(data: EvalData): number {
  return data.yTrue.length;
}
