/** Small helpers of the monitoring page: verdict words, number text, the thresholds form's checks. */
import type { DriftThresholds, FeatureDrift, FeatureVerdict, OverallVerdict, WarnDrift } from '../../../../workers/monitor-api.ts';

/** One bar pair of a distribution chart: the share of rows in a bin (or category) on each side. */
export interface ShareBin {
  /** "≤ 3.2", "> 9.1", "Biscoe". */
  label: string;
  /** Inclusive upper edge of a numeric bin (absent for the last bin and for categories). */
  upper?: number;
  reference: number;
  current: number;
}

/**
 * Short axis labels: numeric bins by their edges ("≤ 4050", "> 5400") with the fewest digits
 * that keep neighbouring edges apart (probability edges crowd near 0 and 1), categories as they are.
 */
export function tickLabels(bins: readonly ShareBin[]): string[] {
  const edges = bins.map((b) => b.upper).filter((u): u is number => u !== undefined);
  if (edges.length === 0) return bins.map((b) => b.label);
  const at = (v: number, digits: number): string => String(Number(v.toPrecision(digits)));
  // Each edge gets its own digits: a tiny edge beside 0 needs few, an edge of 0.99999 beside 0.9995 needs five.
  const texts = edges.map((v, i) => {
    for (let d = 3; d < 12; d++) {
      const t = at(v, d);
      const clash = [edges[i - 1], edges[i + 1]].some((n) => n !== undefined && n !== v && at(n, d) === t);
      // A small fractional edge must not round to a whole number: "≤ 1" and "> 1" for 0.99999 say what is not so.
      const misleading = Math.abs(v) < 10 && !Number.isInteger(v) && Number.isInteger(Number(t));
      if (!clash && !misleading) return t;
    }
    return String(v);
  });
  const textOf = new Map(edges.map((v, i) => [v, texts[i]!]));
  return bins.map((b, i) => {
    if (b.upper !== undefined) return `≤ ${textOf.get(b.upper)!}`;
    const prev = bins[i - 1]?.upper;
    return prev === undefined ? b.label : `> ${textOf.get(prev)!}`;
  });
}

export type AnyVerdict = FeatureVerdict | OverallVerdict;

export const VERDICT_LABELS: Record<AnyVerdict, string> = {
  ok: 'ok',
  warn: 'warn',
  drift: 'drift',
  insufficient: 'insufficient data',
  skipped: 'skipped',
};

/** Worst first: how the table sorts verdicts. */
export const VERDICT_RANK: Record<AnyVerdict, number> = { drift: 4, warn: 3, ok: 2, insufficient: 1, skipped: 0 };

/** A p-value as people read it: "< 0.0001", "0.032", "0.41". */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return '—';
  if (p < 1e-4) return '< 0.0001';
  return p < 0.01 ? p.toFixed(4) : p.toFixed(3);
}

/** A statistic or effect size: 3 significant figures, "∞" for infinity. */
export function formatStat(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  const s = a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(2) : String(Number(v.toPrecision(3)));
  return s.replace(/^-/, '−');
}

/** The row's main test (KS for numbers, chi-squared for categories), or null. */
export function mainTest(f: FeatureDrift): NonNullable<FeatureDrift['ks']> | null {
  return f.ks ?? f.chiSquared ?? null;
}

export const TEST_LABELS: Record<string, string> = { ks: 'Kolmogorov–Smirnov', chi_squared: 'Chi-squared' };
export const EFFECT_LABELS: Record<string, string> = {
  psi: 'PSI',
  ks_statistic: 'KS D',
  wasserstein_sd: 'Wasserstein (SD)',
  cohen_w: "Cohen's w",
  js_distance: 'JS distance',
};

/** The numbers of the thresholds form, as typed (text, so a half-typed number is not lost). */
export type ThresholdDraft = Record<ThresholdField, string>;
export type ThresholdField =
  | 'psiWarn'
  | 'psiDrift'
  | 'alpha'
  | 'ksWarn'
  | 'ksDrift'
  | 'cohenWWarn'
  | 'cohenWDrift'
  | 'missingWarn'
  | 'missingDrift'
  | 'minSamples';

export function draftOf(t: DriftThresholds): ThresholdDraft {
  return {
    psiWarn: String(t.psi.warn),
    psiDrift: String(t.psi.drift),
    alpha: String(t.alpha),
    ksWarn: String(t.ks.warn),
    ksDrift: String(t.ks.drift),
    cohenWWarn: String(t.cohenW.warn),
    cohenWDrift: String(t.cohenW.drift),
    missingWarn: String(t.missingRise.warn),
    missingDrift: String(t.missingRise.drift),
    minSamples: String(t.minSamples),
  };
}

/**
 * The draft as thresholds, or a message per field that is wrong. The same rules the worker
 * applies (resolveThresholds), said next to the field instead of after a round trip.
 */
export function parseDraft(d: ThresholdDraft): { thresholds: DriftThresholds | null; problems: Partial<Record<ThresholdField, string>> } {
  const problems: Partial<Record<ThresholdField, string>> = {};
  const num = (f: ThresholdField, max: number): number => {
    const text = d[f].trim();
    const v = text === '' ? NaN : Number(text);
    if (!Number.isFinite(v)) problems[f] = 'Enter a number.';
    else if (v < 0 || v > max) problems[f] = `From 0 to ${max}.`;
    return v;
  };
  const pair = (warn: ThresholdField, drift: ThresholdField, max: number): WarnDrift => {
    const w = num(warn, max);
    const x = num(drift, max);
    if (!problems[warn] && !problems[drift] && w > x) problems[drift] = `At least the warning line (${w}).`;
    return { warn: w, drift: x };
  };
  const psi = pair('psiWarn', 'psiDrift', 100);
  const ks = pair('ksWarn', 'ksDrift', 1);
  const cohenW = pair('cohenWWarn', 'cohenWDrift', 100);
  const missingRise = pair('missingWarn', 'missingDrift', 1);
  const alphaText = d.alpha.trim();
  const alpha = alphaText === '' ? NaN : Number(alphaText);
  if (!(alpha > 0 && alpha < 1)) problems.alpha = 'A number between 0 and 1 (not 0 or 1).';
  const minText = d.minSamples.trim();
  const minSamples = minText === '' ? NaN : Number(minText);
  if (!Number.isInteger(minSamples) || minSamples < 1 || minSamples > 1e9) problems.minSamples = 'A whole number of at least 1.';
  const ok = Object.keys(problems).length === 0;
  return { thresholds: ok ? { psi, alpha, ks, cohenW, missingRise, minSamples } : null, problems };
}

/** "PSI ≥ 0.1 / 0.25 · p < 0.01 with KS D ≥ 0.1 / 0.2 …": the lines in one sentence. */
export function thresholdsText(t: DriftThresholds): string {
  return [
    `PSI warn ≥ ${t.psi.warn}, drift ≥ ${t.psi.drift}`,
    `tests count when p < ${t.alpha} and KS D ≥ ${t.ks.warn} / ${t.ks.drift} or Cohen's w ≥ ${t.cohenW.warn} / ${t.cohenW.drift}`,
    `missing-share rise ≥ ${t.missingRise.warn} / ${t.missingRise.drift}`,
    `at least ${t.minSamples} values per side`,
  ].join(' · ');
}
