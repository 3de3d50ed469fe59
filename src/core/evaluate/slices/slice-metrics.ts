/**
 * Metrics per slice of the scored rows, to find where a model is weak. Slices come from columns
 * of raw values (one per row: categories, quantile bins of numbers, missing values as their
 * own slice) and from user-defined filters. Each slice with at least `minSupport` rows gets a
 * bootstrap interval (`resamples`, default 200, seeded per slice so adding a slice does not
 * move the others' intervals); smaller slices get their value only and are never flagged.
 *
 * `worst` marks, per metric, a slice whose interval lies entirely on the bad side of the overall
 * estimate ('ci_below_overall'), or one of the `bottomK` worst-valued slices with enough rows
 * whose value is worse than overall ('bottom_k').
 */
import type { CancelToken, ProgressFn } from '../../jobs.ts';
import type { MetricParams } from '../types.ts';
import { bootstrapSteps, checkedWeights, type BootstrapResult } from '../uncertainty/bootstrap-ci.ts';
import { evaluatePrepared, resolveMetrics, tryPrepare, type EvalData, type MetricRequest, type ResolvedMetric } from '../uncertainty/metric-request.ts';
import { rowCount, subsetData } from '../uncertainty/resample.ts';
import { runSteps, runStepsAsync } from '../uncertainty/steps.ts';
import { filterRows, type SliceFilter, type SlicePredicate } from './slice-filter.ts';
import { valueGroups, type SliceColumn, type SliceValue } from './slice-values.ts';

export interface SliceOptions {
  /** Report metrics to compute per slice (names or {name, params}). */
  metrics: MetricRequest | readonly MetricRequest[];
  /** Fewest rows for a slice to get an interval and be flagged. Default 30. */
  minSupport?: number;
  /** Quantile bins per numeric column. Default 4. */
  bins?: number;
  /** Most categories listed per column; the rest form one "other" slice. Default 50. */
  maxCategories?: number;
  /** User-defined slices: a predicate, or {name?, where: predicate | predicates (ANDed)}. */
  filters?: readonly (SlicePredicate | SliceFilter)[];
  /** Columns only filters refer to (not sliced themselves). */
  filterColumns?: readonly SliceColumn[];
  /** Bootstrap resamples per slice. Default 200. */
  resamples?: number;
  /** Default 0.95. */
  level?: number;
  /** Default 0. */
  seed?: number;
  sampleWeight?: ArrayLike<number>;
  /** How many of the worst slices (with enough rows, worse than overall) are flagged per metric. Default 3. */
  bottomK?: number;
  cancel?: CancelToken;
  onProgress?: ProgressFn;
}

export interface SliceMetric {
  key: string;
  value: number | null;
  reason?: string;
  low: number | null;
  high: number | null;
  worst: boolean;
  worstReason?: 'ci_below_overall' | 'bottom_k';
}

export interface Slice {
  id: string;
  label: string;
  /** The column it comes from; null for a filter. */
  column: string | null;
  kind: 'value' | 'bin' | 'missing' | 'other' | 'filter';
  value?: SliceValue;
  low?: number;
  high?: number;
  /** Rows in the slice. */
  support: number;
  /** Their summed weight (= support when unweighted). */
  weight: number;
  enoughSupport: boolean;
  metrics: SliceMetric[];
}

export interface SliceReport {
  metrics: { name: string; key: string; params: MetricParams; higherIsBetter: boolean }[];
  overall: { key: string; value: number | null; low: number | null; high: number | null }[];
  slices: Slice[];
  rows: number;
  minSupport: number;
  bins: number;
  resamples: number;
  level: number;
  seed: number;
}

/** FNV-1a of the slice id mixed into the seed: each slice's draws depend only on its id. */
function sliceSeed(seed: number, id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return ((Math.trunc(seed) >>> 0) ^ h) >>> 0;
}

interface Candidate {
  id: string;
  label: string;
  column: string | null;
  kind: Slice['kind'];
  value?: SliceValue;
  low?: number;
  high?: number;
  rows: number[];
}

function flagWorst(slices: Slice[], resolved: ResolvedMetric[], overall: SliceReport['overall'], bottomK: number): void {
  resolved.forEach((m, j) => {
    const ref = (overall[j] as SliceReport['overall'][number]).value;
    if (ref === null) return;
    const worse = (v: number): boolean => (m.higherIsBetter ? v < ref : v > ref);
    const eligible = slices.filter((s) => s.enoughSupport && (s.metrics[j] as SliceMetric).value !== null);
    for (const s of eligible) {
      const sm = s.metrics[j] as SliceMetric;
      if (sm.low !== null && sm.high !== null && (m.higherIsBetter ? sm.high < ref : sm.low > ref)) {
        sm.worst = true;
        sm.worstReason = 'ci_below_overall';
      }
    }
    const ranked = eligible
      .filter((s) => worse((s.metrics[j] as SliceMetric).value as number))
      .sort((a, b) => {
        const va = (a.metrics[j] as SliceMetric).value as number;
        const vb = (b.metrics[j] as SliceMetric).value as number;
        return (m.higherIsBetter ? va - vb : vb - va) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      });
    for (const s of ranked.slice(0, bottomK)) {
      const sm = s.metrics[j] as SliceMetric;
      if (!sm.worst) {
        sm.worst = true;
        sm.worstReason = 'bottom_k';
      }
    }
  });
}

function* sliceSteps(data: EvalData, sliceColumns: readonly SliceColumn[], options: SliceOptions): Generator<void, SliceReport> {
  const n = rowCount(data);
  const minSupport = options.minSupport ?? 30;
  const bins = options.bins ?? 4;
  const maxCategories = options.maxCategories ?? 50;
  const resamples = options.resamples ?? 200;
  const level = options.level ?? 0.95;
  const seed = options.seed ?? 0;
  const bottomK = options.bottomK ?? 3;
  if (!Number.isInteger(minSupport) || minSupport < 1) throw new RangeError(`sliceMetrics: minSupport must be an integer >= 1, got ${minSupport}.`);
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`sliceMetrics: bins must be an integer >= 1, got ${bins}.`);
  if (!Number.isInteger(maxCategories) || maxCategories < 1) throw new RangeError(`sliceMetrics: maxCategories must be an integer >= 1, got ${maxCategories}.`);
  if (!Number.isInteger(bottomK) || bottomK < 0) throw new RangeError(`sliceMetrics: bottomK must be an integer >= 0, got ${bottomK}.`);
  const resolved = resolveMetrics(options.metrics, data);
  const requests = resolved.map((m) => ({ name: m.name, params: m.params }));
  const weights = checkedWeights(options.sampleWeight, n);

  const byName = new Map<string, SliceColumn>();
  for (const c of [...sliceColumns, ...(options.filterColumns ?? [])]) {
    if (c.values.length !== n) throw new RangeError(`Slice column "${c.name}" has ${c.values.length} values for ${n} scored rows.`);
    if (byName.has(c.name)) throw new RangeError(`Slice column "${c.name}" is given twice.`);
    byName.set(c.name, c);
  }
  const candidates: Candidate[] = [];
  for (const c of sliceColumns) {
    for (const g of valueGroups(c, { bins, maxCategories })) candidates.push({ ...g, column: c.name });
  }
  (options.filters ?? []).forEach((f, i) => {
    const g = filterRows(f, i, byName, n);
    candidates.push({ ...g, column: null, kind: 'filter' });
  });

  const boot = (d: EvalData, w: Float64Array | undefined, s: number): Generator<void, BootstrapResult> =>
    bootstrapSteps(d, requests, { resamples, level, seed: s, ...(w ? { sampleWeight: w } : {}) });
  const whole = yield* boot(data, weights, seed);
  const overall = whole.intervals.map((iv) => ({ key: iv.key, value: iv.estimate, low: iv.low, high: iv.high }));

  const slices: Slice[] = [];
  for (let ci = 0; ci < candidates.length; ci++) {
    const cand = candidates[ci] as Candidate;
    const sub = subsetData(data, cand.rows);
    const w = weights ? Float64Array.from(cand.rows, (r) => weights[r] as number) : undefined;
    let weight = cand.rows.length;
    if (w) {
      weight = 0;
      for (const v of w) weight += v;
    }
    const enoughSupport = cand.rows.length >= minSupport;
    let metrics: SliceMetric[];
    if (enoughSupport) {
      const r = yield* boot(sub, w, sliceSeed(seed, cand.id));
      metrics = r.intervals.map((iv) => ({
        key: iv.key,
        value: iv.estimate,
        ...(iv.reason !== undefined ? { reason: iv.reason } : {}),
        low: iv.low,
        high: iv.high,
        worst: false,
      }));
    } else {
      const prepared = cand.rows.length > 0 ? tryPrepare(sub, w) : null;
      metrics = resolved.map((m) => {
        const v = evaluatePrepared(m, prepared);
        return {
          key: m.key,
          value: Number.isNaN(v) ? null : v,
          ...(Number.isNaN(v) ? { reason: cand.rows.length === 0 ? 'the slice has no rows' : 'undefined on these rows' } : {}),
          low: null,
          high: null,
          worst: false,
        };
      });
    }
    const { rows, ...rest } = cand;
    slices.push({ ...rest, support: rows.length, weight, enoughSupport, metrics });
    options.onProgress?.({ phase: 'slices', fraction: (ci + 1) / candidates.length, message: cand.label });
    yield;
  }
  flagWorst(slices, resolved, overall, bottomK);
  return {
    metrics: resolved.map((m) => ({ name: m.name, key: m.key, params: m.params, higherIsBetter: m.higherIsBetter })),
    overall,
    slices,
    rows: n,
    minSupport,
    bins,
    resamples,
    level,
    seed,
  };
}

/** Per-slice metrics with bootstrap intervals and worst-slice flags; cancellable, yields every 50 resamples. */
export function sliceMetrics(data: EvalData, sliceColumns: readonly SliceColumn[], options: SliceOptions): Promise<SliceReport> {
  return runStepsAsync(sliceSteps(data, sliceColumns, options), options.cancel);
}

export function sliceMetricsSync(data: EvalData, sliceColumns: readonly SliceColumn[], options: SliceOptions): SliceReport {
  return runSteps(sliceSteps(data, sliceColumns, options), options.cancel);
}
