/**
 * The coalitions KernelSHAP evaluates, with their Shapley-kernel weights. The kernel gives a
 * coalition of size s out of M features the weight (M - 1) / (C(M, s) * s * (M - s)), so the
 * total weight of all coalitions of size s is proportional to 1 / (s * (M - s)): the very
 * small and very large coalitions carry most of it.
 *
 * Following the scheme of the SHAP package: sizes are taken in pairs (s, M - s) from the
 * heaviest (1, M - 1) inwards, and every coalition of a pair is enumerated while the budget
 * allows; the remaining sizes are sampled (size drawn in proportion to its kernel mass, then a
 * uniform subset of that size) in complementary pairs (a coalition and its complement: the
 * kernel weighs them the same, and pairing cancels much of the sampling noise). With a budget
 * of at least 2^M - 2 coalitions, or M <= exactMaxFeatures, everything is enumerated and the
 * regression returns the exact Shapley values.
 */
import type { Rng } from '../../random.ts';

export interface Coalitions {
  /** Number of coalitions. */
  count: number;
  /** count x M membership flags, row-major. */
  masks: Uint8Array;
  /** Regression weight of each coalition (total 1). */
  weights: Float64Array;
  /** True when every coalition was enumerated (the result is exact). */
  exact: boolean;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** Calls visit(indices) for every k-subset of 0..M-1 in lexicographic order. */
function forEachSubset(M: number, k: number, visit: (idx: Int32Array) => void): void {
  const idx = Int32Array.from({ length: k }, (_, i) => i);
  for (;;) {
    visit(idx);
    let i = k - 1;
    while (i >= 0 && idx[i] === M - k + i) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}

export function makeCoalitions(M: number, budget: number, exactMaxFeatures: number, rng: Rng): Coalitions {
  const masks: number[] = [];
  const weights: number[] = [];
  if (M < 2) return { count: 0, masks: new Uint8Array(0), weights: new Float64Array(0), exact: true };
  const mass = new Float64Array(M);
  let totalMass = 0;
  for (let s = 1; s < M; s++) totalMass += mass[s] = 1 / (s * (M - s));
  for (let s = 1; s < M; s++) mass[s]! /= totalMass;

  const all = M <= exactMaxFeatures || (M < 53 && 2 ** M - 2 <= budget);
  let left = all ? Infinity : budget;
  const add = (idx: ArrayLike<number>, complement: boolean, weight: number) => {
    const row = new Array<number>(M).fill(complement ? 1 : 0);
    for (let i = 0; i < idx.length; i++) row[idx[i]!] = complement ? 0 : 1;
    masks.push(...row);
    weights.push(weight);
  };
  let s = 1;
  for (; s <= M - s; s++) {
    const count = binomial(M, s) * (s === M - s ? 1 : 2);
    if (count > left) break;
    left -= count;
    forEachSubset(M, s, (idx) => {
      add(idx, false, mass[s]! / binomial(M, s));
      if (s !== M - s) add(idx, true, mass[M - s]! / binomial(M, M - s));
    });
  }
  const sizesLeft: number[] = [];
  for (let t = s; t <= M - t; t++) sizesLeft.push(t);
  const pairs = Math.floor(left / 2);
  if (sizesLeft.length === 0 || pairs === 0) return finish(M, masks, weights, sizesLeft.length === 0);

  // Sampled part: pair (t, M - t) drawn in proportion to its mass; each draw adds z and its complement.
  const pairMass = sizesLeft.map((t) => mass[t]! + (t === M - t ? 0 : mass[M - t]!));
  const restMass = pairMass.reduce((a, b) => a + b, 0);
  const counts = new Map<string, number>();
  const order: string[] = [];
  const pool = Int32Array.from({ length: M }, (_, i) => i);
  for (let d = 0; d < pairs; d++) {
    let u = rng.next() * restMass;
    let which = 0;
    while (which < sizesLeft.length - 1 && u >= pairMass[which]!) u -= pairMass[which++]!;
    const t = sizesLeft[which]!;
    // A uniform t-subset: the first t slots of a partial Fisher-Yates shuffle.
    for (let i = 0; i < t; i++) {
      const j = i + rng.int(M - i);
      const tmp = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = tmp;
    }
    const flags = new Uint8Array(M);
    for (let i = 0; i < t; i++) flags[pool[i]!] = 1;
    for (const bit of [1, 0]) {
      const key = Array.from(flags, (f) => (f === bit ? '1' : '0')).join('');
      if (!counts.has(key)) order.push(key);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const per = restMass / (2 * pairs);
  for (const key of order) {
    for (let i = 0; i < M; i++) masks.push(key.charCodeAt(i) === 49 ? 1 : 0);
    weights.push(per * counts.get(key)!);
  }
  return finish(M, masks, weights, false);
}

function finish(M: number, masks: number[], weights: number[], exact: boolean): Coalitions {
  return { count: weights.length, masks: Uint8Array.from(masks), weights: Float64Array.from(weights), exact };
}
