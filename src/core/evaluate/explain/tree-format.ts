/**
 * The tree-ensemble format shared by the tree models (gradient-boosted trees, random forest)
 * and TreeSHAP. Plain typed arrays per tree (structure-of-arrays: compact, transferable to a
 * worker, serialisable as-is) rather than node objects.
 *
 * Node 0 is the root. Node `i` is a leaf when feature[i] === -1; otherwise a row goes
 *  - numeric split: left when x[feature] <= threshold, right otherwise (scikit-learn and
 *    LightGBM's rule; XGBoost's `<` needs its thresholds moved down one ulp on import);
 *  - categorical split (categorical.offset[i] >= 0): left when the category code x[feature]
 *    is an integer whose bit is set in the node's bitset, right otherwise (unseen codes too);
 *  - missing value (NaN), either kind: left when defaultLeft[i] is 1, right otherwise.
 *
 * The ensemble's margin for output o is baseScore[o] plus, for each tree, the value of the
 * leaf the row reaches (for output o). A forest that averages its trees stores leaf values
 * already divided by the number of trees, so the margin stays a plain sum.
 */
import { benchtopError } from '../../errors.ts';

export interface Tree {
  /** Split feature per node; -1 marks a leaf. */
  feature: Int32Array;
  /** Split threshold per node (ignored for leaves and categorical splits). */
  threshold: Float64Array;
  /** Child indices per node (ignored for leaves). */
  left: Int32Array;
  right: Int32Array;
  /**
   * Node values, row-major nodes x width: width = 1 when `output` is set, else the ensemble's
   * `outputs`. Only leaves' values are used for prediction.
   */
  value: Float64Array;
  /** Training weight (row count or hessian sum) reaching each node: TreeSHAP's path-dependent expectations. */
  cover: Float64Array;
  /** 1 when a missing value goes left at this node, 0 when it goes right. */
  defaultLeft: Uint8Array;
  /**
   * Categorical splits: node i's bitset is bits[offset[i] .. offset[i] + words[i]) (32
   * categories per word, bit c % 32 of word c >> 5); offset[i] = -1 for a numeric split.
   */
  categorical?: { offset: Int32Array; words: Int32Array; bits: Uint32Array };
  /**
   * The one output this tree adds to, with scalar leaves (boosting grows one tree per class
   * per round for softmax / one-vs-rest). Absent: every leaf holds one value per output.
   */
  output?: number;
}

export type TreeLink = 'identity' | 'logit' | 'softmax';

export interface TreeEnsemble {
  trees: Tree[];
  /** Margin before any tree, per output (log-odds of the prior, the mean target, ...). */
  baseScore: ArrayLike<number>;
  /**
   * Margin values per row: 1 for regression and binary (logit), k classes for softmax or
   * one-vs-rest (logit with k > 1).
   */
  outputs: number;
  /**
   * Margin -> prediction: identity (regression), logit (binary: P(class 1) = sigmoid; k > 1:
   * one sigmoid per class, normalised to sum to 1 as scikit-learn's one-vs-rest), softmax.
   */
  link: TreeLink;
  /** Input columns the trees index into. */
  nFeatures: number;
}

/** Width of a tree's node values. */
export const valueWidth = (tree: Tree, ensemble: TreeEnsemble): number => (tree.output === undefined ? ensemble.outputs : 1);

/** True when a row with value v goes to the left child of internal node `node`. */
export function goesLeft(tree: Tree, node: number, v: number): boolean {
  if (Number.isNaN(v)) return tree.defaultLeft[node] === 1;
  const off = tree.categorical ? tree.categorical.offset[node]! : -1;
  if (off < 0) return v <= tree.threshold[node]!;
  const cat = tree.categorical!;
  if (!Number.isInteger(v) || v < 0 || v >= cat.words[node]! * 32) return false;
  return ((cat.bits[off + (v >>> 5)]! >>> (v & 31)) & 1) === 1;
}

/** The leaf row `row` of X (width p) reaches. */
export function leafOf(tree: Tree, X: ArrayLike<number>, row: number, p: number): number {
  let node = 0;
  while (tree.feature[node]! >= 0) {
    const f = tree.feature[node]!;
    node = goesLeft(tree, node, X[row * p + f]!) ? tree.left[node]! : tree.right[node]!;
  }
  return node;
}

/**
 * Checks one tree's structure (every node reachable once from the root, children in range,
 * covers usable) and returns its depth (edges on the longest root-to-leaf path).
 */
export function checkTree(tree: Tree, ensemble: TreeEnsemble, index: number): number {
  const m = tree.feature.length;
  const bad = (node: number, reason: string) => benchtopError('tree_invalid', { tree: index, node, reason });
  if (m < 1) throw bad(0, 'the tree has no nodes');
  for (const [name, arr] of [['threshold', tree.threshold], ['left', tree.left], ['right', tree.right], ['cover', tree.cover], ['defaultLeft', tree.defaultLeft]] as const)
    if (arr.length !== m) throw bad(0, `${name} has ${arr.length} entries for ${m} nodes`);
  const width = valueWidth(tree, ensemble);
  if (tree.output !== undefined && !(Number.isInteger(tree.output) && tree.output >= 0 && tree.output < ensemble.outputs))
    throw bad(0, `output ${tree.output} is not in 0..${ensemble.outputs - 1}`);
  if (tree.value.length !== m * width) throw bad(0, `value has ${tree.value.length} entries, expected ${m} nodes x ${width}`);
  const seen = new Uint8Array(m);
  const stack: [number, number][] = [[0, 0]];
  let depth = 0;
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    if (seen[node]) throw bad(node, 'the node is reached twice (a cycle or a shared child)');
    seen[node] = 1;
    depth = Math.max(depth, d);
    const f = tree.feature[node]!;
    if (f === -1) {
      for (let o = 0; o < width; o++) if (!Number.isFinite(tree.value[node * width + o]!)) throw bad(node, 'the leaf value is not finite');
      continue;
    }
    if (!(f >= 0 && f < ensemble.nFeatures)) throw bad(node, `split feature ${f} is not in 0..${ensemble.nFeatures - 1}`);
    if (!(tree.cover[node]! > 0)) throw bad(node, `an internal node needs a cover > 0, got ${tree.cover[node]}`);
    for (const c of [tree.left[node]!, tree.right[node]!]) {
      if (!(c > 0 && c < m)) throw bad(node, `child ${c} is not a node index in 1..${m - 1}`);
      if (!(tree.cover[c]! >= 0)) throw bad(c, `cover must be >= 0, got ${tree.cover[c]}`);
      stack.push([c, d + 1]);
    }
    const cat = tree.categorical;
    if (cat && cat.offset[node]! >= 0 && cat.offset[node]! + cat.words[node]! > cat.bits.length) throw bad(node, 'the categorical bitset runs past the end of bits');
  }
  return depth;
}

/** Checks every tree and the ensemble fields; returns the deepest tree's depth. */
export function checkEnsemble(ensemble: TreeEnsemble): number {
  const { outputs } = ensemble;
  if (!(Number.isInteger(outputs) && outputs >= 1)) throw benchtopError('explain_invalid', { field: 'ensemble.outputs', reason: `must be an integer >= 1, got ${outputs}` });
  if (ensemble.baseScore.length !== outputs)
    throw benchtopError('explain_invalid', { field: 'ensemble.baseScore', reason: `has ${ensemble.baseScore.length} values for ${outputs} outputs` });
  if (ensemble.link === 'softmax' && outputs < 2) throw benchtopError('explain_invalid', { field: 'ensemble.link', reason: 'softmax needs at least two outputs' });
  return ensemble.trees.reduce((d, t, i) => Math.max(d, checkTree(t, ensemble, i)), 0);
}
