/**
 * How well one column alone predicts the target, measured cheaply on a fixed holdout: the
 * column is cut into bins (quantile bins for numbers, one bin per category, missing its own
 * bin), each bin predicts its train rows' class or mean, and the prediction is scored on the
 * test rows. Typed arrays only: one pass per column, no per-row objects.
 */
import { createRng, permutation } from '../../../random.ts';
import type { TargetData } from './target-context.ts';

/** Bins for a numeric column: enough to follow a real relationship, too few to memorise rows. */
export const MAX_BINS = 32;
/** Quantile cuts are fitted on at most this many train values (evenly spaced) to keep the sort cheap. */
const QUANTILE_SAMPLE = 50_000;
/** Count tables beyond this many cells (bins x classes) are not built; such a column is left unscored. */
const MAX_CELLS = 8_000_000;
const TEST_SHARE = 0.3;
const SEED = 0;

export interface SplitScore {
  /** Score on the 30% test part: balanced accuracy (classification) or R² (regression). */
  test: number;
  /** Same score on the 70% train part the bins were fitted on. */
  train: number;
}

export class SingleFeatureScorer {
  readonly train: Int32Array;
  readonly test: Int32Array;
  readonly classification: boolean;
  /** Chance level: 1 / classes present in the test part, or 0 (R² of predicting the mean). */
  readonly baseline: number;
  readonly #y: Int32Array | Float64Array;
  readonly #k: number;
  readonly #weights: Float64Array;
  readonly #fallbackClass: number;
  readonly #trainMean: number;

  constructor(target: TargetData) {
    const codes = target.encoded.codes;
    const rows = new Int32Array(target.present);
    for (let i = 0, j = 0; i < codes.length; i++) if (codes[i] !== 0) rows[j++] = i;
    const order = permutation(rows.length, createRng(SEED));
    const nTest = Math.round(TEST_SHARE * rows.length);
    const inTest = new Uint8Array(rows.length);
    for (let j = 0; j < nTest; j++) inTest[order[j]!] = 1;
    // rows stay in table order on both sides (cheaper than sorting, and reads memory in order)
    this.test = new Int32Array(nTest);
    this.train = new Int32Array(rows.length - nTest);
    for (let j = 0, a = 0, b = 0; j < rows.length; j++) {
      if (inTest[j]) this.test[a++] = rows[j]!;
      else this.train[b++] = rows[j]!;
    }
    this.classification = target.classification;
    if (target.classification) {
      const k = target.encoded.k;
      const y = new Int32Array(codes.length);
      for (let i = 0; i < codes.length; i++) y[i] = codes[i]! - 1;
      const trainCounts = new Float64Array(k);
      for (const r of this.train) trainCounts[y[r]!]!++;
      // Per-bin prediction weighs each class by 1 / its train size: the bin's majority after
      // balancing, which is what maximises balanced accuracy (a plain majority never predicts a
      // rare class, so even a perfect feature would score like chance on imbalanced data).
      this.#weights = trainCounts.map((c) => (c > 0 ? 1 / c : 0));
      let best = 0;
      for (let c = 1; c < k; c++) if (trainCounts[c]! > trainCounts[best]!) best = c;
      this.#fallbackClass = best;
      const testClasses = new Uint8Array(k);
      for (const r of this.test) testClasses[y[r]!] = 1;
      const present = testClasses.reduce((a, b) => a + b, 0);
      this.baseline = present > 0 ? 1 / present : NaN;
      this.#y = y;
      this.#k = k;
      this.#trainMean = NaN;
    } else {
      const y = target.y ?? new Float64Array(codes.length).fill(NaN);
      let sum = 0;
      for (const r of this.train) sum += y[r]!;
      this.#trainMean = sum / this.train.length;
      this.baseline = 0;
      this.#y = y;
      this.#k = 0;
      this.#weights = new Float64Array(0);
      this.#fallbackClass = 0;
    }
  }

  /** Score bins (per table row, 0..bins-1; only train and test rows are read). NaN when too big to count. */
  score(bin: Int32Array, bins: number): SplitScore {
    return this.classification ? this.#classify(bin, bins) : this.#regress(bin, bins);
  }

  #classify(bin: Int32Array, bins: number): SplitScore {
    const k = this.#k;
    if (bins * k > MAX_CELLS) return { test: NaN, train: NaN };
    const y = this.#y as Int32Array;
    const counts = new Float64Array(bins * k);
    for (const r of this.train) counts[bin[r]! * k + y[r]!]!++;
    const predicted = new Int32Array(bins);
    for (let b = 0; b < bins; b++) {
      let best = -1;
      let bestWeight = 0;
      for (let c = 0; c < k; c++) {
        const w = counts[b * k + c]! * this.#weights[c]!;
        if (w > bestWeight) {
          bestWeight = w;
          best = c;
        }
      }
      predicted[b] = best < 0 ? this.#fallbackClass : best;
    }
    const balancedAccuracy = (rows: Int32Array): number => {
      const support = new Float64Array(k);
      const correct = new Float64Array(k);
      for (const r of rows) {
        const c = y[r]!;
        support[c]!++;
        if (predicted[bin[r]!] === c) correct[c]!++;
      }
      let sum = 0;
      let m = 0;
      for (let c = 0; c < k; c++) {
        if (support[c] === 0) continue;
        sum += correct[c]! / support[c]!;
        m++;
      }
      return m === 0 ? NaN : sum / m;
    };
    return { test: balancedAccuracy(this.test), train: balancedAccuracy(this.train) };
  }

  #regress(bin: Int32Array, bins: number): SplitScore {
    const y = this.#y as Float64Array;
    const sums = new Float64Array(bins);
    const counts = new Float64Array(bins);
    for (const r of this.train) {
      const b = bin[r]!;
      sums[b]! += y[r]!;
      counts[b]!++;
    }
    const predicted = sums.map((s, b) => (counts[b]! > 0 ? s / counts[b]! : this.#trainMean));
    const r2 = (rows: Int32Array): number => {
      if (rows.length < 2) return NaN;
      let mean = 0;
      for (const r of rows) mean += y[r]!;
      mean /= rows.length;
      let ssTot = 0;
      let ssRes = 0;
      for (const r of rows) {
        ssTot += (y[r]! - mean) ** 2;
        ssRes += (y[r]! - predicted[bin[r]!]!) ** 2;
      }
      if (ssRes === 0) return 1;
      return ssTot === 0 ? 0 : 1 - ssRes / ssTot;
    };
    return { test: r2(this.test), train: r2(this.train) };
  }

  /**
   * Bins for numbers (NaN = missing, its own last bin): the distinct train values when there are
   * at most MAX_BINS of them, else cuts near the train quantiles 1/32 .. 31/32. Writes `out` for
   * train and test rows and returns the number of bins.
   *
   * For classification each quantile cut moves to the nearest place (within half a bin) where the
   * class of the sorted train values changes, half-way between the two values: a plain quantile
   * bin straddling the gap between two perfectly separated classes would mix them and cost a
   * perfect separator up to 1/64 of its accuracy, right where the leakage threshold sits.
   */
  numberBins(values: Float64Array, out: Int32Array): number {
    const train = this.train;
    const take = Math.min(train.length, QUANTILE_SAMPLE);
    const sampleRows = new Int32Array(take);
    let m = 0;
    for (let j = 0; j < take; j++) {
      const r = train[Math.floor((j * train.length) / take)]!;
      const v = values[r]!;
      if (v === v) sampleRows[m++] = r;
    }
    const rows = sampleRows.subarray(0, m);
    const { sorted, classes } = this.classification
      ? sortWithClasses(rows, values, this.#y as Int32Array, this.#k)
      : { sorted: Float64Array.from(rows, (r) => values[r]!).sort(), classes: null };
    let cuts = distinctAfterFirst(sorted, MAX_BINS);
    if (!cuts) {
      const quantiles: number[] = [];
      for (let q = 1; q < MAX_BINS; q++) {
        const at = Math.floor((q * m) / MAX_BINS);
        const p = classes ? nearestClassChange(sorted, classes, at, Math.ceil(m / (2 * MAX_BINS)) + 1) : -1;
        // half-way across a class change, so unseen values in the gap go to the nearer class
        const v = p > 0 ? (sorted[p - 1]! + sorted[p]!) / 2 : sorted[at]!;
        if (quantiles.length === 0 || v > quantiles[quantiles.length - 1]!) quantiles.push(v);
      }
      // a cut at the minimum would leave bin 0 empty
      cuts = Float64Array.from(quantiles.filter((v) => v > sorted[0]!));
    }
    const missingBin = cuts.length + 1;
    const assign = (part: Int32Array): void => {
      for (let j = 0; j < part.length; j++) {
        const r = part[j]!;
        const v = values[r]!;
        if (v !== v) {
          out[r] = missingBin;
          continue;
        }
        let lo = 0;
        let hi = cuts.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cuts[mid]! <= v) lo = mid + 1;
          else hi = mid;
        }
        out[r] = lo;
      }
    };
    assign(train);
    assign(this.test);
    return missingBin + 1;
  }
}

/**
 * The position within `at ± reach` nearest `at` where a cut separates two classes: the value
 * differs from the previous one and so does the class. -1 when there is none.
 */
function nearestClassChange(sorted: Float64Array, classes: Int32Array, at: number, reach: number): number {
  const isChange = (p: number) => p > 0 && p < sorted.length && sorted[p] !== sorted[p - 1] && classes[p] !== classes[p - 1];
  for (let d = 0; d <= reach; d++) {
    if (isChange(at - d)) return at - d;
    if (isChange(at + d)) return at + d;
  }
  return -1;
}

/** Above this many classes the k-way merge costs more than sorting row indices with a comparator. */
const MERGE_MAX_CLASSES = 16;

/**
 * The values of `rows` in ascending order with each one's class. Few classes: sort each class's
 * values natively and merge (a comparator sort over row indices is several times slower).
 */
function sortWithClasses(rows: Int32Array, values: Float64Array, y: Int32Array, k: number): { sorted: Float64Array; classes: Int32Array } {
  const m = rows.length;
  const sorted = new Float64Array(m);
  const classes = new Int32Array(m);
  if (k > MERGE_MAX_CLASSES) {
    const order = Int32Array.from(rows).sort((a, b) => values[a]! - values[b]!);
    for (let p = 0; p < m; p++) {
      sorted[p] = values[order[p]!]!;
      classes[p] = y[order[p]!]!;
    }
    return { sorted, classes };
  }
  const start = new Int32Array(k + 1);
  for (let j = 0; j < m; j++) start[y[rows[j]!]! + 1]!++;
  for (let c = 0; c < k; c++) start[c + 1]! += start[c]!;
  const byClass = new Float64Array(m);
  const fill = start.slice(0, k);
  for (let j = 0; j < m; j++) byClass[fill[y[rows[j]!]!]!++] = values[rows[j]!]!;
  for (let c = 0; c < k; c++) byClass.subarray(start[c]!, start[c + 1]!).sort();
  const next = start.slice(0, k);
  for (let p = 0; p < m; p++) {
    let best = -1;
    for (let c = 0; c < k; c++) if (next[c]! < start[c + 1]! && (best < 0 || byClass[next[c]!]! < byClass[next[best]!]!)) best = c;
    sorted[p] = byClass[next[best]!]!;
    classes[p] = best;
    next[best]!++;
  }
  return { sorted, classes };
}

/** The distinct values of a sorted array except the smallest, or null when there are more than `max`. */
function distinctAfterFirst(sorted: Float64Array, max: number): Float64Array | null {
  const out: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] !== sorted[i - 1]) {
      out.push(sorted[i]!);
      if (out.length >= max) return null;
    }
  }
  return Float64Array.from(out);
}
