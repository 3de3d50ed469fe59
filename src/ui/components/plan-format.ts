/** Formatting for the experiment plan and the features preview. */
import type { StepNote } from '../../core/train/preview-experiment.ts';

/** A time (ms since the epoch, UTC) as a date, with the time of day only when it has one. */
export function formatInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.slice(0, 16).replace('T', ' ');
}

/** "2021-01-04 – 2021-03-30" for datetime columns, "12 – 40" for numeric ones. */
export function formatTimeRange(range: [number, number], datetime: boolean): string {
  const f = datetime ? formatInstant : formatNumber;
  return `${f(range[0])} – ${f(range[1])}`;
}

/** 4 significant digits, trailing zeros dropped: 0.1235, 1235, 1.235e+5. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return v.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(4)));
}

/** What a step reads: its named columns, its type selection, or its own default. */
export function stepInputs(step: Pick<StepNote, 'columns' | 'select'>): string {
  if (step.columns) return step.columns.length === 0 ? 'no columns' : step.columns.join(', ');
  if (step.select) return step.select === 'all' ? 'every column' : `all ${step.select} columns`;
  return 'its default columns';
}

/** "Folds 1–5" style row labels under repeats: "1", or "2.3" (repeat 2, fold 3). */
export function foldLabel(fold: number, k: number, repeats: number): string {
  if (repeats <= 1) return String(fold + 1);
  return `${Math.floor(fold / k) + 1}.${(fold % k) + 1}`;
}
