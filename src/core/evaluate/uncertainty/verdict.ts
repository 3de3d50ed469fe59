/**
 * Plain-words verdicts for model comparisons. Every comparison returns a Verdict: who wins
 * (or nobody, when the difference is within noise) and one sentence a person can read, e.g.
 * "Model A is better on accuracy: +2.1 points, 95% CI [0.4, 3.8], McNemar p = 0.012
 * (n = 342 discordant of 2,000)."
 */

export interface Verdict {
  /** 'A' or 'B' when the test says the difference is real; null when it is not distinguishable from noise. */
  winner: 'A' | 'B' | null;
  sentence: string;
}

/** Display names of the two models. Default "Model A" / "Model B". */
export interface ModelNames {
  a?: string;
  b?: string;
}

export function namesOf(names: ModelNames | undefined): { a: string; b: string } {
  return { a: names?.a ?? 'Model A', b: names?.b ?? 'Model B' };
}

/** A name at the start of a sentence ("the model" -> "The model"); names are written as they read mid-sentence. */
export function sentenceStart(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Metrics that are proportions in [0, 1]: their differences read as percentage points. */
const PROPORTIONS = new Set([
  'accuracy',
  'balanced_accuracy',
  'roc_auc',
  'f1',
  'f1_macro',
  'precision',
  'precision_macro',
  'recall',
  'recall_macro',
  'fbeta',
  'average_precision',
  'top_k_accuracy',
  'expected_calibration_error',
]);

export function isProportion(metric: string): boolean {
  return PROPORTIONS.has(metric);
}

/** 2000 -> "2,000" (fixed, locale-independent grouping). */
export function formatCount(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  return (n < 0 ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A p-value: two significant digits, or "< 0.001". */
export function formatP(p: number): string {
  if (p < 0.001) return '< 0.001';
  return `= ${Number(p.toPrecision(2))}`;
}

/** A metric value or difference in the metric's units: points for proportions, 3 significant digits otherwise. */
export function formatValue(metric: string, v: number, signed = false): string {
  let s: string;
  if (isProportion(metric)) {
    const pts = v * 100;
    s = Math.abs(pts) >= 0.1 || pts === 0 ? pts.toFixed(1) : String(Number(pts.toPrecision(2)));
  } else {
    s = v === 0 ? '0' : String(Number(v.toPrecision(3)));
  }
  if (s === '-0.0' || s === '-0') s = s.slice(1);
  return signed && !s.startsWith('-') ? `+${s}` : s;
}

/** "+2.1 points" / "-0.0312". */
export function formatDifference(metric: string, d: number): string {
  return `${formatValue(metric, d, true)}${isProportion(metric) ? ' points' : ''}`;
}

export function formatInterval(metric: string, level: number, low: number, high: number): string {
  return `${formatLevel(level)} CI [${formatValue(metric, low)}, ${formatValue(metric, high)}]`;
}

export function formatLevel(level: number): string {
  return `${Number((level * 100).toPrecision(4))}%`;
}
