/**
 * A fitted tree model (boosted or forest): the ensemble in the shared tree format, its
 * feature importance, training history, and vectorised prediction; serialises to compact JSON
 * and back (treeModelFromJSON) with identical predictions.
 */
import type { TreeEnsemble } from '../../evaluate/explain/tree-format.ts';
import { applyLink } from '../../evaluate/explain/tree-predict.ts';
import { benchtopError } from '../../errors.ts';
import type { EpochRecord } from '../../train/events.ts';
import { predictMargin } from './predict-margin.ts';
import { ensembleFromJSON, ensembleToJSON, packArray, unpackArray, type EnsembleJSON, type PackedArray } from './serialize-ensemble.ts';

export interface TreeImportance {
  /** Total split gain per feature over the kept trees. */
  gain: Float64Array;
  /** Number of splits per feature over the kept trees. */
  split: Float64Array;
  /** The same, tree by tree (in ensemble order). */
  perTree: { gain: Float64Array; split: Float64Array }[];
}

export interface GbdtModel {
  ensemble: TreeEnsemble;
  /** Boosting: the round kept (1-based; trees after it were dropped). Forests: the tree count. */
  bestIteration: number;
  /** Rounds (or trees) grown before stopping. */
  rounds: number;
  importance: TreeImportance;
  history: EpochRecord[];
  /** n x k class probabilities, or n values (regression). */
  predict(X: Float32Array, n: number): Float64Array;
  /** n x outputs raw margins (what TreeSHAP explains). */
  margin(X: Float32Array, n: number): Float64Array;
  toJSON(): TreeModelJSON;
}

export interface TreeModelJSON {
  format: 'benchtop-trees';
  version: 1;
  kind: 'gbdt' | 'random-forest';
  bestIteration: number;
  rounds: number;
  ensemble: EnsembleJSON;
  /** Per tree: split gain per feature, nFeatures values each (split counts are recomputed from the trees). */
  treeGain: PackedArray;
  history: EpochRecord[];
}

/** Importance from per-tree gain vectors (split counts from the trees themselves). */
export function importanceOf(ensemble: TreeEnsemble, treeGain: readonly Float64Array[]): TreeImportance {
  const p = ensemble.nFeatures;
  const gain = new Float64Array(p);
  const split = new Float64Array(p);
  const perTree = ensemble.trees.map((t, i) => {
    const s = new Float64Array(p);
    for (let node = 0; node < t.feature.length; node++) if (t.feature[node]! >= 0) s[t.feature[node]!]!++;
    const g = treeGain[i] ?? new Float64Array(p);
    for (let f = 0; f < p; f++) {
      gain[f]! += g[f]!;
      split[f]! += s[f]!;
    }
    return { gain: g, split: s };
  });
  return { gain, split, perTree };
}

export function treeModel(
  kind: TreeModelJSON['kind'],
  ensemble: TreeEnsemble,
  treeGain: readonly Float64Array[],
  info: { bestIteration: number; rounds: number; history: EpochRecord[] },
): GbdtModel {
  const importance = importanceOf(ensemble, treeGain);
  const margin = (X: Float32Array, n: number) => predictMargin(ensemble, X, n);
  return {
    ensemble,
    bestIteration: info.bestIteration,
    rounds: info.rounds,
    importance,
    history: info.history,
    margin,
    predict: (X, n) => {
      const out = applyLink(ensemble, margin(X, n), n);
      if (kind === 'random-forest' && ensemble.outputs > 1) normaliseRows(out, ensemble.outputs);
      return out;
    },
    toJSON: () => {
      const p = ensemble.nFeatures;
      const flat = new Float64Array(ensemble.trees.length * p);
      importance.perTree.forEach((t, i) => flat.set(t.gain, i * p));
      return { format: 'benchtop-trees', version: 1, kind, bestIteration: info.bestIteration, rounds: info.rounds, ensemble: ensembleToJSON(ensemble), treeGain: packArray(flat), history: info.history };
    },
  };
}

/** Summed proportions / trees can stray past [0, 1] by rounding: clamp and renormalise each row. */
function normaliseRows(p: Float64Array, k: number): void {
  for (let i = 0; i < p.length; i += k) {
    let total = 0;
    for (let c = 0; c < k; c++) total += p[i + c] = Math.min(1, Math.max(0, p[i + c]!));
    if (total > 0) for (let c = 0; c < k; c++) p[i + c]! /= total;
  }
}

/** Loads what toJSON wrote (a string or the parsed object). */
export function treeModelFromJSON(json: unknown): GbdtModel {
  const j = (typeof json === 'string' ? JSON.parse(json) : json) as Partial<TreeModelJSON> | null;
  if (!j || j.format !== 'benchtop-trees' || j.version !== 1 || (j.kind !== 'gbdt' && j.kind !== 'random-forest'))
    throw benchtopError('tree_model_invalid', { field: 'model JSON', reason: 'not a benchtop-trees version 1 document' });
  const ensemble = ensembleFromJSON(j.ensemble);
  const p = ensemble.nFeatures;
  const flat = unpackArray(j.treeGain, 'f64', 'treeGain');
  if (flat.length !== ensemble.trees.length * p) throw benchtopError('tree_model_invalid', { field: 'treeGain', reason: `${flat.length} values for ${ensemble.trees.length} trees x ${p} features` });
  const treeGain = ensemble.trees.map((_, i) => flat.slice(i * p, (i + 1) * p));
  return treeModel(j.kind, ensemble, treeGain, { bestIteration: Number(j.bestIteration), rounds: Number(j.rounds), history: Array.isArray(j.history) ? j.history : [] });
}
