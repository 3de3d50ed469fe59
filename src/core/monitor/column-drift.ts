/**
 * One column's drift against its reference summary (a contract's NumericReference or
 * CategoricalReference): PSI over the reference's bins, KS and Wasserstein against its
 * percentile CDF (summary-stats.ts), chi-squared and Jensen-Shannon over its label shares.
 */
import { chiSquaredHomogeneity } from '../validate/shift/chi-squared.ts';
import { effect } from '../validate/shift/effect.ts';
import { jensenShannon } from '../validate/shift/jensen-shannon.ts';
import { binShares, psiFromShares } from '../validate/shift/psi.ts';
import { quantileSorted, sortedFinite } from '../validate/shift/sample.ts';
import type { CategoricalReference, NumericReference } from '../validate/contract/types.ts';
import { referenceCdf, summaryKs } from './summary-stats.ts';
import type { DriftBin, DriftThresholds, FeatureDrift } from './types.ts';
import { judge } from './verdict.ts';

const fmt = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(3))) : String(v));

/** Share of missing cells in the reference: known only when the row count it came from is. */
function referenceMissing(count: number, rows: number | undefined): number | null {
  return rows !== undefined && rows > 0 && count <= rows ? (rows - count) / rows : null;
}

function numericBins(reference: NumericReference, current: Float64Array): DriftBin[] {
  const edges = reference.bins.edges;
  const cur = binShares(current, edges);
  return reference.bins.shares.map((share, i) => ({
    label: i < edges.length ? `≤ ${fmt(edges[i]!)}` : edges.length ? `> ${fmt(edges[edges.length - 1]!)}` : 'all',
    ...(i < edges.length ? { upper: edges[i]! } : {}),
    reference: share,
    current: cur[i] ?? 0,
  }));
}

/** `values`: the batch's column as numbers, NaN = missing. `referenceRows`: rows the reference was taken from, when known. */
export function numericDrift(column: string, reference: NumericReference, values: Float64Array, thresholds: DriftThresholds, referenceRows?: number): FeatureDrift {
  const sorted = sortedFinite(values);
  const missingCurrent = values.length ? (values.length - sorted.length) / values.length : 0;
  const base = {
    column,
    kind: 'numeric' as const,
    nReference: reference.count,
    nCurrent: sorted.length,
    missingReference: referenceMissing(reference.count, referenceRows),
    missingCurrent,
  };
  if (sorted.length === 0) return judge({ ...base, verdict: 'insufficient', reasons: [] }, thresholds);
  const bins = numericBins(reference, sorted);
  const psi = psiFromShares(bins.map((b) => b.reference), bins.map((b) => b.current));
  const ks = summaryKs(referenceCdf(reference), reference.count, sorted);
  const sd = reference.std;
  const standardized = sd > 0 ? ks.wasserstein / sd : NaN;
  let sum = 0;
  for (const v of sorted) sum += v;
  return judge(
    {
      ...base,
      psi: { name: 'psi', value: psi, effect: effect('psi', psi) },
      bins,
      ks: {
        name: 'ks',
        statistic: ks.statistic,
        pValue: ks.pValue,
        effect: effect('ks_statistic', ks.statistic),
        nReference: reference.count,
        nCurrent: sorted.length,
        significant: ks.pValue < thresholds.alpha,
      },
      wasserstein: {
        name: 'wasserstein',
        value: ks.wasserstein,
        standardized,
        effect: effect('wasserstein_sd', sd > 0 ? standardized : ks.wasserstein > 0 ? Infinity : 0),
      },
      mean: { reference: reference.mean, current: sum / sorted.length },
      median: { reference: reference.median, current: quantileSorted(sorted, 0.5) },
      verdict: 'ok',
      reasons: [],
    },
    thresholds,
  );
}

/**
 * `labels`: the batch's column as text labels, null = missing. The reference's counts are its
 * shares times its count, rounded: exact when the shares came from those counts, as a
 * contract's do. Labels the reference never saw are categories of their own (reference count 0).
 */
export function categoricalDrift(column: string, reference: CategoricalReference, labels: readonly (string | null)[], thresholds: DriftThresholds, referenceRows?: number): FeatureDrift {
  const index = new Map(reference.frequencies.map((f, i) => [f.value, i]));
  const categories = reference.frequencies.map((f) => f.value);
  const refCounts = reference.frequencies.map((f) => Math.round(f.share * reference.count));
  const curCounts = new Array<number>(categories.length).fill(0);
  let n = 0;
  for (const v of labels) {
    if (v === null) continue;
    n++;
    let i = index.get(v);
    if (i === undefined) {
      i = categories.length;
      index.set(v, i);
      categories.push(v);
      refCounts.push(0);
      curCounts.push(0);
    }
    curCounts[i]!++;
  }
  const unseen = categories.slice(reference.frequencies.length);
  const base = {
    column,
    kind: 'categorical' as const,
    nReference: reference.count,
    nCurrent: n,
    missingReference: referenceMissing(reference.count, referenceRows),
    missingCurrent: labels.length ? (labels.length - n) / labels.length : 0,
    unseen,
  };
  if (n === 0) return judge({ ...base, verdict: 'insufficient', reasons: [] }, thresholds);
  const refTotal = refCounts.reduce((s, c) => s + c, 0);
  const bins: DriftBin[] = categories.map((label, i) => ({ label, reference: refTotal ? refCounts[i]! / refTotal : 0, current: curCounts[i]! / n }));
  const psi = psiFromShares(bins.map((b) => b.reference), bins.map((b) => b.current));
  const chi = chiSquaredHomogeneity(refCounts, curCounts);
  const js = jensenShannon(refCounts, curCounts);
  return judge(
    {
      ...base,
      psi: { name: 'psi', value: psi, effect: effect('psi', psi) },
      bins,
      chiSquared: {
        name: 'chi_squared',
        statistic: chi.statistic,
        pValue: chi.pValue,
        dof: chi.dof,
        effect: chi.effect,
        nReference: chi.nReference,
        nCurrent: chi.nCurrent,
        significant: chi.pValue < thresholds.alpha,
      },
      jensenShannon: { name: 'jensen_shannon', value: js.distance, effect: js.effect },
      verdict: 'ok',
      reasons: [],
    },
    thresholds,
  );
}

/** A column with nothing to compare: free text, or no reference kept for it. */
export function skippedDrift(column: string, reason: string, values: { missing: number; n: number }): FeatureDrift {
  return { column, kind: 'skipped', nReference: 0, nCurrent: values.n, missingReference: null, missingCurrent: values.missing, verdict: 'skipped', reasons: [reason] };
}
