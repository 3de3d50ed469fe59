/** From a column's statistics to its verdict, with the reason for each line crossed. */
import type { DriftThresholds, FeatureDrift, FeatureVerdict, OverallVerdict, WarnDrift } from './types.ts';

const RANK: Record<'ok' | 'warn' | 'drift', number> = { ok: 0, warn: 1, drift: 2 };

const fmt = (v: number): string => String(Number(v.toPrecision(3)));
const pct = (v: number): string => `${Number((v * 100).toPrecision(3))}%`;

function level(value: number, line: WarnDrift): 'ok' | 'warn' | 'drift' {
  return value >= line.drift ? 'drift' : value >= line.warn ? 'warn' : 'ok';
}

/**
 * The verdict is the worst of: PSI against its lines; a significant test (p < alpha) whose
 * effect reaches its lines (KS statistic, Cohen's w); the rise in missing cells. With fewer
 * than minSamples values on either side the distribution tests say too little: 'insufficient',
 * unless the missing share alone already crossed a line (a column gone mostly empty is news).
 */
export function judge(row: FeatureDrift, t: DriftThresholds): FeatureDrift {
  const reasons: string[] = [];
  let worst: 'ok' | 'warn' | 'drift' = 'ok';
  const raise = (v: 'ok' | 'warn' | 'drift', reason: string) => {
    if (v === 'ok') return;
    reasons.push(reason);
    if (RANK[v] > RANK[worst]) worst = v;
  };
  if (row.missingReference !== null) {
    const rise = row.missingCurrent - row.missingReference;
    raise(level(rise, t.missingRise), `missing cells ${pct(row.missingCurrent)} vs ${pct(row.missingReference)} in the reference (rise ≥ ${pct(rise >= t.missingRise.drift ? t.missingRise.drift : t.missingRise.warn)})`);
  }
  const small = Math.min(row.nReference, row.nCurrent) < t.minSamples;
  if (small) {
    if (worst !== 'ok') return { ...row, verdict: worst, reasons };
    return { ...row, verdict: 'insufficient', reasons: [`${Math.min(row.nReference, row.nCurrent)} values on one side; at least ${t.minSamples} are needed for a verdict`] };
  }
  if (row.psi) {
    const v = level(row.psi.value, t.psi);
    raise(v, `PSI ${fmt(row.psi.value)} ≥ ${v === 'drift' ? t.psi.drift : t.psi.warn}`);
  }
  for (const [test, line, label] of [
    [row.ks, t.ks, 'KS statistic'],
    [row.chiSquared, t.cohenW, "Cohen's w"],
  ] as const) {
    if (!test?.significant) continue;
    const v = level(test.effect.value, line);
    raise(v, `${label} ${fmt(test.effect.value)} ≥ ${v === 'drift' ? line.drift : line.warn} with p ${test.pValue < 1e-4 ? '< 0.0001' : fmt(test.pValue)} < ${t.alpha} (n = ${test.nCurrent} vs ${test.nReference})`);
  }
  return { ...row, verdict: worst, reasons };
}

/** Worst judged verdict; 'insufficient' when no row could be judged. */
export function overallVerdict(rows: readonly FeatureDrift[]): OverallVerdict {
  let judged = false;
  let worst: 'ok' | 'warn' | 'drift' = 'ok';
  for (const r of rows) {
    if (r.verdict === 'insufficient' || r.verdict === 'skipped') continue;
    judged = true;
    if (RANK[r.verdict] > RANK[worst]) worst = r.verdict;
  }
  return judged ? worst : 'insufficient';
}

export function verdictCounts(rows: readonly FeatureDrift[]): Record<FeatureVerdict, number> {
  const counts: Record<FeatureVerdict, number> = { ok: 0, warn: 0, drift: 0, insufficient: 0, skipped: 0 };
  for (const r of rows) counts[r.verdict]++;
  return counts;
}
