import { effect, type Effect } from './effect.ts';

export interface JensenShannonResult {
  /** sqrt of the Jensen-Shannon divergence in bits: 0 (same) .. 1 (disjoint). */
  distance: number;
  nReference: number;
  nCurrent: number;
  effect: Effect;
}

/** p ln(p / q), 0 where p is 0 (scipy.special.rel_entr). */
const relEntr = (p: number, q: number): number => (p === 0 ? 0 : p * Math.log(p / q));

/**
 * Jensen-Shannon distance (base 2) between two count (or weight) vectors over the same
 * categories, each normalised to sum 1: scipy.spatial.distance.jensenshannon(p, q, base=2).
 */
export function jensenShannon(reference: readonly number[], current: readonly number[]): JensenShannonResult {
  const nRef = reference.reduce((s, v) => s + v, 0);
  const nCur = current.reduce((s, v) => s + v, 0);
  if (nRef === 0 || nCur === 0) return { distance: NaN, nReference: nRef, nCurrent: nCur, effect: effect('js_distance', NaN) };
  let divergence = 0;
  for (let i = 0; i < reference.length; i++) {
    const p = reference[i]! / nRef;
    const q = (current[i] ?? 0) / nCur;
    const m = (p + q) / 2;
    divergence += relEntr(p, m) + relEntr(q, m);
  }
  const distance = Math.sqrt(Math.max(0, divergence / Math.LN2 / 2));
  return { distance, nReference: nRef, nCurrent: nCur, effect: effect('js_distance', distance) };
}
