/**
 * Predictions of a TreeEnsemble: the margin (what TreeSHAP explains) and the linked output
 * (what metrics and the model-agnostic explanations see).
 */
import { benchtopError } from '../../errors.ts';
import { checkEnsemble, leafOf, valueWidth, type TreeEnsemble } from './tree-format.ts';
import type { ExplainModel } from './types.ts';

/** n x outputs margins of the rows of X (n x nFeatures, row-major). */
export function ensembleMargin(ensemble: TreeEnsemble, X: ArrayLike<number>, n: number): Float64Array {
  const { outputs: k, nFeatures: p } = ensemble;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let o = 0; o < k; o++) out[i * k + o] = ensemble.baseScore[o]!;
  for (const tree of ensemble.trees) {
    const w = valueWidth(tree, ensemble);
    for (let i = 0; i < n; i++) {
      const leaf = leafOf(tree, X, i, p);
      if (tree.output !== undefined) out[i * k + tree.output]! += tree.value[leaf]!;
      else for (let o = 0; o < k; o++) out[i * k + o]! += tree.value[leaf * w + o]!;
    }
  }
  return out;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * Margins -> predictions: regression values (identity), or class probabilities, n x classes:
 * a binary logit model gives [1 - p, p] per row.
 */
export function applyLink(ensemble: TreeEnsemble, margin: Float64Array, n: number): Float64Array {
  const k = ensemble.outputs;
  if (ensemble.link === 'identity') return margin;
  if (ensemble.link === 'logit' && k === 1) {
    const out = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const p = sigmoid(margin[i]!);
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    }
    return out;
  }
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let o = 0; o < k; o++) max = Math.max(max, margin[i * k + o]!);
    let total = 0;
    for (let o = 0; o < k; o++) total += out[i * k + o] = ensemble.link === 'softmax' ? Math.exp(margin[i * k + o]! - max) : sigmoid(margin[i * k + o]!);
    for (let o = 0; o < k; o++) out[i * k + o]! /= total;
  }
  return out;
}

/** Number of prediction columns: the classes of a classifier, 1 for regression. */
export const predictionWidth = (ensemble: TreeEnsemble): number => (ensemble.link === 'logit' && ensemble.outputs === 1 ? 2 : ensemble.outputs);

/** The ensemble as an ExplainModel over its input columns (predictions after the link). */
export function ensembleModel(ensemble: TreeEnsemble, names?: readonly string[]): ExplainModel {
  checkEnsemble(ensemble);
  if (names && names.length !== ensemble.nFeatures)
    throw benchtopError('explain_invalid', { field: 'names', reason: `${names.length} names for ${ensemble.nFeatures} features` });
  return {
    features: Array.from({ length: ensemble.nFeatures }, (_, j) => ({ name: names?.[j] ?? `x${j}` })),
    outputs: predictionWidth(ensemble),
    predict: async (rows, n) => applyLink(ensemble, ensembleMargin(ensemble, rows, n), n),
  };
}
