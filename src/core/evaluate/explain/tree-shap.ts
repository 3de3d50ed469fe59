/**
 * Exact TreeSHAP ("tree_path_dependent"), Algorithm 2 of Lundberg, Erion & Lee (2018),
 * "Consistent individualized feature attribution for tree ensembles".
 *
 * The value of a feature set S for row x is the path-dependent expectation E[f(x) | x_S]:
 * walk the tree from the root; at a node splitting on a feature in S follow x, otherwise
 * take both children weighted by their share of the node's cover. TreeSHAP computes the
 * exact Shapley values of that game in O(leaves * depth^2) per tree and row, instead of the
 * O(2^p) of enumeration, by carrying along each root-to-leaf path the proportion of feature
 * subsets ("permutation weights") that reach the node with a given set of path features fixed.
 *
 * Values are in margin (raw score) space, where trees add up: for every row and output,
 * expected[o] + sum_j phi[j] == margin[o], up to float rounding.
 */
import { benchtopError } from '../../errors.ts';
import { pacer } from './batch.ts';
import { checkEnsemble, goesLeft, valueWidth, type Tree, type TreeEnsemble } from './tree-format.ts';
import { ensembleMargin } from './tree-predict.ts';
import type { ExplainRunOptions, ShapValues } from './types.ts';

export interface TreeShapRequest extends ExplainRunOptions {
  ensemble: TreeEnsemble;
  /** n x nFeatures rows, row-major. */
  X: Float64Array;
  n: number;
  names?: readonly string[];
}

/** Path elements, stored as parallel arrays; each recursion level owns a segment. */
interface Path {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  weight: Float64Array;
}

/**
 * Appends a feature to the path at [s, s + len): `zero` is the fraction of "feature not in
 * S" paths that reach here, `one` whether x's own path does (0/1 times earlier fractions).
 */
function extend(path: Path, s: number, len: number, zero: number, one: number, feature: number): void {
  const { weight: w } = path;
  path.feature[s + len] = feature;
  path.zero[s + len] = zero;
  path.one[s + len] = one;
  w[s + len] = len === 0 ? 1 : 0;
  for (let i = len - 1; i >= 0; i--) {
    w[s + i + 1]! += (one * w[s + i]! * (i + 1)) / (len + 1);
    w[s + i] = (zero * w[s + i]! * (len - i)) / (len + 1);
  }
}

/**
 * Undoes the extend of one path element, whose fractions are `zero` and `one`, on the weights
 * at [s, s + len). Returns the sum of the weights that are left. With `write` it also stores
 * them in [s, s + len - 1).
 *
 * Extend maps the old weights w[0..L) to new ones w'[0..L], with L = len - 1:
 *   w'[i] = a_i * w[i] + b_i * w[i - 1],  a_i = zero * (L - i) / len,  b_i = one * i / len.
 * That system can be solved from the bottom (w[i] from w'[i], dividing by a_i) or from the
 * top (w[i - 1] from w'[i], dividing by b_i). Each step multiplies the error carried in by
 * b_i / a_i or a_i / b_i. Lundberg's Algorithm 2 always solves from the top, which amplifies
 * errors wherever a_i > b_i: by several digits on deep paths, and by 1e-8 relative on a
 * depth-6 tree whose cover fractions exceed 1 (a property test found that case). The ratio
 * a_i / b_i falls as i grows, so solve from the bottom while a_i > b_i and from the top for
 * the rest: every step then divides by the larger coefficient.
 */
function unwindWeights(w: Float64Array, s: number, len: number, zero: number, one: number, write: boolean): number {
  const L = len - 1;
  // The first i with a_i <= b_i. With one = 0 every step is from the bottom; with zero = 0,
  // from the top. Any m in [0, L] solves the system exactly: m only decides the rounding.
  const m = one === 0 ? L : Math.min(L, Math.ceil((zero * L) / (zero + one)));
  let total = 0;
  let below = 0;
  for (let i = 0; i < m; i++) {
    below = (w[s + i]! * len - one * i * below) / (zero * (L - i));
    total += below;
    if (write) w[s + i] = below;
  }
  let above = 0;
  let upper = w[s + L]!;
  for (let i = L; i > m; i--) {
    // Read w'[i - 1] before this step overwrites that slot with w[i - 1].
    const nextUpper = w[s + i - 1]!;
    above = (upper * len - zero * (L - i) * above) / (one * i);
    total += above;
    if (write) w[s + i - 1] = above;
    upper = nextUpper;
  }
  return total;
}

/** Removes element `i` from the path at [s, s + len), undoing its extend. */
function unwind(path: Path, s: number, len: number, i: number): void {
  unwindWeights(path.weight, s, len, path.zero[s + i]!, path.one[s + i]!, true);
  for (let j = i; j < len - 1; j++) {
    path.feature[s + j] = path.feature[s + j + 1]!;
    path.zero[s + j] = path.zero[s + j + 1]!;
    path.one[s + j] = path.one[s + j + 1]!;
  }
}

/** Sum of the weights `unwind(i)` would leave, without changing the path. */
function unwoundSum(path: Path, s: number, len: number, i: number): number {
  return unwindWeights(path.weight, s, len, path.zero[s + i]!, path.one[s + i]!, false);
}

/** One tree, one row: adds the tree's SHAP values into phi (outputs x p). */
class TreeWalker {
  constructor(
    readonly tree: Tree,
    readonly width: number,
    readonly p: number,
    readonly path: Path,
  ) {}

  x!: Float64Array;
  xAt = 0;
  phi!: Float64Array;

  run(x: Float64Array, xAt: number, phi: Float64Array): void {
    this.x = x;
    this.xAt = xAt;
    this.phi = phi;
    this.recurse(0, 0, 0, 1, 1, -1);
  }

  private recurse(node: number, parentStart: number, parentLen: number, zero: number, one: number, feature: number): void {
    const { tree, path, p } = this;
    const s = parentStart + parentLen;
    for (let i = 0; i < parentLen; i++) {
      path.feature[s + i] = path.feature[parentStart + i]!;
      path.zero[s + i] = path.zero[parentStart + i]!;
      path.one[s + i] = path.one[parentStart + i]!;
      path.weight[s + i] = path.weight[parentStart + i]!;
    }
    extend(path, s, parentLen, zero, one, feature);
    let len = parentLen + 1;
    const f = tree.feature[node]!;
    if (f < 0) {
      const { width, phi } = this;
      for (let i = 1; i < len; i++) {
        const scale = unwoundSum(path, s, len, i) * (path.one[s + i]! - path.zero[s + i]!);
        const at = path.feature[s + i]!;
        if (tree.output !== undefined) phi[tree.output * p + at]! += scale * tree.value[node]!;
        else for (let o = 0; o < width; o++) phi[o * p + at]! += scale * tree.value[node * width + o]!;
      }
      return;
    }
    const left = goesLeft(tree, node, this.x[this.xAt + f]!);
    const hot = left ? tree.left[node]! : tree.right[node]!;
    const cold = left ? tree.right[node]! : tree.left[node]!;
    let inZero = 1;
    let inOne = 1;
    // A feature split on again further down: fold the earlier fractions into this split.
    for (let k = 1; k < len; k++) {
      if (path.feature[s + k] === f) {
        inZero = path.zero[s + k]!;
        inOne = path.one[s + k]!;
        unwind(path, s, len, k);
        len--;
        break;
      }
    }
    const cover = tree.cover[node]!;
    const hotZero = (inZero * tree.cover[hot]!) / cover;
    const coldZero = (inZero * tree.cover[cold]!) / cover;
    // A branch no subset reaches (zero and one both 0) adds nothing; skipping it also avoids 0/0 in unwind.
    if (hotZero !== 0 || inOne !== 0) this.recurse(hot, s, len, hotZero, inOne, f);
    if (coldZero !== 0) this.recurse(cold, s, len, coldZero, 0, f);
  }
}

/** E[tree] under the covers (the empty-set value), per output. */
function treeExpectation(tree: Tree, width: number): Float64Array {
  const memo = new Float64Array(width);
  const walk = (node: number, weight: number): void => {
    if (weight === 0) return;
    if (tree.feature[node]! < 0) {
      for (let o = 0; o < width; o++) memo[o]! += weight * tree.value[node * width + o]!;
      return;
    }
    const c = tree.cover[node]!;
    walk(tree.left[node]!, (weight * tree.cover[tree.left[node]!]!) / c);
    walk(tree.right[node]!, (weight * tree.cover[tree.right[node]!]!) / c);
  };
  walk(0, 1);
  return memo;
}

export async function treeShap(req: TreeShapRequest): Promise<ShapValues> {
  const { ensemble, X, n } = req;
  const depth = checkEnsemble(ensemble);
  const p = ensemble.nFeatures;
  const k = ensemble.outputs;
  if (!Number.isInteger(n) || n < 1 || X.length !== n * p)
    throw benchtopError('explain_invalid', { field: 'X', reason: `needs n >= 1 rows of ${p} values, got ${X.length} values for n = ${n}` });
  if (req.names && req.names.length !== p) throw benchtopError('explain_invalid', { field: 'names', reason: `${req.names.length} names for ${p} features` });
  const cap = ((depth + 2) * (depth + 3)) / 2;
  const path: Path = { feature: new Int32Array(cap), zero: new Float64Array(cap), one: new Float64Array(cap), weight: new Float64Array(cap) };
  const walkers = ensemble.trees.map((t) => new TreeWalker(t, valueWidth(t, ensemble), p, path));

  const expected = Float64Array.from({ length: k }, (_, o) => ensemble.baseScore[o]!);
  for (const t of ensemble.trees) {
    const e = treeExpectation(t, valueWidth(t, ensemble));
    if (t.output !== undefined) expected[t.output]! += e[0]!;
    else for (let o = 0; o < k; o++) expected[o]! += e[o]!;
  }

  const values = new Float64Array(n * k * p);
  const pace = pacer(req);
  for (let i = 0; i < n; i++) {
    await pace();
    const phi = values.subarray(i * k * p, (i + 1) * k * p);
    for (const w of walkers) w.run(X, i * p, phi);
    if ((i & 63) === 63 || i === n - 1) req.onProgress?.({ phase: 'explain', fraction: (i + 1) / n, message: 'TreeSHAP' });
  }
  return {
    n,
    p,
    outputs: k,
    values,
    expected,
    output: ensembleMargin(ensemble, X, n),
    names: req.names ?? Array.from({ length: p }, (_, j) => `x${j}`),
  };
}
