/**
 * Paired bootstrap of a metric difference between two models scored on the same rows: each
 * resample draws one set of rows and scores both models on it, so what the models share (hard
 * rows, easy rows) cancels out and the interval is that of the difference itself. The
 * difference is always A minus B in the metric's units; "A beats B" follows higherIsBetter.
 */
import type { CancelToken, ProgressFn } from '../../jobs.ts';
import { createRng } from '../../random.ts';
import { evaluateMetric } from '../report.ts';
import type { MetricParams, PreparedClassification } from '../types.ts';
import { checkedWeights, resolveBootstrapOptions, summarize } from './bootstrap-ci.ts';
import { evaluatePrepared, isClassification, resolveMetrics, tryPrepare, type EvalData, type MetricRequest, type Prepared } from './metric-request.ts';
import { makeResampleCurves, type ResampleCurves } from './resample-curves.ts';
import { drawRows, makeGatherer, rowCount, strataOf } from './resample.ts';
import { RESAMPLES_PER_STEP, runSteps, runStepsAsync } from './steps.ts';
import { formatCount, formatDifference, formatInterval, namesOf, type ModelNames, type Verdict, sentenceStart } from './verdict.ts';

export interface PairedBootstrapOptions {
  /** Default 1000. */
  resamples?: number;
  /** Default 0.95. */
  level?: number;
  /** Default 0. */
  seed?: number;
  sampleWeight?: ArrayLike<number>;
  /** true: resample within each true class; or one stratum label per row. */
  stratify?: boolean | ArrayLike<number | string>;
  names?: ModelNames;
  cancel?: CancelToken;
  onProgress?: ProgressFn;
}

export interface PairedBootstrapResult {
  name: string;
  key: string;
  params: MetricParams;
  higherIsBetter: boolean;
  /** The metric of each model on the full data; null when undefined. */
  estimateA: number | null;
  estimateB: number | null;
  /** estimateA - estimateB; null when either is undefined. */
  difference: number | null;
  /** Percentile interval of the resampled differences (A - B). */
  low: number | null;
  high: number | null;
  standardError: number | null;
  level: number;
  resamples: number;
  seed: number;
  /** Resamples where both models' metric was defined. */
  used: number;
  failed: number;
  /** Share of the used resamples where A is strictly better than B (by higherIsBetter). */
  shareABetter: number | null;
  shareBBetter: number | null;
  shareTied: number | null;
  verdict: Verdict;
}

/** Both data sets must score the same rows: same length, same truth (and same k for classifiers). */
export function checkSameRows(a: EvalData, b: EvalData): void {
  if (isClassification(a) !== isClassification(b)) throw new RangeError('Cannot compare a classifier with a regressor.');
  const n = a.yTrue.length;
  if (b.yTrue.length !== n) throw new RangeError(`Models were scored on different rows: ${n} and ${b.yTrue.length}.`);
  if (isClassification(a) && isClassification(b) && a.k !== b.k) throw new RangeError(`Models predict different numbers of classes: ${a.k} and ${b.k}.`);
  for (let i = 0; i < n; i++) {
    if (a.yTrue[i] !== b.yTrue[i]) throw new RangeError(`Models were scored on different rows: the true value differs at row ${i}.`);
  }
}

function verdictOf(r: Omit<PairedBootstrapResult, 'verdict'>, names: { a: string; b: string }): Verdict {
  const { name, low, high, difference, level } = r;
  if (difference === null || low === null || high === null) {
    return { winner: null, sentence: `${name} could not be compared: it is undefined for ${r.estimateA === null ? names.a : names.b} on these rows.` };
  }
  const better = (d: number): boolean => (r.higherIsBetter ? d > 0 : d < 0);
  const resamples = `${formatCount(r.used)} resamples`;
  if (low > 0 || high < 0) {
    const aWins = better(low);
    // Report the winner minus the other model, so the sentence reads in the winner's favour.
    const sign = aWins ? 1 : -1;
    const d = sign * difference;
    const [lo, hi] = aWins ? [low, high] : [-high, -low];
    const share = aWins ? r.shareABetter : r.shareBBetter;
    return {
      winner: aWins ? 'A' : 'B',
      sentence:
        `${sentenceStart(aWins ? names.a : names.b)} is better on ${name}: ${formatDifference(name, d)}${r.higherIsBetter ? '' : ' (lower is better)'}, ` +
        `${formatInterval(name, level, lo, hi)}; it wins in ${((share ?? 0) * 100).toFixed(1)}% of ${resamples}.`,
    };
  }
  return {
    winner: null,
    sentence:
      `The difference in ${name} is not distinguishable from noise: ${names.a} minus ${names.b} = ${formatDifference(name, difference)}, ` +
      `${formatInterval(name, level, low, high)} includes 0; ${names.a} wins in ${((r.shareABetter ?? 0) * 100).toFixed(1)}% of ${resamples}.`,
  };
}

function withCurves(prepared: Prepared | null, curves: ResampleCurves | null, rows: Int32Array): Prepared | null {
  return prepared && curves ? curves.attach(prepared as PreparedClassification, rows) : prepared;
}

function* pairedSteps(a: EvalData, b: EvalData, metric: MetricRequest, options: PairedBootstrapOptions): Generator<void, PairedBootstrapResult> {
  const { resamples, level, seed } = resolveBootstrapOptions(options);
  checkSameRows(a, b);
  const [m] = resolveMetrics(metric, a);
  if (!m) throw new RangeError('pairedBootstrap: no metric.');
  const n = rowCount(a);
  const weights = checkedWeights(options.sampleWeight, n);
  const strata = strataOf(a, options.stratify, n);
  const opts = { params: m.params, ...(weights ? { sampleWeight: weights } : {}) };
  const estimateA = evaluateMetric(m.name, a, opts).value;
  const estimateB = evaluateMetric(m.name, b, opts).value;

  const diffs = new Float64Array(resamples);
  let used = 0;
  let aBetter = 0;
  let bBetter = 0;
  if (n > 0) {
    const rng = createRng(seed);
    const rows = new Int32Array(n);
    const ga = makeGatherer(a, weights, n, true);
    const gb = makeGatherer(b, weights, n, true);
    const curvesA = isClassification(a) ? makeResampleCurves(a, weights) : null;
    const curvesB = isClassification(b) ? makeResampleCurves(b, weights) : null;
    for (let r = 0; r < resamples; r++) {
      drawRows(rows, rng, strata);
      ga.gather(rows);
      gb.gather(rows);
      const va = evaluatePrepared(m, withCurves(tryPrepare(ga.data, ga.weights, ga.known), curvesA, rows));
      const vb = evaluatePrepared(m, withCurves(tryPrepare(gb.data, gb.weights, gb.known), curvesB, rows));
      if (!Number.isNaN(va) && !Number.isNaN(vb)) {
        const d = va - vb;
        diffs[used++] = d;
        if (d !== 0) {
          if (m.higherIsBetter === d > 0) aBetter++;
          else bBetter++;
        }
      }
      if ((r + 1) % RESAMPLES_PER_STEP === 0) {
        options.onProgress?.({ phase: 'bootstrap', fraction: (r + 1) / resamples });
        yield;
      }
    }
  }
  options.onProgress?.({ phase: 'bootstrap', fraction: 1 });
  const share = (c: number): number | null => (used > 0 ? c / used : null);
  const partial: Omit<PairedBootstrapResult, 'verdict'> = {
    name: m.name,
    key: m.key,
    params: m.params,
    higherIsBetter: m.higherIsBetter,
    estimateA,
    estimateB,
    difference: estimateA !== null && estimateB !== null ? estimateA - estimateB : null,
    ...summarize(diffs.subarray(0, used), level),
    level,
    resamples,
    seed,
    used,
    failed: (n > 0 ? resamples : 0) - used,
    shareABetter: share(aBetter),
    shareBBetter: share(bBetter),
    shareTied: share(used - aBetter - bBetter),
  };
  return { ...partial, verdict: verdictOf(partial, namesOf(options.names)) };
}

/** Paired bootstrap of metric(A) - metric(B) on the same rows, cancellable (yields every 50 resamples). */
export function pairedBootstrap(a: EvalData, b: EvalData, metric: MetricRequest, options: PairedBootstrapOptions = {}): Promise<PairedBootstrapResult> {
  return runStepsAsync(pairedSteps(a, b, metric, options), options.cancel);
}

export function pairedBootstrapSync(a: EvalData, b: EvalData, metric: MetricRequest, options: PairedBootstrapOptions = {}): PairedBootstrapResult {
  return runSteps(pairedSteps(a, b, metric, options), options.cancel);
}
