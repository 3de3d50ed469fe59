/** Pure helpers behind the evaluation page: metric keys as words, intervals, scales, slices, thresholds. */
import type { ErrorRow } from '../../../../workers/api.ts';
import type { HeldOutMetric } from '../../../core/evaluate/held-out-report.ts';
import type { Slice } from '../../../core/evaluate/slices/index.ts';
import { maxOf, minOf } from '../../../core/stats/extent.ts';

/** Metrics where a smaller value is better (everything else: larger is better). */
const LOWER_IS_BETTER: ReadonlySet<string> = new Set([
  'log_loss',
  'brier_score',
  'expected_calibration_error',
  'rmse',
  'mae',
  'mse',
  'mape',
  'median_absolute_error',
  'max_error',
  'pinball_loss',
]);

/** Metrics bounded to [0, 1] (a CI bar can use a fixed 0..1 axis). */
const UNIT_RANGE: ReadonlySet<string> = new Set([
  'accuracy',
  'balanced_accuracy',
  'roc_auc',
  'f1',
  'precision',
  'recall',
  'fbeta',
  'average_precision',
  'brier_score',
  'expected_calibration_error',
  'top_k_accuracy',
]);

const NAMES: Readonly<Record<string, string>> = {
  accuracy: 'Accuracy',
  balanced_accuracy: 'Balanced accuracy',
  roc_auc: 'ROC AUC',
  log_loss: 'Log loss',
  f1: 'F1',
  precision: 'Precision',
  recall: 'Recall',
  fbeta: 'F-beta',
  average_precision: 'Average precision',
  brier_score: 'Brier score',
  expected_calibration_error: 'Expected calibration error',
  matthews_corrcoef: 'Matthews correlation',
  cohen_kappa: 'Cohen’s kappa',
  top_k_accuracy: 'Top-k accuracy',
  rmse: 'RMSE',
  mae: 'MAE',
  r2: 'R²',
  mse: 'MSE',
  explained_variance: 'Explained variance',
  mape: 'MAPE',
  median_absolute_error: 'Median absolute error',
  max_error: 'Max error',
  pinball_loss: 'Pinball loss',
  f1_macro: 'F1 (macro)',
  precision_macro: 'Precision (macro)',
  recall_macro: 'Recall (macro)',
};

/** A report key `name(k=v, ...)` split into its name and parameters. */
export function parseMetricKey(key: string): { name: string; params: Record<string, string> } {
  const m = /^([a-z0-9_]+)(?:\((.*)\))?$/.exec(key);
  if (!m?.[1]) return { name: key, params: {} };
  const params: Record<string, string> = {};
  for (const part of (m[2] ?? '').split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (k && v !== undefined) params[k] = v;
  }
  return { name: m[1], params };
}

export function lowerIsBetter(key: string): boolean {
  return LOWER_IS_BETTER.has(parseMetricKey(key).name);
}

/**
 * A metric key as a person reads it: "F1 (binary, positive class yes)", "Balanced accuracy
 * (adjusted)", "F-beta (β = 0.5, macro)". `classes` names the positive class when given.
 */
export function metricKeyLabel(key: string, classes?: readonly string[]): string {
  const { name, params } = parseMetricKey(key);
  const base = NAMES[name] ?? name.replaceAll('_', ' ');
  const bits: string[] = [];
  if (params.beta !== undefined) bits.push(`β = ${params.beta}`);
  if (params.average !== undefined) bits.push(params.average);
  if (params.pos_label !== undefined && params.average === undefined) {
    const i = Number(params.pos_label);
    bits.push(`positive: ${classes?.[i] ?? params.pos_label}`);
  } else if (params.pos_label !== undefined && classes) {
    const i = Number(params.pos_label);
    if (classes[i] !== undefined) bits[bits.length - 1] = `${params.average}, positive: ${classes[i]}`;
  }
  if (params.adjusted === 'true') bits.push('adjusted');
  if (params.k !== undefined) bits.push(`k = ${params.k}`);
  if (params.n_bins !== undefined) bits.push(`${params.n_bins} bins`);
  if (params.alpha !== undefined) bits.push(`α = ${params.alpha}`);
  if (params.quantile !== undefined) bits.push(`q = ${params.quantile}`);
  if (params.weights !== undefined && params.weights !== 'none') bits.push(`${params.weights} weights`);
  return bits.length > 0 ? `${base} (${bits.join(', ')})` : base;
}

/**
 * The few metrics the overview leads with, in this order, from what the report holds:
 * binary: accuracy, balanced accuracy, ROC AUC, PR AUC, F1 of the positive class, log loss, Brier, ECE;
 * multiclass: accuracy, balanced accuracy, ROC AUC, macro F1, log loss, ECE;
 * regression: RMSE, MAE, R², MAPE.
 */
export function headlineKeys(task: string, metrics: readonly HeldOutMetric[]): string[] {
  const keys = metrics.map((m) => m.key);
  const want: ((k: string) => boolean)[] =
    task === 'regression'
      ? [eq('rmse'), eq('mae'), eq('r2'), eq('mape')]
      : task === 'binary'
        ? [
            eq('accuracy'),
            named('balanced_accuracy', (p) => p.adjusted !== 'true'),
            eq('roc_auc'),
            named('average_precision'),
            named('f1', (p) => p.average === 'binary'),
            eq('log_loss'),
            eq('brier_score'),
            named('expected_calibration_error'),
          ]
        : [
            eq('accuracy'),
            named('balanced_accuracy', (p) => p.adjusted !== 'true'),
            named('roc_auc'),
            named('f1', (p) => p.average === 'macro'),
            eq('log_loss'),
            named('expected_calibration_error'),
          ];
  const out: string[] = [];
  for (const pick of want) {
    const k = keys.find(pick);
    if (k !== undefined && !out.includes(k)) out.push(k);
  }
  return out;
}

function eq(name: string): (k: string) => boolean {
  return (k) => k === name;
}
function named(name: string, ok: (p: Record<string, string>) => boolean = () => true): (k: string) => boolean {
  return (k) => {
    const p = parseMetricKey(k);
    return p.name === name && ok(p.params);
  };
}

/** A metric value for tables: 4 significant figures for small numbers, grouping for big ones; '—' for null. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  let s: string;
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) s = v.toExponential(2);
  else if (a >= 1000) s = Math.round(v).toLocaleString('en-US');
  else s = v.toFixed(a >= 100 ? 1 : a >= 10 ? 2 : 3);
  return s.replace(/^-/, '−');
}

/** "[0.812, 0.871]" or '' when there is no interval. */
export function formatCi(ci: readonly [number, number] | null | undefined): string {
  if (!ci) return '';
  return `[${formatValue(ci[0])}, ${formatValue(ci[1])}]`;
}

/** A probability threshold shown to 3 decimals; null (nothing positive) as "above every score". */
export function formatThreshold(t: number | null | undefined): string {
  if (t === null) return 'above every score';
  if (t === undefined || !Number.isFinite(t)) return '—';
  return t.toFixed(3);
}

/** A share as a percentage with one decimal. */
export function formatPercent(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${(v * 100).toFixed(1)}%`;
}

/**
 * The axis a row of CI bars shares: [0, 1] for bounded metrics whose values fit, else the
 * smallest padded range holding every value and interval end given.
 */
export function ciDomain(key: string, values: readonly (number | null | undefined)[]): [number, number] {
  const finite = values.filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v));
  const { name } = parseMetricKey(key);
  if (UNIT_RANGE.has(name) && finite.every((v) => v >= 0 && v <= 1)) return [0, 1];
  if (finite.length === 0) return [0, 1];
  let lo = minOf(finite);
  let hi = maxOf(finite);
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.1 || 1;
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  // Non-negative metrics (losses, errors) keep a zero floor rather than a negative pad.
  if (minOf(finite) >= 0 && lo < 0) lo = 0;
  return [lo, hi];
}

/** A typed threshold: a number in [0, 1], or null when the text is not one. */
export function parseThreshold(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const v = Number(t);
  return Number.isFinite(v) && v >= 0 && v <= 1 ? v : null;
}

/** How a saved or chosen threshold rule reads: "maximises F1", "maximises Youden’s J", "minimises cost". */
export function objectiveRule(kind: string, beta?: number): string {
  if (kind === 'f-beta') return beta === undefined || beta === 1 ? 'maximises F1 on the held-out rows' : `maximises F${beta} on the held-out rows`;
  if (kind === 'youden') return 'maximises Youden’s J (TPR − FPR) on the held-out rows';
  if (kind === 'cost') return 'minimises the expected cost per row on the held-out rows';
  return 'chosen by hand';
}

/**
 * Whether an error row falls in a slice, judged from the row's values as text: a category (or
 * missing) slice by its value, a numeric bin by its bounds (lower exclusive, upper inclusive,
 * the first bin inclusive on both ends, as quantile bins are); filters and "other" slices cannot
 * be judged from the values and return null.
 */
export function rowInSlice(row: ErrorRow, slice: Slice, first = false): boolean | null {
  if (slice.column === null) return null;
  const text = row.values[slice.column];
  if (text === undefined) return null;
  if (slice.kind === 'missing') return text === '' || text === 'null' || text === 'NaN';
  if (slice.kind === 'value') return text === String(slice.value ?? slice.label);
  if (slice.kind === 'bin' && slice.low !== undefined && slice.high !== undefined) {
    if (text.trim() === '') return false;
    const v = Number(text);
    if (!Number.isFinite(v)) return false;
    return (first ? v >= slice.low : v > slice.low) && v <= slice.high;
  }
  return null;
}

/** The slices an error table can filter by: those judged from values alone (categories, bins, missing). */
export function filterableSlices(slices: readonly Slice[]): Slice[] {
  return slices.filter((s) => s.column !== null && (s.kind === 'value' || s.kind === 'missing' || (s.kind === 'bin' && s.low !== undefined && s.high !== undefined)));
}

/** Whether a bin is the lowest of its column (its lower bound is inclusive). */
export function isFirstBin(slice: Slice, slices: readonly Slice[]): boolean {
  if (slice.kind !== 'bin' || slice.low === undefined) return false;
  const low = slice.low;
  return !slices.some((s) => s.column === slice.column && s.kind === 'bin' && s.low !== undefined && s.low < low);
}

/** An SVG path through (x, y) points already in pixels; gaps (non-finite values) lift the pen. */
export function linePath(points: readonly (readonly [number, number])[]): string {
  let d = '';
  let pen = false;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** The CSS colour of series i (the page's accent first). */
export function seriesColor(i: number): string {
  const palette = ['var(--accent)', 'var(--series-2)', 'var(--series-3)', 'var(--series-4)', 'var(--series-5)', 'var(--series-6)'];
  return palette[i % palette.length] ?? 'var(--accent)';
}

/** Background of a confusion-matrix cell: the accent at an opacity growing with the share. */
export function cellShade(share: number): { background: string; dark: boolean } {
  const s = Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0;
  const pct = Math.round(8 + s * 80);
  return { background: s === 0 ? 'var(--surface)' : `color-mix(in srgb, var(--accent) ${pct}%, var(--surface))`, dark: pct >= 55 };
}

/** Deterministic vertical offsets for a beeswarm row: values close on x spread up and down. */
export function swarmOffsets(xs: readonly number[], radius: number, maxOffset: number): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(xs.length).fill(0);
  const placed: { x: number; y: number }[] = [];
  for (const [x, i] of order) {
    // Only neighbours within one diameter on x can collide.
    while (placed.length > 0 && (placed[0] as { x: number }).x < x - 2 * radius) placed.shift();
    let y = 0;
    for (let k = 0; k < 2 * Math.ceil(maxOffset / radius) + 1; k++) {
      const cand = k === 0 ? 0 : (k % 2 === 1 ? 1 : -1) * Math.ceil(k / 2) * radius;
      if (Math.abs(cand) > maxOffset) break;
      if (placed.every((p) => Math.hypot(p.x - x, p.y - cand) >= 2 * radius * 0.9)) {
        y = cand;
        break;
      }
      y = cand;
    }
    placed.push({ x, y });
    out[i] = y;
  }
  return out;
}

/** A feature's value as a person reads it: a category's label, an integer as is, else 4 significant digits. */
export function formatFeatureValue(v: number, categories?: readonly string[]): string {
  if (!Number.isFinite(v)) return 'missing';
  if (categories && Number.isInteger(v) && categories[v] !== undefined) return categories[v] as string;
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}
