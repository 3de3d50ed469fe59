import { effect, type Effect } from './effect.ts';
import { quantileSorted, sortedFinite } from './sample.ts';

/**
 * Shares below this count as this, so an empty bin does not make PSI infinite. 1e-4 is the
 * usual choice: one empty bin where the other side has 10% adds ~0.69, enough to flag, not
 * enough to swamp the other bins. Shares are not renormalised after the floor.
 */
export const PSI_EPSILON = 1e-4;

export interface PsiBin {
  /** Inclusive upper edge of a numeric bin; absent for the last (open) bin and for categories. */
  upper?: number;
  /** The category a categorical bin counts. */
  label?: string;
  reference: number;
  current: number;
}

export interface PsiResult {
  psi: number;
  bins: PsiBin[];
  epsilon: number;
  nReference: number;
  nCurrent: number;
  effect: Effect;
}

/**
 * Inner bin edges: the reference's 1/bins, 2/bins, ... quantiles (numpy 'linear'), repeated
 * edges merged, so a column with heavy ties gets fewer, non-empty bins.
 */
export function quantileEdges(sortedReference: Float64Array, bins = 10): number[] {
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = quantileSorted(sortedReference, k / bins);
    if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
  }
  return edges;
}

/** Share of `sorted` values in each bin (-inf, e1], (e1, e2], ..., (e_last, +inf). */
export function binShares(sorted: Float64Array, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let bin = 0;
  for (const v of sorted) {
    while (bin < edges.length && v > edges[bin]!) bin++;
    counts[bin]!++;
  }
  return counts.map((c) => (sorted.length ? c / sorted.length : 0));
}

/** sum (cur - ref) ln(cur / ref) over bins, each share floored at epsilon. */
export function psiFromShares(reference: readonly number[], current: readonly number[], epsilon = PSI_EPSILON): number {
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = Math.max(reference[i]!, epsilon);
    const c = Math.max(current[i] ?? 0, epsilon);
    psi += (c - r) * Math.log(c / r);
  }
  return psi;
}

/**
 * Population stability index of `current` against `reference` over `bins` quantile bins of
 * the reference (fewer where quantiles tie). Missing values (NaN) are dropped.
 */
export function populationStabilityIndex(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  opts: { bins?: number; epsilon?: number } = {},
): PsiResult {
  return populationStabilityIndexSorted(sortedFinite(reference), sortedFinite(current), opts);
}

/** populationStabilityIndex on samples already finite and sorted ascending (sortedFinite). */
export function populationStabilityIndexSorted(ref: Float64Array, cur: Float64Array, opts: { bins?: number; epsilon?: number } = {}): PsiResult {
  const epsilon = opts.epsilon ?? PSI_EPSILON;
  if (ref.length === 0 || cur.length === 0)
    return { psi: NaN, bins: [], epsilon, nReference: ref.length, nCurrent: cur.length, effect: effect('psi', NaN) };
  const edges = quantileEdges(ref, opts.bins ?? 10);
  const r = binShares(ref, edges);
  const c = binShares(cur, edges);
  const psi = psiFromShares(r, c, epsilon);
  const bins = r.map((share, i): PsiBin => ({ ...(i < edges.length ? { upper: edges[i]! } : {}), reference: share, current: c[i]! }));
  return { psi, bins, epsilon, nReference: ref.length, nCurrent: cur.length, effect: effect('psi', psi) };
}
