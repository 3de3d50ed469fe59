/**
 * Tree models (gbdt, random-forest) <-> ModelArtifact. Prediction walks the raw thresholds of
 * the shared tree format, so the bin mapper is not needed and not stored. Loading rebuilds the
 * model through treeModel(), the same constructor a fit ends in, after checkEnsemble.
 */
import { isBenchtopError } from '../../errors.ts';
import { checkEnsemble, type Tree, type TreeEnsemble, type TreeLink } from '../../evaluate/explain/tree-format.ts';
import { predictionWidth } from '../../evaluate/explain/tree-predict.ts';
import type { ArtifactJson, ModelArtifact } from '../artifact.ts';
import { historyToJson, readHistory, toBytes, type ArtifactHeader, type ArtifactReader } from '../artifact-codec.ts';
import { treeModel, type GbdtModel } from './tree-model.ts';

export const TREE_FORMAT = 1;
const LINKS: readonly TreeLink[] = ['identity', 'logit', 'softmax'];

const concat = <T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(Ctor: new (n: number) => T, parts: readonly T[]): T => {
  const out = new Ctor(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p as never, at);
    at += p.length;
  }
  return out;
};

/**
 * Artifact layout (format 1, the same for gbdt and random-forest):
 * meta `{bestIteration, rounds, history, ensemble: {outputs, link, nFeatures, trees: [{nodes,
 * output?, categoricalBits?}]}}`; every per-node array of all trees is concatenated in tree
 * order into one blob (tree t's nodes follow tree t-1's; indices inside a tree are local):
 * - `base-score.f64` (outputs), the margin before any tree;
 * - `tree-feature.i32` (-1 = leaf), `tree-threshold.f64` (go left when x <= threshold),
 *   `tree-left.i32`, `tree-right.i32`, `tree-cover.f64`, `tree-default-left.u8` (1: NaN goes
 *   left): one value per node;
 * - `tree-value.f64`: per node, `outputs` values, or 1 value for a tree with `output` set
 *   (it adds to that output only);
 * - trees with `categoricalBits` (others are all-numeric): `tree-cat-offset.i32` and
 *   `tree-cat-words.i32` (one per node of those trees; offset -1 = numeric split, else the
 *   split goes left when bit x of bits[offset .. offset + words) is set) and
 *   `tree-cat-bits.u32` (categoricalBits words per such tree);
 * - `tree-gain.f64`: trees x nFeatures split gain (feature importance only).
 * Prediction: margin[o] = baseScore[o] + the reached leaves' values; link identity = margin,
 * logit = sigmoid (outputs 1: [1 - p, p]; else one per class, normalised), softmax.
 * A random forest (link identity) with k > 1 outputs clamps each class to [0, 1] and
 * renormalises each row (rounding can push summed proportions past 1).
 */
export function treeArtifact(model: GbdtModel, header: ArtifactHeader): ModelArtifact {
  const e = model.ensemble;
  const trees = e.trees;
  const catTrees = trees.filter((t) => t.categorical);
  const gain = new Float64Array(trees.length * e.nFeatures);
  model.importance.perTree.forEach((t, i) => gain.set(t.gain, i * e.nFeatures));
  const blobs: Record<string, Uint8Array> = {
    'base-score.f64': toBytes(Float64Array.from(e.baseScore)),
    'tree-feature.i32': toBytes(concat(Int32Array, trees.map((t) => t.feature))),
    'tree-threshold.f64': toBytes(concat(Float64Array, trees.map((t) => t.threshold))),
    'tree-left.i32': toBytes(concat(Int32Array, trees.map((t) => t.left))),
    'tree-right.i32': toBytes(concat(Int32Array, trees.map((t) => t.right))),
    'tree-value.f64': toBytes(concat(Float64Array, trees.map((t) => t.value))),
    'tree-cover.f64': toBytes(concat(Float64Array, trees.map((t) => t.cover))),
    'tree-default-left.u8': toBytes(concat(Uint8Array, trees.map((t) => t.defaultLeft))),
    'tree-gain.f64': toBytes(gain),
  };
  if (catTrees.length > 0) {
    blobs['tree-cat-offset.i32'] = toBytes(concat(Int32Array, catTrees.map((t) => t.categorical!.offset)));
    blobs['tree-cat-words.i32'] = toBytes(concat(Int32Array, catTrees.map((t) => t.categorical!.words)));
    blobs['tree-cat-bits.u32'] = toBytes(concat(Uint32Array, catTrees.map((t) => t.categorical!.bits)));
  }
  const treeMeta = trees.map((t): ArtifactJson => ({
    nodes: t.feature.length,
    ...(t.output !== undefined ? { output: t.output } : {}),
    ...(t.categorical ? { categoricalBits: t.categorical.bits.length } : {}),
  }));
  return {
    ...header,
    format: TREE_FORMAT,
    meta: {
      bestIteration: model.bestIteration,
      rounds: model.rounds,
      history: historyToJson(model.history),
      ensemble: { outputs: e.outputs, link: e.link, nFeatures: e.nFeatures, trees: treeMeta },
    },
    blobs,
  };
}

/** Largest node count of one tree an artifact may claim. */
const MAX_NODES = 1 << 26;

/** The tree model an artifact holds, checked end to end (r has checked the envelope). */
export function treeModelFromArtifact(r: ArtifactReader, kind: 'gbdt' | 'random-forest'): GbdtModel {
  const em = r.meta.obj('ensemble');
  const outputs = em.int('outputs', 1, 1 << 16);
  const link = em.str('link', LINKS);
  const nFeatures = em.int('nFeatures', 0, 1 << 24);
  if (nFeatures !== r.d) throw r.fail('meta.ensemble.nFeatures', `the trees read ${nFeatures} columns but the model takes d = ${r.d}`);
  const specs = em.objects('trees').map((t) => ({
    nodes: t.int('nodes', 1, MAX_NODES),
    output: t.has('output') ? t.int('output', 0, outputs - 1) : undefined,
    catBits: t.has('categoricalBits') ? t.int('categoricalBits', 0, MAX_NODES) : undefined,
  }));
  let nodes = 0;
  let values = 0;
  let catNodes = 0;
  let catBits = 0;
  for (const s of specs) {
    nodes += s.nodes;
    values += s.nodes * (s.output === undefined ? outputs : 1);
    if (s.catBits !== undefined) {
      catNodes += s.nodes;
      catBits += s.catBits;
    }
  }
  const feature = r.i32('tree-feature.i32', nodes);
  // +Infinity is a real threshold (everything left); NaN is not.
  const threshold = r.f64('tree-threshold.f64', nodes, false);
  const nanAt = threshold.findIndex((v) => Number.isNaN(v));
  if (nanAt >= 0) throw r.fail('blobs.tree-threshold.f64', `value ${nanAt} is NaN`);
  const left = r.i32('tree-left.i32', nodes);
  const right = r.i32('tree-right.i32', nodes);
  const value = r.f64('tree-value.f64', values, false);
  const cover = r.f64('tree-cover.f64', nodes, false);
  const defaultLeft = r.u8('tree-default-left.u8', nodes);
  const hasCat = specs.some((s) => s.catBits !== undefined);
  const catOffset = hasCat ? r.i32('tree-cat-offset.i32', catNodes) : null;
  const catWords = hasCat ? r.i32('tree-cat-words.i32', catNodes) : null;
  const bits = hasCat ? r.u32('tree-cat-bits.u32', catBits) : null;
  const baseScore = r.f64('base-score.f64', outputs);
  // Gains only feed feature importance, never a prediction.
  const gain = r.f64('tree-gain.f64', specs.length * nFeatures, false);

  const trees: Tree[] = [];
  let at = 0;
  let valueAt = 0;
  let catAt = 0;
  let bitsAt = 0;
  specs.forEach((s, i) => {
    const m = s.nodes;
    const width = s.output === undefined ? outputs : 1;
    const tree: Tree = {
      feature: feature.slice(at, at + m),
      threshold: threshold.slice(at, at + m),
      left: left.slice(at, at + m),
      right: right.slice(at, at + m),
      value: value.slice(valueAt, valueAt + m * width),
      cover: cover.slice(at, at + m),
      defaultLeft: defaultLeft.slice(at, at + m),
    };
    if (s.output !== undefined) tree.output = s.output;
    if (s.catBits !== undefined) {
      const offset = catOffset!.slice(catAt, catAt + m);
      const words = catWords!.slice(catAt, catAt + m);
      for (let node = 0; node < m; node++)
        if (!(offset[node]! >= -1 && words[node]! >= 0)) throw r.fail(`meta.ensemble.trees[${i}]`, `node ${node} has a bad categorical offset ${offset[node]} / word count ${words[node]}`);
      tree.categorical = { offset, words, bits: bits!.slice(bitsAt, bitsAt + s.catBits) };
      catAt += m;
      bitsAt += s.catBits;
    }
    trees.push(tree);
    at += m;
    valueAt += m * width;
  });
  // A plain array, as the fitters build it.
  const ensemble: TreeEnsemble = { trees, baseScore: Array.from(baseScore), outputs, link, nFeatures };
  if (link === 'softmax' && outputs < 2) throw r.fail('meta.ensemble.link', 'softmax needs at least two outputs');
  try {
    checkEnsemble(ensemble);
  } catch (e) {
    // tree_invalid says which tree and node; its closing advice is the same as ours.
    if (isBenchtopError(e)) throw r.fail('meta.ensemble', e.message.replace(/\.?\s*The model file is damaged[\s\S]*$/, ''));
    throw e;
  }
  const width = r.task === 'regression' ? 1 : r.k;
  if (predictionWidth(ensemble) !== width)
    throw r.fail('meta.ensemble', `${outputs} outputs with a ${link} link do not predict a ${r.task} task with ${r.k} outputs`);
  const rounds = r.meta.int('rounds', 0);
  const info = { bestIteration: r.meta.int('bestIteration', 0, rounds), rounds, history: readHistory(r.meta) };
  r.done();
  return treeModel(
    kind,
    ensemble,
    specs.map((_, i) => gain.slice(i * nFeatures, (i + 1) * nFeatures)),
    info,
  );
}
