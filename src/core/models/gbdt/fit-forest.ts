/**
 * Random forest and extremely randomised trees on the same binned tree learner as boosting.
 * Each tree: a bootstrap sample (row multiplicities become row weights, as scikit-learn's
 * sample_weight), `maxFeatures` features drawn at every split, grown until the leaves are
 * pure or hit minSamplesLeaf / maxDepth / maxLeaves. Splits maximise the weighted variance
 * reduction of the target (regression) or of the one-hot class indicators, which is the Gini
 * decrease up to a constant factor; a binary task uses the class-1 indicator alone (the same
 * splits at half the cost). 'random' draws one threshold per feature (extra-trees).
 *
 * Leaves store class proportions (classification, width k) or the mean target (regression),
 * divided by the number of trees so the ensemble margin is the plain sum (link identity).
 *
 * Differences from scikit-learn: thresholds come from at most 255 quantile bins per feature
 * instead of every distinct value, and extra-trees draws its threshold uniformly over the
 * node's bins rather than over its value range.
 *
 * A forest with one channel (binary classification, regression) builds through
 * opts.histograms (a worker pool) when given one: every node draws its own features, and the
 * pool builds whatever features a job names. A multiclass forest keeps this thread's CPU loop:
 * its nodes alternate between k gradient arrays, which a pool would have to be sent again for
 * every build.
 */
import type { Tree, TreeEnsemble } from '../../evaluate/explain/tree-format.ts';
import { benchtopError } from '../../errors.ts';
import { throwIfCancelled, yieldToEventLoop } from '../../jobs.ts';
import type { FitData } from '../types.ts';
import { binMatrix, fitBinMapper } from './bin-mapper.ts';
import { cpuHistograms } from './cpu-histograms.ts';
import { checkFitData, treeGainOf, type TreeFitOptions } from './fit-gbdt.ts';
import type { ResolvedForestParams } from './params.ts';
import { classWeights } from './sample-weights.ts';
import { toTree } from './to-tree.ts';
import { TreeLearner } from './tree-learner.ts';
import { treeModel, type GbdtModel } from './tree-model.ts';

export type { ResolvedForestParams } from './params.ts';

/** Features drawn per split: a fraction of d, or 0 = sqrt(d) (classification) / all (regression). */
export function featuresPerSplit(maxFeatures: number, d: number, classification: boolean): number {
  if (maxFeatures > 0) return Math.max(1, Math.min(d, Math.round(maxFeatures * d)));
  return classification ? Math.max(1, Math.floor(Math.sqrt(d))) : d;
}

export async function fitForest(data: FitData, params: ResolvedForestParams, opts: TreeFitOptions): Promise<GbdtModel> {
  checkFitData(data, 'data');
  const bad = (name: string, reason: string) => benchtopError('spec_invalid', { field: `model.${name}`, reason });
  if (!(Number.isInteger(params.trees) && params.trees >= 1)) throw bad('trees', `must be a whole number >= 1, got ${params.trees}`);
  if (!(params.maxFeatures >= 0 && params.maxFeatures <= 1)) throw bad('maxFeatures', `must be in [0, 1], got ${params.maxFeatures}`);
  if (!(params.minSamplesLeaf >= 1)) throw bad('minSamplesLeaf', `must be >= 1, got ${params.minSamplesLeaf}`);
  const { n, d, y, k } = data;
  const classification = opts.task !== 'regression';
  const rng = opts.rng.fork('forest');
  const C = classification && k > 2 ? k : 1;
  const width = classification ? k : 1;
  const T = params.trees;
  const cw = classification ? classWeights(y, n, k, params.classWeight) : null;
  const pooled = C === 1 ? opts.histograms : undefined;
  // Workers (if any) start loading now and are ready when binning ends.
  pooled?.warm?.(n * d);
  const mapper = fitBinMapper(data.X, n, d, { maxBins: params.maxBins, rng: rng.fork('bins'), categorical: data.categorical });
  const matrix = binMatrix(mapper, data.X, n);
  const learner = new TreeLearner({
    channels: C, binCount: matrix.binCount, categorical: mapper.categorical, n, d, bins: matrix.bins,
    minSamplesLeaf: params.minSamplesLeaf, minChildWeight: 0, l2: 0, minGainToSplit: 0, splitter: params.splitter,
    maxLeaves: params.maxLeaves, maxDepth: params.maxDepth, featuresPerSplit: featuresPerSplit(params.maxFeatures, d, classification),
  });
  const grads = Array.from({ length: C }, () => new Float32Array(n));
  const hess = Array.from({ length: C }, () => new Float32Array(n));
  const counts = new Int32Array(n);
  const rows = new Int32Array(n);
  const all = Int32Array.from({ length: d }, (_, i) => i);
  const trees: Tree[] = [];
  const gains: Float64Array[] = [];
  const builder = await (pooled ?? cpuHistograms)(matrix);
  try {
    await builder.prepare(matrix);
    for (let t = 0; t < T; t++) {
      throwIfCancelled(opts.cancel);
      const treeRng = rng.fork(`tree-${t}`);
      if (params.bootstrap) {
        counts.fill(0);
        for (let i = 0; i < n; i++) counts[treeRng.int(n)]!++;
      } else counts.fill(1);
      let m = 0;
      for (let i = 0; i < n; i++) {
        const c = counts[i]!;
        const w = c * (cw ? cw[y[i]!]! : 1);
        if (c > 0) rows[m++] = i;
        for (let ch = 0; ch < C; ch++) {
          const target = classification ? (C === 1 ? y[i]! : y[i] === ch ? 1 : 0) : y[i]!;
          grads[ch]![i] = -w * target;
          hess[ch]![i] = w;
        }
      }
      // The arrays are refilled in place: builders that keep a copy (a pool, the WebAssembly
      // kernel) must hear that their contents changed.
      for (let ch = 0; ch < C; ch++) await builder.setGradients(grads[ch]!, hess[ch]!);
      const g = await learner.grow(builder, grads, hess, rows.subarray(0, m), all, treeRng, opts.cancel);
      const values = new Float64Array(g.nodes * width);
      const cover = new Float64Array(g.nodes);
      for (let node = 0; node < g.nodes; node++) {
        const H = g.sumH[node * C]!;
        cover[node] = H;
        if (g.feature[node]! >= 0 || !(H > 0)) continue;
        if (!classification) values[node] = -g.sumG[node]! / H / T;
        else if (C === 1) {
          const p = -g.sumG[node]! / H;
          values[node * 2] = (1 - p) / T;
          values[node * 2 + 1] = p / T;
        } else for (let c = 0; c < k; c++) values[node * k + c] = -g.sumG[node * C + c]! / g.sumH[node * C + c]! / T;
      }
      trees.push(toTree(g, mapper, values, cover));
      gains.push(treeGainOf(g, d));
      opts.onRound?.(t + 1, NaN);
      if (opts.cancel && (t & 7) === 7) await yieldToEventLoop();
    }
  } finally {
    builder.dispose();
  }
  const ensemble: TreeEnsemble = { trees, baseScore: new Array<number>(width).fill(0), outputs: width, link: 'identity', nFeatures: d };
  return treeModel('random-forest', ensemble, gains, { bestIteration: T, rounds: T, history: [] });
}
