/**
 * Tree ensembles (the shared format of tree-format.ts: gradient-boosted trees, random forests)
 * -> ONNX, with ai.onnx.ml TreeEnsemble (ml opset 5) rather than the deprecated
 * TreeEnsembleRegressor/Classifier, because only TreeEnsemble encodes Benchtop's trees exactly:
 *
 * - it compares in the input's type, and we feed it doubles (the float32 input cast exactly),
 *   so thresholds and leaf values keep all 64 bits and `x <= threshold` decides as in Benchtop
 *   (float32 thresholds would need rounding and the sums would drift in float32);
 * - BRANCH_MEMBER tests set membership, which is Benchtop's categorical bitset split exactly:
 *   codes whose bit is set go left; other codes, non-integers and out-of-range values go right
 *   (the old ops only had BRANCH_EQ, so a set meant copying the left subtree per member);
 * - nodes_missing_value_tracks_true is defaultLeft (the true branch is the left child), so NaN
 *   follows the learned direction at numeric and categorical splits alike.
 *
 * ONNX Runtime runs TreeEnsemble on its CPU provider since 1.20 (its wasm build too; the tests
 * use onnxruntime-web 1.30). Other runtimes that only know ml opset <= 4 cannot load these files.
 *
 * A TreeEnsemble leaf feeds one target, so a tree whose leaves hold a value per output (a
 * forest classifier) becomes one copy per output, each with that output's leaf values (copies
 * whose leaves are all zero are left out). The base score is added after the trees, then the
 * link: identity (regression, or forest class proportions, optionally clamped and renormalised
 * as Benchtop's forest does), logit (sigmoid; one-vs-rest normalised for k > 1) or softmax.
 */
import { checkEnsemble, type Tree, type TreeEnsemble } from '../../evaluate/explain/tree-format.ts';
import type { Task } from '../../spec/types.ts';
import { attr, ML_DOMAIN, type GraphBuilder } from './graph-builder.ts';
import { binaryProbabilities, classifierOutputs, finishModel, INPUT_NAME, regressionOutput, startGraph, type OnnxExportInfo } from './model-info.ts';
import { DataType } from './onnx-proto.ts';

export interface TreesOnnxOptions extends OnnxExportInfo {
  /**
   * Identity-link classifiers (forests): clamp the summed class proportions to [0, 1] and divide
   * each row by its sum, as Benchtop's random forest predict does. Default false.
   */
  renormalize?: boolean;
}

const BRANCH_LEQ = 0;
const BRANCH_LT = 1;
const BRANCH_MEMBER = 6;

const ZERO_LEAF: Tree = {
  feature: Int32Array.of(-1),
  threshold: Float64Array.of(0),
  left: Int32Array.of(-1),
  right: Int32Array.of(-1),
  value: Float64Array.of(0),
  cover: Float64Array.of(0),
  defaultLeft: Uint8Array.of(0),
};

/** The TreeEnsemble node's attributes, interior nodes and leaves in separate lists. */
interface EncodedTrees {
  roots: number[];
  featureIds: number[];
  modes: number[];
  splits: number[];
  trueIds: number[];
  trueLeafs: number[];
  falseIds: number[];
  falseLeafs: number[];
  missingTracksTrue: number[];
  leafTargets: number[];
  leafWeights: number[];
  membership: number[];
}

/** Category codes whose bit is set in node `node`'s bitset, increasing. */
function members(tree: Tree, node: number): number[] {
  const cat = tree.categorical!;
  const off = cat.offset[node]!;
  const out: number[] = [];
  for (let w = 0; w < cat.words[node]!; w++) {
    const word = cat.bits[off + w]!;
    for (let b = 0; b < 32; b++) if ((word >>> b) & 1) out.push(w * 32 + b);
  }
  return out;
}

/** Appends one tree, with the leaf values of output `o` (column o of width `width`), going to target `target`. */
function encodeTree(tree: Tree, width: number, o: number, target: number, e: EncodedTrees): void {
  const leafValue = (node: number) => tree.value[node * width + o]!;
  e.roots.push(e.featureIds.length);
  if (tree.feature[0]! < 0) {
    // A lone leaf: one interior entry whose two branches reach the same leaf.
    const leaf = e.leafTargets.length;
    e.leafTargets.push(target);
    e.leafWeights.push(leafValue(0));
    e.featureIds.push(0);
    e.modes.push(BRANCH_LEQ);
    e.splits.push(0);
    e.trueIds.push(leaf);
    e.falseIds.push(leaf);
    e.trueLeafs.push(1);
    e.falseLeafs.push(1);
    e.missingTracksTrue.push(0);
    return;
  }
  // Preorder numbering: interior nodes and leaves each get consecutive indices in visit order,
  // so the interior entries can be pushed as they are visited.
  const order: number[] = [];
  const stack = [0];
  while (stack.length > 0) {
    const node = stack.pop()!;
    order.push(node);
    if (tree.feature[node]! >= 0) stack.push(tree.right[node]!, tree.left[node]!);
  }
  const index = new Map<number, number>();
  let interior = e.featureIds.length;
  let leaves = e.leafTargets.length;
  for (const node of order) index.set(node, tree.feature[node]! >= 0 ? interior++ : leaves++);
  for (const node of order) {
    if (tree.feature[node]! < 0) {
      e.leafTargets.push(target);
      e.leafWeights.push(leafValue(node));
      continue;
    }
    const left = tree.left[node]!;
    const right = tree.right[node]!;
    e.featureIds.push(tree.feature[node]!);
    const categorical = tree.categorical !== undefined && tree.categorical.offset[node]! >= 0;
    if (!categorical) {
      e.modes.push(BRANCH_LEQ);
      e.splits.push(tree.threshold[node]!);
    } else {
      const set = members(tree, node);
      if (set.length === 0) {
        // No code goes left: x < -Infinity is false for every number (NaN follows defaultLeft).
        e.modes.push(BRANCH_LT);
        e.splits.push(-Infinity);
      } else {
        e.modes.push(BRANCH_MEMBER);
        e.splits.push(0);
        e.membership.push(...set, NaN);
      }
    }
    e.trueIds.push(index.get(left)!);
    e.trueLeafs.push(tree.feature[left]! < 0 ? 1 : 0);
    e.falseIds.push(index.get(right)!);
    e.falseLeafs.push(tree.feature[right]! < 0 ? 1 : 0);
    e.missingTracksTrue.push(tree.defaultLeft[node]!);
  }
}

function encodeEnsemble(ensemble: TreeEnsemble): EncodedTrees {
  const e: EncodedTrees = { roots: [], featureIds: [], modes: [], splits: [], trueIds: [], trueLeafs: [], falseIds: [], falseLeafs: [], missingTracksTrue: [], leafTargets: [], leafWeights: [], membership: [] };
  const k = ensemble.outputs;
  for (const tree of ensemble.trees) {
    if (tree.output !== undefined) {
      encodeTree(tree, 1, 0, tree.output, e);
      continue;
    }
    for (let o = 0; o < k; o++) {
      let any = false;
      for (let node = 0; node < tree.feature.length && !any; node++) any = tree.feature[node]! < 0 && tree.value[node * k + o] !== 0;
      if (any) encodeTree(tree, k, o, o, e);
    }
  }
  // TreeEnsemble needs a tree: with none left (all zero, or no trees), one zero leaf keeps the margin at the base score.
  if (e.roots.length === 0) encodeTree(ZERO_LEAF, 1, 0, 0, e);
  return e;
}

/** Margins [N, k] (float64): the TreeEnsemble sum plus the base score. */
function marginOf(g: GraphBuilder, ensemble: TreeEnsemble): string {
  const D = DataType.DOUBLE;
  const k = ensemble.outputs;
  const x = g.cast(INPUT_NAME, D);
  const base = g.constant('base_score', D, [k], Array.from(ensemble.baseScore));
  const e = encodeEnsemble(ensemble);
  const sums = g.op(
    'TreeEnsemble',
    [x],
    [
      attr.int('aggregate_function', 1), // SUM
      attr.ints('leaf_targetids', e.leafTargets),
      attr.tensor('leaf_weights', D, e.leafWeights),
      ...(e.membership.length > 0 ? [attr.tensor('membership_values', D, e.membership)] : []),
      attr.int('n_targets', k),
      attr.ints('nodes_falseleafs', e.falseLeafs),
      attr.ints('nodes_falsenodeids', e.falseIds),
      attr.ints('nodes_featureids', e.featureIds),
      attr.ints('nodes_missing_value_tracks_true', e.missingTracksTrue),
      attr.tensor('nodes_modes', DataType.UINT8, e.modes),
      attr.tensor('nodes_splits', D, e.splits),
      attr.ints('nodes_trueleafs', e.trueLeafs),
      attr.ints('nodes_truenodeids', e.trueIds),
      attr.int('post_transform', 0), // NONE: the link is applied below, after the base score
      attr.ints('tree_roots', e.roots),
    ],
    { domain: ML_DOMAIN },
  );
  return g.op('Add', [sums, base]);
}

/** Each row of a float64 [N, k] divided by its sum; a row summing to 0 stays 0 (0 / tiny), as in Benchtop. */
function rowNormalised(g: GraphBuilder, v: string): string {
  const axes = g.constant('axes', DataType.INT64, [1], [1]);
  const total = g.op('ReduceSum', [v, axes], [attr.int('keepdims', 1)]);
  // A normal double, not a subnormal one: a runtime that flushes subnormals to zero would divide by 0.
  const tiny = g.constant('tiny', DataType.DOUBLE, [], [1e-300]);
  return g.op('Div', [v, g.op('Max', [total, tiny])]);
}

export function treesToOnnx(ensemble: TreeEnsemble, options: TreesOnnxOptions = {}): Uint8Array {
  const model = options.modelKind ?? 'tree ensemble';
  checkEnsemble(ensemble);
  const { outputs: k, link } = ensemble;
  const info = { ...options, modelKind: model };
  const g = startGraph(ensemble.nFeatures, info);
  const D = DataType.DOUBLE;
  const margin = marginOf(g, ensemble);
  let task: Task;
  if (link === 'identity' && k === 1) {
    task = 'regression';
    regressionOutput(g, margin, D, info);
  } else if (link === 'logit' && k === 1) {
    task = 'binary';
    const p1 = g.op('Sigmoid', [margin]);
    classifierOutputs(g, binaryProbabilities(g, p1, D), 2, D, info, p1);
  } else {
    task = k === 2 ? 'binary' : 'multiclass';
    let probs: string;
    if (link === 'softmax') probs = g.op('Softmax', [margin], [attr.int('axis', 1)]);
    else if (link === 'logit') probs = rowNormalised(g, g.op('Sigmoid', [margin]));
    else if (options.renormalize) {
      const clipped = g.op('Clip', [margin, g.constant('zero', D, [], [0]), g.constant('one', D, [], [1])]);
      probs = rowNormalised(g, clipped);
    } else probs = margin;
    let positive: string | undefined;
    if (k === 2) {
      const at = (v: number) => g.constant('index', DataType.INT64, [1], [v]);
      positive = g.op('Slice', [probs, at(1), at(2), at(1)]);
    }
    classifierOutputs(g, probs, k, D, info, positive);
  }
  const doc = `${ensemble.trees.length} trees (ai.onnx.ml TreeEnsemble, float64), link ${link}${options.renormalize ? ', rows renormalised' : ''}.`;
  return finishModel(g, task, info, doc);
}
