/**
 * Leaf-wise (best-first) growth of one tree on binned data, as LightGBM: the open leaf with
 * the largest gain is split next until `maxLeaves` leaves (or no split gains enough).
 *
 * Rows live in one Int32Array; a node owns a contiguous range of it, kept in increasing row
 * order by a stable in-place partition (left rows compacted forward, right rows through one
 * reused buffer), so histogram builders always see increasing rows.
 *
 * Two modes:
 *  - subtraction (boosting, featuresPerSplit = 0): every open leaf keeps its histograms; a
 *    split builds the smaller child only and turns the parent's buffers into the larger
 *    child's by subtraction;
 *  - per-split feature sampling (forests): each node draws its features and builds just
 *    those histograms from its rows; nothing is kept.
 */
import { throwIfCancelled, type CancelToken } from '../../jobs.ts';
import type { Rng } from '../../random.ts';
import { AllRowCounts } from './cpu-histograms.ts';
import { CAT_WORDS, SplitCandidate, SplitFinder, type SplitConfig } from './find-split.ts';
import { HIST_STRIDE, SLOT_SIZE, type HistogramBuilder } from './histogram.ts';
import { LeafQueue } from './leaf-queue.ts';
import { subtractHistogram } from './pool/accumulate-histogram.ts';
import { WasmRowSpace } from './wasm-histogram.ts';

export interface TreeLearnerOptions extends SplitConfig {
  /** Rows of the binned matrix. */
  n: number;
  d: number;
  /** Feature-major bins (BinnedMatrix.bins). */
  bins: Uint8Array;
  /** 0 = unlimited. */
  maxLeaves: number;
  /** 0 = none. */
  maxDepth: number;
  /** Features drawn per split; 0 = every feature of the tree, with histogram subtraction. */
  featuresPerSplit: number;
}

/** A grown tree in bin space; node 0 is the root, feature -1 marks a leaf. */
export interface GrownTree {
  nodes: number;
  channels: number;
  feature: Int32Array;
  /** Numeric split: value bins 1..bin go left. */
  bin: Int32Array;
  defaultLeft: Uint8Array;
  isCat: Uint8Array;
  /** CAT_WORDS words per node: bins that go left. */
  catBits: Uint32Array;
  left: Int32Array;
  right: Int32Array;
  gain: Float64Array;
  /** nodes x channels sums of gradients and hessians. */
  sumG: Float64Array;
  sumH: Float64Array;
  count: Float64Array;
  /** The node's range of `rows` (leaves' rows, to update predictions). */
  start: Int32Array;
  end: Int32Array;
  /**
   * The in-bag rows, each node's contiguous: the learner's own list, valid until its next grow
   * (copying it back to the caller cost a pass over every row per tree).
   */
  rows: Int32Array;
}

interface NodeRec {
  start: number;
  end: number;
  depth: number;
  G: Float64Array;
  H: Float64Array;
  n: number;
  split: SplitCandidate | null;
  left: number;
  right: number;
  hists: Float64Array[] | null;
}

export class TreeLearner {
  readonly #o: TreeLearnerOptions;
  readonly #finder: SplitFinder;
  readonly #tmp: Int32Array;
  /** The row list and leaf table when there is no row space. */
  #ownRows: Int32Array | null = null;
  #ownLeafOf: Int32Array | null = null;
  readonly #pool: Float64Array[][] = [];
  readonly #candidates: SplitCandidate[] = [];
  readonly #featScratch: Int32Array;
  /** Where rows are partitioned in WebAssembly (null: in JavaScript, on the caller's array). */
  readonly #space: WasmRowSpace | null;
  #nodes: NodeRec[] = [];
  #allRowCounts: AllRowCounts | null = null;

  constructor(o: TreeLearnerOptions) {
    this.#o = o;
    this.#finder = new SplitFinder(o);
    this.#tmp = new Int32Array(o.n);
    this.#featScratch = new Int32Array(o.d);
    this.#space = WasmRowSpace.create(o.bins, o.n, o.d);
  }

  #acquire(builder: HistogramBuilder): Float64Array[] {
    const length = SLOT_SIZE * this.#o.d;
    // The builder's own buffers where it has them: its threads write into them in place.
    return this.#pool.pop() ?? Array.from({ length: this.#o.channels }, () => builder.histogramBuffer?.(length) ?? new Float64Array(length));
  }

  #release(h: Float64Array[] | null): void {
    if (h) this.#pool.push(h);
  }

  #candidate(): SplitCandidate {
    return this.#candidates.pop() ?? new SplitCandidate(this.#o.channels);
  }

  #splittable(node: NodeRec): boolean {
    const o = this.#o;
    return (o.maxDepth === 0 || node.depth < o.maxDepth) && node.n >= Math.max(2, 2 * o.minSamplesLeaf);
  }

  /** Builds out (one histogram per channel); with `parent`, subtracts each from it afterwards. */
  async #build(builder: HistogramBuilder, rows: Int32Array, features: Int32Array, grads: readonly Float32Array[], hess: readonly Float32Array[], out: Float64Array[], cancel?: CancelToken, parent?: Float64Array[]): Promise<void> {
    // A node of every row (a boosting root without row subsampling) has the same counts every
    // round: the first one is built with them and they are kept; later ones may skip them (the
    // kernel's update per row and feature is then one instead of two) and get them from there.
    const table = rows.length === this.#o.n ? (this.#allRowCounts ??= new AllRowCounts(this.#o.d)) : null;
    for (let c = 0; c < out.length; c++) {
      const counts = table === null || !table.has(features);
      const inPlace = parent !== undefined && builder.subtractsInPlace === true;
      const r = builder.build({ rows, features, grad: grads[c]!, hess: hess[c]!, counts, ...(inPlace ? { subtractFrom: parent[c]! } : {}) }, out[c]!, cancel);
      if (r) await r;
      if (parent && !inPlace) subtractHistogram(parent[c]!, out[c]!, features.length);
      if (table && counts) table.learn(features, out[c]!);
      else if (table) table.fill(features, out[c]!);
    }
  }

  /**
   * Grows one tree over `callerRows` (in-bag training rows, distinct and increasing; left as
   * they are) using the features in `features` (increasing). grads/hess: one array per channel.
   */
  async grow(
    builder: HistogramBuilder,
    grads: readonly Float32Array[],
    hess: readonly Float32Array[],
    callerRows: Int32Array,
    features: Int32Array,
    rng: Rng | null,
    cancel?: CancelToken,
  ): Promise<GrownTree> {
    // The tree grows on the learner's copy of the rows (in WebAssembly memory with a row space).
    const rows = (this.#space ? this.#space.rows : (this.#ownRows ??= new Int32Array(this.#o.n))).subarray(0, callerRows.length);
    rows.set(callerRows);
    const o = this.#o;
    const C = o.channels;
    const subtract = o.featuresPerSplit === 0;
    this.#nodes = [];
    const root = this.#newNode(0, rows.length, 0, new Float64Array(C), new Float64Array(C), rows.length);
    const rootNode = this.#nodes[root]!;
    const open = new LeafQueue();
    const scratchHists = subtract ? null : this.#acquire(builder);
    if (subtract && this.#splittable(rootNode)) {
      const h = this.#acquire(builder);
      await this.#build(builder, rows, features, grads, hess, h, cancel);
      rootNode.hists = h;
      // Every row is in one bin of each feature, so the root's sums are its first feature's
      // bins added up: no serial pass over every row each tree (2.7 ms of a 1M-row tree).
      for (let c = 0; c < C; c++) histogramTotals(h[c]!, c, rootNode.G, rootNode.H);
    } else {
      for (let c = 0; c < C; c++) {
        const [sg, sh] = sumRows(grads[c]!, hess[c]!, rows);
        rootNode.G[c] = sg;
        rootNode.H[c] = sh;
      }
    }

    const evaluate = async (id: number): Promise<void> => {
      const node = this.#nodes[id]!;
      if (!this.#splittable(node)) return;
      let hists = node.hists;
      let feats = features;
      let nSlots = features.length;
      if (!subtract) {
        nSlots = Math.min(o.featuresPerSplit, features.length);
        feats = this.#sampleFeatures(features, nSlots, rng!);
        hists = scratchHists!;
        await this.#build(builder, rows.subarray(node.start, node.end), feats, grads, hess, hists, cancel);
      }
      const cand = this.#candidate();
      this.#finder.find(hists!, feats, nSlots, node.G, node.H, node.n, rng, cand);
      if (cand.feature >= 0) {
        node.split = cand;
        open.push(id, cand.gain);
      } else this.#candidates.push(cand);
    };

    await evaluate(root);
    let leaves = 1;
    while (open.size > 0 && (o.maxLeaves === 0 || leaves < o.maxLeaves)) {
      throwIfCancelled(cancel);
      const id = open.pop();
      const node = this.#nodes[id]!;
      const s = node.split!;
      const mid = this.#partition(rows, node.start, node.end, s);
      const GR = new Float64Array(C);
      const HR = new Float64Array(C);
      for (let c = 0; c < C; c++) {
        GR[c] = node.G[c]! - s.leftG[c]!;
        HR[c] = node.H[c]! - s.leftH[c]!;
      }
      const L = this.#newNode(node.start, mid, node.depth + 1, Float64Array.from(s.leftG), Float64Array.from(s.leftH), s.leftN);
      const R = this.#newNode(mid, node.end, node.depth + 1, GR, HR, node.n - s.leftN);
      node.left = L;
      node.right = R;
      leaves++;
      const room = o.maxLeaves === 0 || leaves < o.maxLeaves;
      const ln = this.#nodes[L]!;
      const rn = this.#nodes[R]!;
      if (subtract) {
        const parent = node.hists;
        node.hists = null;
        if (room && parent && (this.#splittable(ln) || this.#splittable(rn))) {
          const [small, large] = ln.n <= rn.n ? [ln, rn] : [rn, ln];
          const h = this.#acquire(builder);
          // The parent's histograms less the small child's are the large child's.
          await this.#build(builder, rows.subarray(small.start, small.end), features, grads, hess, h, cancel, parent);
          small.hists = h;
          large.hists = parent;
        } else this.#release(parent);
      }
      if (room) {
        await evaluate(L);
        await evaluate(R);
      }
      for (const child of [ln, rn])
        if (!child.split) {
          this.#release(child.hists);
          child.hists = null;
        }
    }
    for (const id of open.ids()) {
      const node = this.#nodes[id]!;
      this.#candidates.push(node.split!);
      node.split = null;
    }
    for (const node of this.#nodes) {
      this.#release(node.hists);
      node.hists = null;
    }
    if (scratchHists) this.#release(scratchHists);
    return this.#finish(rows);
  }

  /**
   * Each in-bag row's leaf in `g`, the tree this learner grew last: entry r of the returned
   * table (n entries, the learner's own, rewritten by the next call) for each of g.rows. Other
   * entries keep what they held.
   */
  assignLeaves(g: GrownTree): Int32Array {
    const leaves = new Int32Array(g.nodes);
    let count = 0;
    for (let node = 0; node < g.nodes; node++) if (g.feature[node]! < 0) leaves[count++] = node;
    const start = new Int32Array(count);
    const end = new Int32Array(count);
    for (let j = 0; j < count; j++) {
      start[j] = g.start[leaves[j]!]!;
      end[j] = g.end[leaves[j]!]!;
    }
    if (this.#space?.assignLeaves(start, end, leaves, count)) return this.#space.leafOf;
    const leafOf = this.#space?.leafOf ?? (this.#ownLeafOf ??= new Int32Array(this.#o.n));
    for (let j = 0; j < count; j++) for (let i = start[j]!; i < end[j]!; i++) leafOf[g.rows[i]!] = leaves[j]!;
    return leafOf;
  }

  #newNode(start: number, end: number, depth: number, G: Float64Array, H: Float64Array, n: number): number {
    this.#nodes.push({ start, end, depth, G: Float64Array.from(G), H: Float64Array.from(H), n, split: null, left: -1, right: -1, hists: null });
    return this.#nodes.length - 1;
  }

  /** k of the tree's features without replacement (seeded), increasing. */
  #sampleFeatures(features: Int32Array, k: number, rng: Rng): Int32Array {
    const s = this.#featScratch.subarray(0, features.length);
    s.set(features);
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(s.length - i);
      const t = s[i]!;
      s[i] = s[j]!;
      s[j] = t;
    }
    return s.subarray(0, k).sort();
  }

  /** Stable partition of rows[start, end) by the split; returns where the right child starts. */
  #partition(rows: Int32Array, start: number, end: number, s: SplitCandidate): number {
    // rows is the row space's own list whenever there is one (see grow).
    if (this.#space && !s.isCat) return this.#space.partition(start, end, s.feature, s.bin, s.defaultLeft === 1);
    const { bins, n } = this.#o;
    const tmp = this.#tmp;
    const base = s.feature * n;
    const dl = s.defaultLeft === 1;
    let w = start;
    let t = 0;
    if (s.isCat) {
      const bits = s.catBits;
      for (let i = start; i < end; i++) {
        const r = rows[i]!;
        const b = bins[base + r]!;
        if (b === 0 ? dl : ((bits[b >>> 5]! >>> (b & 31)) & 1) === 1) rows[w++] = r;
        else tmp[t++] = r;
      }
    } else {
      // Branch-free: a row goes left or right at random as far as the branch predictor can
      // tell, and a mispredicted branch per row was most of the partition's time. Each row is
      // written to both sides and only the side it belongs to advances.
      const thr = s.bin;
      const dlBit = dl ? 1 : 0;
      for (let i = start; i < end; i++) {
        const r = rows[i]!;
        const b = bins[base + r]!;
        const missing = (b - 1) >>> 31;
        const le = ((thr - b) >>> 31) ^ 1;
        const goLeft = (missing & dlBit) | ((missing ^ 1) & le);
        rows[w] = r;
        tmp[t] = r;
        w += goLeft;
        t += goLeft ^ 1;
      }
    }
    rows.set(tmp.subarray(0, t), w);
    return w;
  }

  #finish(rows: Int32Array): GrownTree {
    const nodes = this.#nodes;
    const m = nodes.length;
    const C = this.#o.channels;
    const t: GrownTree = {
      nodes: m,
      channels: C,
      feature: new Int32Array(m).fill(-1),
      bin: new Int32Array(m),
      defaultLeft: new Uint8Array(m),
      isCat: new Uint8Array(m),
      catBits: new Uint32Array(m * CAT_WORDS),
      left: new Int32Array(m).fill(-1),
      right: new Int32Array(m).fill(-1),
      gain: new Float64Array(m),
      sumG: new Float64Array(m * C),
      sumH: new Float64Array(m * C),
      count: new Float64Array(m),
      start: new Int32Array(m),
      end: new Int32Array(m),
      rows,
    };
    for (let i = 0; i < m; i++) {
      const node = nodes[i]!;
      t.sumG.set(node.G, i * C);
      t.sumH.set(node.H, i * C);
      t.count[i] = node.n;
      t.start[i] = node.start;
      t.end[i] = node.end;
      const s = node.split;
      if (s && node.left >= 0) {
        t.feature[i] = s.feature;
        t.bin[i] = s.bin;
        t.defaultLeft[i] = s.defaultLeft;
        t.isCat[i] = s.isCat ? 1 : 0;
        if (s.isCat) t.catBits.set(s.catBits, i * CAT_WORDS);
        t.left[i] = node.left;
        t.right[i] = node.right;
        t.gain[i] = s.gain;
        this.#candidates.push(s);
        node.split = null;
      }
    }
    return t;
  }
}

/**
 * Sums of g and h over the given rows, in their order. Kept out of grow (a long async function
 * V8 optimises less well: the loop ran at half the speed there).
 */
function sumRows(g: Float32Array, h: Float32Array, rows: Int32Array): [number, number] {
  let sg = 0;
  let sh = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    sg += g[r]!;
    sh += h[r]!;
  }
  return [sg, sh];
}

/** G[c] and H[c]: the gradient and hessian sums over slot 0 of a histogram, bins in order. */
function histogramTotals(h: Float64Array, c: number, G: Float64Array, H: Float64Array): void {
  let sg = 0;
  let sh = 0;
  for (let j = 0; j < SLOT_SIZE; j += HIST_STRIDE) {
    sg += h[j]!;
    sh += h[j + 1]!;
  }
  G[c] = sg;
  H[c] = sh;
}

/** Leaf of row r of a binned matrix (feature-major, n rows) in a grown tree. */
export function binnedLeaf(t: GrownTree, bins: Uint8Array, n: number, r: number): number {
  let node = 0;
  for (;;) {
    const f = t.feature[node]!;
    if (f < 0) return node;
    const b = bins[f * n + r]!;
    let left: boolean;
    if (b === 0) left = t.defaultLeft[node] === 1;
    else if (t.isCat[node]) left = ((t.catBits[node * CAT_WORDS + (b >>> 5)]! >>> (b & 31)) & 1) === 1;
    else left = b <= t.bin[node]!;
    node = left ? t.left[node]! : t.right[node]!;
  }
}
