/** Number formatting for version comparisons: statistics, p-values, shares. */
import type { EffectMeasure, EffectReading } from '../../../core/validate/shift/effect.ts';

const thousands = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A test statistic or distance: 3 significant digits, thousands separated; NaN/∞ spelled out. */
export function formatStatistic(v: number): string {
  if (Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000) return thousands.format(v);
  if (a < 1e-4) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}

/** p-values: two significant digits; below 0.0001 only the bound matters. */
export function formatPValue(p: number): string {
  if (Number.isNaN(p)) return '—';
  if (p < 1e-4) return '< 0.0001';
  if (p >= 0.995) return '1.00';
  return String(Number(p.toPrecision(2)));
}

/** A share (0..1) as a percentage: one decimal, '<0.1%' for a trace. */
export function formatShare(s: number): string {
  if (Number.isNaN(s)) return '—';
  if (s === 0) return '0%';
  if (s < 0.001) return '<0.1%';
  return `${(s * 100).toFixed(1)}%`;
}

export const MEASURE_LABELS: Record<EffectMeasure, string> = {
  psi: 'PSI',
  ks_statistic: 'KS D',
  wasserstein_sd: 'Wasserstein (SDs)',
  cohen_w: "Cohen's w",
  js_distance: 'JS distance',
};

export const READING_ORDER: readonly EffectReading[] = ['negligible', 'small', 'moderate', 'large'];
