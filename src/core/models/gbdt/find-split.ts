/**
 * Best split of one node from its gradient histograms. A node's statistics come in C
 * channels (boosting: one; a multiclass forest: one per class, sharing the row weights as
 * hessians), and a side's score is sum_c G_c^2 / (H_c + l2): the usual second-order gain
 * for boosting, and the weighted variance (Gini, for one-hot classes) reduction for forests.
 *
 *  - numeric features: every bin boundary, with the missing rows (bin 0) sent left and then
 *    right, keeping the better (the learned default direction); a node without missing rows
 *    sends future missing values to the bigger child, as scikit-learn does;
 *  - categorical features: categories sorted by G/(H + CAT_SMOOTH) (LightGBM's ordering),
 *    then every prefix of that order as the left set;
 *  - the 'random' splitter (extremely randomised trees) draws one threshold per feature,
 *    uniformly between the node's lowest and highest non-empty bin (one cut position in the
 *    sorted order for a categorical feature), and keeps the feature with the best gain.
 */
import type { Rng } from '../../random.ts';
import { HIST_STRIDE, MAX_BINS, SLOT_SIZE } from './histogram.ts';

/** LightGBM's cat_smooth: keeps categories with tiny hessians from sorting to the ends. */
export const CAT_SMOOTH = 10;
export const CAT_WORDS = MAX_BINS / 32;

export interface SplitConfig {
  channels: number;
  binCount: Uint16Array;
  categorical: Uint8Array;
  minSamplesLeaf: number;
  minChildWeight: number;
  l2: number;
  minGainToSplit: number;
  splitter: 'best' | 'random';
}

export class SplitCandidate {
  gain = -Infinity;
  feature = -1;
  /** Numeric: value bins 1..bin go left. */
  bin = 0;
  defaultLeft = 0;
  isCat = false;
  /** Categorical: bit b set = bin b goes left. */
  catBits = new Uint32Array(CAT_WORDS);
  leftG: Float64Array;
  leftH: Float64Array;
  leftN = 0;
  constructor(channels: number) {
    this.leftG = new Float64Array(channels);
    this.leftH = new Float64Array(channels);
  }
  reset(): void {
    this.gain = -Infinity;
    this.feature = -1;
  }
  copyFrom(o: SplitCandidate): void {
    this.gain = o.gain;
    this.feature = o.feature;
    this.bin = o.bin;
    this.defaultLeft = o.defaultLeft;
    this.isCat = o.isCat;
    this.catBits.set(o.catBits);
    this.leftG.set(o.leftG);
    this.leftH.set(o.leftH);
    this.leftN = o.leftN;
  }
}

export class SplitFinder {
  readonly #cfg: SplitConfig;
  readonly #accG: Float64Array;
  readonly #accH: Float64Array;
  readonly #missG: Float64Array;
  readonly #missH: Float64Array;
  readonly #tmpG: Float64Array;
  readonly #tmpH: Float64Array;
  readonly #cats = new Int32Array(MAX_BINS);
  readonly #keys = new Float64Array(MAX_BINS);
  #nodeG!: Float64Array;
  #nodeH!: Float64Array;
  #nodeN = 0;
  #nodeScore = 0;

  constructor(cfg: SplitConfig) {
    this.#cfg = cfg;
    const C = cfg.channels;
    this.#accG = new Float64Array(C);
    this.#accH = new Float64Array(C);
    this.#missG = new Float64Array(C);
    this.#missH = new Float64Array(C);
    this.#tmpG = new Float64Array(C);
    this.#tmpH = new Float64Array(C);
  }

  score(G: Float64Array, H: Float64Array): number {
    const l2 = this.#cfg.l2;
    let s = 0;
    for (let c = 0; c < G.length; c++) s += (G[c]! * G[c]!) / (H[c]! + l2);
    return s;
  }

  /**
   * Fills `best` with the best split over histogram slots 0..nSlots-1 (slot s is feature
   * features[s]) of a node with sums nodeG/nodeH over nodeN rows; best.gain stays -Infinity
   * when no split satisfies the constraints and gains more than minGainToSplit.
   */
  find(
    hists: readonly Float64Array[],
    features: Int32Array,
    nSlots: number,
    nodeG: Float64Array,
    nodeH: Float64Array,
    nodeN: number,
    rng: Rng | null,
    best: SplitCandidate,
  ): void {
    best.reset();
    this.#nodeG = nodeG;
    this.#nodeH = nodeH;
    this.#nodeN = nodeN;
    this.#nodeScore = this.score(nodeG, nodeH);
    // A pure node's "gain" is float rounding (~1e-16 of its score): never split on it.
    best.gain = Math.max(this.#cfg.minGainToSplit, 1e-10 * Math.abs(this.#nodeScore));
    for (let s = 0; s < nSlots; s++) {
      const f = features[s]!;
      if (this.#cfg.categorical[f]) this.#categorical(hists, s, f, rng, best);
      else this.#numeric(hists, s, f, rng, best);
    }
    if (best.feature < 0) best.gain = -Infinity;
  }

  /** Gain of left = acc (+ missing when missLeft); writes `best` when better. Returns nothing. */
  #evaluate(accN: number, missN: number, missLeft: boolean, best: SplitCandidate, f: number, bin: number, isCat: boolean): boolean {
    const cfg = this.#cfg;
    const C = cfg.channels;
    const G = this.#tmpG;
    const H = this.#tmpH;
    const leftN = missLeft ? accN + missN : accN;
    const rightN = this.#nodeN - leftN;
    if (leftN < cfg.minSamplesLeaf || rightN < cfg.minSamplesLeaf) return false;
    let gain = -this.#nodeScore;
    const l2 = cfg.l2;
    for (let c = 0; c < C; c++) {
      const gl = missLeft ? this.#accG[c]! + this.#missG[c]! : this.#accG[c]!;
      const hl = missLeft ? this.#accH[c]! + this.#missH[c]! : this.#accH[c]!;
      const gr = this.#nodeG[c]! - gl;
      const hr = this.#nodeH[c]! - hl;
      if (c === 0 && (hl < cfg.minChildWeight || hr < cfg.minChildWeight)) return false;
      gain += (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2);
      G[c] = gl;
      H[c] = hl;
    }
    if (!(gain > best.gain)) return false;
    best.gain = gain;
    best.feature = f;
    best.bin = bin;
    best.isCat = isCat;
    best.defaultLeft = missN > 0 ? (missLeft ? 1 : 0) : leftN >= rightN ? 1 : 0;
    best.leftG.set(G);
    best.leftH.set(H);
    best.leftN = leftN;
    return true;
  }

  #loadMissing(hists: readonly Float64Array[], o: number): number {
    for (let c = 0; c < this.#cfg.channels; c++) {
      this.#missG[c] = hists[c]![o]!;
      this.#missH[c] = hists[c]![o + 1]!;
      this.#accG[c] = 0;
      this.#accH[c] = 0;
    }
    return hists[0]![o + 2]!;
  }

  #add(hists: readonly Float64Array[], at: number): number {
    for (let c = 0; c < this.#cfg.channels; c++) {
      this.#accG[c]! += hists[c]![at]!;
      this.#accH[c]! += hists[c]![at + 1]!;
    }
    return hists[0]![at + 2]!;
  }

  /** The boosting case (one channel, best splitter) without per-channel loops: the scan every node pays. */
  #numeric1(h: Float64Array, s: number, f: number, best: SplitCandidate): void {
    const cfg = this.#cfg;
    const o = s * SLOT_SIZE;
    const nb = cfg.binCount[f]!;
    const l2 = cfg.l2;
    const minN = cfg.minSamplesLeaf;
    const minH = cfg.minChildWeight;
    const G = this.#nodeG[0]!;
    const H = this.#nodeH[0]!;
    const N = this.#nodeN;
    const mg = h[o]!;
    const mh = h[o + 1]!;
    const mn = h[o + 2]!;
    const base = this.#nodeScore;
    let bestGain = best.gain;
    let bestBin = -1;
    let bestLeft = false;
    let ag = 0;
    let ah = 0;
    let an = 0;
    const last = mn > 0 ? nb - 1 : nb - 2;
    for (let b = 1; b <= last; b++) {
      const at = o + b * HIST_STRIDE;
      const c = h[at + 2]!;
      if (c === 0) continue;
      ag += h[at]!;
      ah += h[at + 1]!;
      an += c;
      // Missing rows right.
      if (an >= minN && N - an >= minN && ah >= minH && H - ah >= minH) {
        const gr = G - ag;
        const gain = (ag * ag) / (ah + l2) + (gr * gr) / (H - ah + l2) - base;
        if (gain > bestGain) {
          bestGain = gain;
          bestBin = b;
          bestLeft = false;
        }
      }
      // Missing rows left (not for the last bin: everything would go left).
      if (mn > 0 && b < nb - 1) {
        const lg = ag + mg;
        const lh = ah + mh;
        const ln = an + mn;
        if (ln >= minN && N - ln >= minN && lh >= minH && H - lh >= minH) {
          const gr = G - lg;
          const gain = (lg * lg) / (lh + l2) + (gr * gr) / (H - lh + l2) - base;
          if (gain > bestGain) {
            bestGain = gain;
            bestBin = b;
            bestLeft = true;
          }
        }
      }
    }
    if (bestBin < 0) return;
    // Recompute the winner's left sums (cheaper than tracking them through the scan).
    let lg = 0;
    let lh = 0;
    let ln = 0;
    for (let b = 1; b <= bestBin; b++) {
      const at = o + b * HIST_STRIDE;
      if (h[at + 2] === 0) continue;
      lg += h[at]!;
      lh += h[at + 1]!;
      ln += h[at + 2]!;
    }
    if (bestLeft) {
      lg += mg;
      lh += mh;
      ln += mn;
    }
    best.gain = bestGain;
    best.feature = f;
    best.bin = bestBin;
    best.isCat = false;
    best.defaultLeft = mn > 0 ? (bestLeft ? 1 : 0) : ln >= N - ln ? 1 : 0;
    best.leftG[0] = lg;
    best.leftH[0] = lh;
    best.leftN = ln;
  }

  #numeric(hists: readonly Float64Array[], s: number, f: number, rng: Rng | null, best: SplitCandidate): void {
    if (this.#cfg.channels === 1 && this.#cfg.splitter === 'best') return this.#numeric1(hists[0]!, s, f, best);
    const o = s * SLOT_SIZE;
    const nb = this.#cfg.binCount[f]!;
    const h0 = hists[0]!;
    const missN = this.#loadMissing(hists, o);
    let accN = 0;
    if (this.#cfg.splitter === 'random') {
      let lo = -1;
      let hi = -1;
      for (let b = 1; b < nb; b++)
        if (h0[o + b * HIST_STRIDE + 2]! > 0) {
          if (lo < 0) lo = b;
          hi = b;
        }
      if (lo < 0 || lo === hi) return;
      const cut = lo + rng!.int(hi - lo);
      for (let b = 1; b <= cut; b++) accN += this.#add(hists, o + b * HIST_STRIDE);
      this.#evaluate(accN, missN, false, best, f, cut, false);
      if (missN > 0) this.#evaluate(accN, missN, true, best, f, cut, false);
      return;
    }
    for (let b = 1; b < nb - 1; b++) {
      const at = o + b * HIST_STRIDE;
      if (h0[at + 2] === 0) continue;
      accN += this.#add(hists, at);
      this.#evaluate(accN, missN, false, best, f, b, false);
      if (missN > 0) this.#evaluate(accN, missN, true, best, f, b, false);
    }
    // Every value left, the missing rows right: "split on missingness".
    if (missN > 0 && nb >= 2) {
      accN += this.#add(hists, o + (nb - 1) * HIST_STRIDE);
      this.#evaluate(accN, missN, false, best, f, nb - 1, false);
    }
  }

  #categorical(hists: readonly Float64Array[], s: number, f: number, rng: Rng | null, best: SplitCandidate): void {
    const o = s * SLOT_SIZE;
    const h0 = hists[0]!;
    const cats = this.#cats;
    const keys = this.#keys;
    let m = 0;
    for (let b = 1; b < MAX_BINS; b++) {
      const at = o + b * HIST_STRIDE;
      if (h0[at + 2]! > 0) {
        cats[m] = b;
        keys[b] = h0[at]! / (h0[at + 1]! + CAT_SMOOTH);
        m++;
      }
    }
    // Insertion sort by key (ties by bin): at most 254 categories.
    for (let i = 1; i < m; i++) {
      const c = cats[i]!;
      const k = keys[c]!;
      let j = i - 1;
      while (j >= 0 && (keys[cats[j]!]! > k || (keys[cats[j]!]! === k && cats[j]! > c))) {
        cats[j + 1] = cats[j]!;
        j--;
      }
      cats[j + 1] = c;
    }
    const missN = this.#loadMissing(hists, o);
    let accN = 0;
    if (this.#cfg.splitter === 'random' && m >= 2) {
      const cut = rng!.int(m - 1);
      for (let i = 0; i <= cut; i++) accN += this.#add(hists, o + cats[i]! * HIST_STRIDE);
      if (this.#evaluate(accN, missN, false, best, f, cut, true)) this.#writeBits(best, cut + 1);
      if (missN > 0 && this.#evaluate(accN, missN, true, best, f, cut, true)) this.#writeBits(best, cut + 1);
      return;
    }
    if (this.#cfg.splitter === 'best')
      for (let i = 0; i < m - 1; i++) {
        accN += this.#add(hists, o + cats[i]! * HIST_STRIDE);
        if (this.#evaluate(accN, missN, false, best, f, i, true)) this.#writeBits(best, i + 1);
        if (missN > 0 && this.#evaluate(accN, missN, true, best, f, i, true)) this.#writeBits(best, i + 1);
      }
    else for (let i = 0; i < m - 1; i++) accN += this.#add(hists, o + cats[i]! * HIST_STRIDE);
    // Every seen category left, the missing rows right.
    if (missN > 0 && m >= 1) {
      accN += this.#add(hists, o + cats[m - 1]! * HIST_STRIDE);
      if (this.#evaluate(accN, missN, false, best, f, m - 1, true)) this.#writeBits(best, m);
    }
  }

  #writeBits(best: SplitCandidate, count: number): void {
    const bits = best.catBits;
    bits.fill(0);
    for (let i = 0; i < count; i++) {
      const b = this.#cats[i]!;
      bits[b >>> 5]! |= 1 << (b & 31);
    }
  }
}
