/**
 * Percentile bootstrap confidence intervals for any report metric.
 *
 * Each resample draws n rows with replacement (within each stratum when `stratify` is set: the
 * stratum sizes are then those of the data), gathers them, prepares them once and evaluates
 * every requested metric on them exactly as the report does. The interval is the
 * ((1 - level) / 2, (1 + level) / 2) percentiles of the resampled values, numpy's linear
 * percentile (what scipy.stats.bootstrap(method='percentile') reports). Sample weights travel
 * with their rows: a resample is the weighted metric on the drawn rows and their weights.
 *
 * A resample where a metric is undefined (AUC on a resample with one class, weights summing to
 * zero) counts as `failed` for that metric and is left out of its interval; the others are not
 * affected. The same seed gives the same draws, so the same interval, every time.
 */
import { createRng } from '../../random.ts';
import type { CancelToken, ProgressFn } from '../../jobs.ts';
import { evaluateMetric } from '../report.ts';
import type { MetricParams, PreparedClassification } from '../types.ts';
import { evaluatePrepared, isClassification, resolveMetrics, tryPrepare, type EvalData, type MetricRequest, type ResolvedMetric } from './metric-request.ts';
import { percentileSorted } from './percentile.ts';
import { makeResampleCurves } from './resample-curves.ts';
import { drawRows, makeGatherer, rowCount, strataOf } from './resample.ts';
import { RESAMPLES_PER_STEP, runSteps, runStepsAsync } from './steps.ts';

export interface BootstrapOptions {
  /** Number of resamples. Default 1000. */
  resamples?: number;
  /** Confidence level of the interval, in (0, 1). Default 0.95. */
  level?: number;
  /** Seed of the draws (createRng). Default 0. */
  seed?: number;
  /** One weight per row, finite and >= 0 (sklearn's sample_weight); resampled with the rows. */
  sampleWeight?: ArrayLike<number>;
  /** true: resample within each true class (classification); or one stratum label per row. Default: no strata. */
  stratify?: boolean | ArrayLike<number | string>;
  cancel?: CancelToken;
  onProgress?: ProgressFn;
}

export interface BootstrapInterval {
  name: string;
  key: string;
  params: MetricParams;
  higherIsBetter: boolean;
  /** The metric on the full data (the report's value); null when undefined there, with `reason`. */
  estimate: number | null;
  reason?: string;
  /** Percentile interval over the resamples where the metric was defined; null when none was. */
  low: number | null;
  high: number | null;
  /** Standard deviation (ddof = 1) of those resampled values: the bootstrap standard error. */
  standardError: number | null;
  /** Resamples where the metric was defined (the interval's sample). */
  used: number;
  /** Resamples where it was undefined (e.g. one class drawn). */
  failed: number;
}

export interface BootstrapResult {
  method: 'percentile';
  level: number;
  resamples: number;
  seed: number;
  rows: number;
  stratified: boolean;
  intervals: BootstrapInterval[];
}

export interface ResolvedBootstrap {
  resamples: number;
  level: number;
  seed: number;
}

export function resolveBootstrapOptions(o: { resamples?: number; level?: number; seed?: number }, defaultResamples = 1000): ResolvedBootstrap {
  const resamples = o.resamples ?? defaultResamples;
  const level = o.level ?? 0.95;
  const seed = o.seed ?? 0;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`bootstrap: resamples must be an integer >= 1, got ${resamples}.`);
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrap: level must be in (0, 1), got ${level}.`);
  if (!Number.isFinite(seed)) throw new RangeError(`bootstrap: seed must be a finite number, got ${seed}.`);
  return { resamples, level, seed };
}

/** Checks weights once (length, finite, >= 0) so a bad weight fails the call instead of every resample. */
export function checkedWeights(weights: ArrayLike<number> | undefined, n: number): Float64Array | undefined {
  if (weights === undefined) return undefined;
  if (weights.length !== n) throw new RangeError(`bootstrap: ${weights.length} sample weights for ${n} rows.`);
  const w = Float64Array.from(weights);
  for (let i = 0; i < n; i++) {
    const v = w[i] as number;
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`bootstrap: sample weight ${i} is ${v}; weights must be finite and >= 0.`);
  }
  return w;
}

/** Percentile interval and spread of a set of resampled values (unsorted; sorted in place). */
export function summarize(values: Float64Array, level: number): { low: number | null; high: number | null; standardError: number | null } {
  const m = values.length;
  if (m === 0) return { low: null, high: null, standardError: null };
  values.sort();
  let mean = 0;
  for (let i = 0; i < m; i++) mean += values[i] as number;
  mean /= m;
  let ss = 0;
  for (let i = 0; i < m; i++) ss += ((values[i] as number) - mean) ** 2;
  const alpha = (1 - level) / 2;
  return {
    low: percentileSorted(values, alpha * 100),
    high: percentileSorted(values, (1 - alpha) * 100),
    standardError: m > 1 ? Math.sqrt(ss / (m - 1)) : null,
  };
}

/** The bootstrap as steps (one yield per 50 resamples), for callers that run several in one job. */
export function* bootstrapSteps(data: EvalData, metrics: MetricRequest | readonly MetricRequest[], options: BootstrapOptions): Generator<void, BootstrapResult> {
  const { resamples, level, seed } = resolveBootstrapOptions(options);
  const resolved: ResolvedMetric[] = resolveMetrics(metrics, data);
  const n = rowCount(data);
  const weights = checkedWeights(options.sampleWeight, n);
  const strata = strataOf(data, options.stratify, n);
  const estimates = resolved.map((m) => evaluateMetric(m.name, data, { params: m.params, ...(weights ? { sampleWeight: weights } : {}) }));

  const values = resolved.map(() => new Float64Array(resamples));
  const used = new Int32Array(resolved.length);
  if (n > 0) {
    const rng = createRng(seed);
    const rows = new Int32Array(n);
    const g = makeGatherer(data, weights, n, true);
    const curves = isClassification(data) ? makeResampleCurves(data, weights) : null;
    for (let r = 0; r < resamples; r++) {
      drawRows(rows, rng, strata);
      g.gather(rows);
      let prepared = tryPrepare(g.data, g.weights, g.known);
      if (prepared && curves) prepared = curves.attach(prepared as PreparedClassification, rows);
      for (let j = 0; j < resolved.length; j++) {
        const v = evaluatePrepared(resolved[j] as ResolvedMetric, prepared);
        if (!Number.isNaN(v)) {
          const u = used[j] as number;
          (values[j] as Float64Array)[u] = v;
          used[j] = u + 1;
        }
      }
      if ((r + 1) % RESAMPLES_PER_STEP === 0) {
        options.onProgress?.({ phase: 'bootstrap', fraction: (r + 1) / resamples });
        yield;
      }
    }
  }
  options.onProgress?.({ phase: 'bootstrap', fraction: 1 });
  const intervals = resolved.map((m, j): BootstrapInterval => {
    const e = estimates[j] as (typeof estimates)[number];
    const u = used[j] as number;
    return {
      name: m.name,
      key: m.key,
      params: m.params,
      higherIsBetter: m.higherIsBetter,
      estimate: e.value,
      ...(e.reason !== undefined ? { reason: e.reason } : {}),
      ...summarize((values[j] as Float64Array).subarray(0, u), level),
      used: u,
      failed: (n > 0 ? resamples : 0) - u,
    };
  });
  return { method: 'percentile', level, resamples, seed, rows: n, stratified: strata !== null, intervals };
}

/** Bootstrap intervals, letting the event loop in every 50 resamples (cancellable). */
export function bootstrapCi(data: EvalData, metrics: MetricRequest | readonly MetricRequest[], options: BootstrapOptions = {}): Promise<BootstrapResult> {
  return runStepsAsync(bootstrapSteps(data, metrics, options), options.cancel);
}

/** The same, run straight through (CLI, tests, nested in other loops); still checks the cancel token. */
export function bootstrapCiSync(data: EvalData, metrics: MetricRequest | readonly MetricRequest[], options: BootstrapOptions = {}): BootstrapResult {
  return runSteps(bootstrapSteps(data, metrics, options), options.cancel);
}
