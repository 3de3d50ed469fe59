/**
 * Histogram gradient boosting (LightGBM / scikit-learn HistGradientBoosting style): binned
 * features, leaf-wise trees with histogram subtraction, Newton leaf values -G / (H + l2)
 * times the learning rate, learned missing-value directions, native categorical splits,
 * row (per round) and column (per tree) subsampling, class weights, and early stopping on
 * FitData.val with the best round kept (later trees dropped).
 *
 * Histograms come from `opts.histograms` (a worker pool, WebGPU) or the CPU loop.
 */
import type { Tree, TreeEnsemble } from '../../evaluate/explain/tree-format.ts';
import { benchtopError } from '../../errors.ts';
import { throwIfCancelled, yieldToEventLoop, type CancelToken } from '../../jobs.ts';
import type { Rng } from '../../random.ts';
import type { Task } from '../../spec/types.ts';
import type { EpochRecord } from '../../train/events.ts';
import type { FitData } from '../types.ts';
import { binMatrix, fitBinMapper } from './bin-mapper.ts';
import type { MarginStep } from './binary-loss-pass.ts';
import { boostingLoss, weightedQuantile } from './boosting-loss.ts';
import { cpuHistograms } from './cpu-histograms.ts';
import type { HistogramBuilderFactory } from './histogram.ts';
import type { ResolvedGbdtParams } from './params.ts';
import { classWeights, sampleWeights } from './sample-weights.ts';
import { toTree } from './to-tree.ts';
import { binnedLeaf, TreeLearner, type GrownTree } from './tree-learner.ts';
import { treeModel, type GbdtModel } from './tree-model.ts';

export type { GbdtModel } from './tree-model.ts';
export type { ResolvedGbdtParams } from './params.ts';

export interface TreeFitOptions {
  task: Task;
  rng: Rng;
  cancel?: CancelToken;
  histograms?: HistogramBuilderFactory;
  onRound?: (round: number, trainLoss: number, valLoss?: number) => void;
}

export function checkFitData(data: FitData, field: string): void {
  if (!(data.n >= 1) || data.X.length < data.n * data.d || data.y.length < data.n)
    throw benchtopError('spec_invalid', { field, reason: `needs at least one training row with ${data.d} features and a target` });
}

function checkParams(p: ResolvedGbdtParams): void {
  const bad = (name: keyof ResolvedGbdtParams, reason: string) => benchtopError('spec_invalid', { field: `model.${name}`, reason });
  if (!(Number.isInteger(p.rounds) && p.rounds >= 1)) throw bad('rounds', `must be a whole number >= 1, got ${p.rounds}`);
  if (!(p.learningRate > 0)) throw bad('learningRate', `must be > 0, got ${p.learningRate}`);
  if (!(Number.isInteger(p.maxLeaves) && p.maxLeaves >= 2)) throw bad('maxLeaves', `must be a whole number >= 2, got ${p.maxLeaves}`);
  if (!(p.subsample > 0 && p.subsample <= 1)) throw bad('subsample', `must be in (0, 1], got ${p.subsample}`);
  if (!(p.colsample > 0 && p.colsample <= 1)) throw bad('colsample', `must be in (0, 1], got ${p.colsample}`);
  if (!(p.minSamplesLeaf >= 1)) throw bad('minSamplesLeaf', `must be >= 1, got ${p.minSamplesLeaf}`);
  if (!(p.l2 >= 0)) throw bad('l2', `must be >= 0, got ${p.l2}`);
}

/** Draws `k` of 0..d-1 without replacement, increasing. */
export function drawFeatures(d: number, k: number, rng: Rng): Int32Array {
  const all = Int32Array.from({ length: d }, (_, i) => i);
  if (k >= d) return all;
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(d - i);
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.slice(0, k).sort();
}

/** Per-feature split gain of one grown tree. */
export function treeGainOf(g: GrownTree, d: number): Float64Array {
  const out = new Float64Array(d);
  for (let i = 0; i < g.nodes; i++) if (g.feature[i]! >= 0) out[g.feature[i]!]! += g.gain[i]!;
  return out;
}

/**
 * Where a boosting fit stopped, to add rounds later (ASHA promotions): the binned rows, every
 * row's raw scores, all trees grown (early stopping's dropped ones too) and the row and column
 * generators mid-stream. Adding rounds to it grows exactly the trees a longer fit from scratch
 * would have grown, so fitting 10 rounds and then 20 more equals fitting 30.
 */
export interface GbdtCheckpoint {
  kind: 'gbdt-checkpoint';
  /** The fit's parameters without `rounds`: a checkpoint only continues the same configuration. */
  key: string;
  n: number;
  d: number;
  mapper: ReturnType<typeof fitBinMapper>;
  matrix: ReturnType<typeof binMatrix>;
  valMatrix: ReturnType<typeof binMatrix> | null;
  base: Float64Array;
  F: Float64Array;
  Fv: Float64Array | null;
  trees: Tree[];
  gains: Float64Array[];
  history: EpochRecord[];
  bagRng: Rng;
  colRng: Rng;
  best: number;
  bestRound: number;
  /** Rounds grown. */
  rounds: number;
  /** Early stopping ended the fit: a longer fit would have stopped at the same round. */
  stopped: boolean;
}

const checkpointKey = (p: ResolvedGbdtParams): string => JSON.stringify({ ...p, rounds: 0 });

/** Rough memory of a checkpoint (bytes), for a bounded store. */
export function checkpointBytes(c: GbdtCheckpoint): number {
  const nodes = c.trees.reduce((a, t) => a + t.feature.length, 0);
  return c.F.byteLength + (c.Fv?.byteLength ?? 0) + c.matrix.bins.byteLength + (c.valMatrix?.bins.byteLength ?? 0) + nodes * 48 + c.gains.length * c.d * 8;
}

/** A checkpoint `resume` can continue for these data and parameters (the same configuration, no more rounds than asked). */
function usable(c: GbdtCheckpoint | undefined, data: FitData, params: ResolvedGbdtParams): c is GbdtCheckpoint {
  return c !== undefined && c.kind === 'gbdt-checkpoint' && c.n === data.n && c.d === data.d && c.rounds <= params.rounds && c.key === checkpointKey(params);
}

export async function fitGbdt(data: FitData, params: ResolvedGbdtParams, opts: TreeFitOptions & { resume?: GbdtCheckpoint }): Promise<GbdtModel & { checkpoint: GbdtCheckpoint }> {
  checkFitData(data, 'data');
  checkParams(params);
  const { n, d, y } = data;
  const task = opts.task;
  const loss = boostingLoss(params.loss, task, data.k, params.huberAlpha);
  const K = loss.outputs;
  const cw = task !== 'regression' ? classWeights(y, n, data.k, params.classWeight) : null;
  const w = sampleWeights(y, n, cw);
  const val = data.val && data.val.n > 0 ? data.val : null;
  const wVal = val ? sampleWeights(val.y, val.n, cw) : null;
  const resumed = usable(opts.resume, data, params);
  // Workers (if any) start loading now and are ready when binning ends.
  if (!resumed) opts.histograms?.warm?.(n * data.d);
  const c = resumed ? opts.resume! : freshCheckpoint(data, params, opts.rng.fork('gbdt'), loss.baseScore(y, w, n), K);
  const { mapper, matrix, valMatrix, Fv, trees, gains, history, bagRng, colRng } = c;
  let F = c.F;
  const stopping = valMatrix !== null && params.earlyStoppingRounds > 0;

  const builder = await (opts.histograms ?? cpuHistograms)(matrix);
  try {
    await builder.prepare(matrix);
    const grad: Float32Array[] = Array.from({ length: K }, () => new Float32Array(n));
    const hess: Float32Array[] = Array.from({ length: K }, () => new Float32Array(n));
    const learner = new TreeLearner({
      channels: 1, binCount: matrix.binCount, categorical: mapper.categorical, n, d, bins: matrix.bins,
      minSamplesLeaf: params.minSamplesLeaf, minChildWeight: params.minChildWeight, l2: params.l2,
      minGainToSplit: params.minGainToSplit, splitter: 'best', maxLeaves: params.maxLeaves, maxDepth: params.maxDepth, featuresPerSplit: 0,
    });
    const bag = new Int32Array(n);
    // Without subsampling every round's bag is every row.
    if (params.subsample >= 1) for (let i = 0; i < n; i++) bag[i] = i;
    const inBag = new Uint8Array(n);
    const nCols = Math.max(1, Math.round(params.colsample * d));
    // A resumed fit's clock continues from the rounds it already has.
    const t0 = performance.now() - (history[history.length - 1]?.elapsedMs ?? 0);
    // The gradients of the current margins, when last round's loss pass computed them too.
    let gradientsReady = false;
    // The binary loss updates the margins in its own pass over the rows, the round's tree
    // handed over as a step.
    const fused = K === 1 && loss.name === 'log-loss' && loss.lossAndGradients !== undefined;
    let step: MarginStep | undefined;
    if (fused) {
      // A pool's loss pass then reads and writes these in place (the checkpoint keeps the shared margins).
      const shared = builder.shareLossArrays?.(grad[0]!, hess[0]!, F);
      if (shared) {
        grad[0] = shared.grad;
        hess[0] = shared.hess;
        F = c.F = shared.F;
      }
    }
    for (let round = c.rounds + 1; round <= params.rounds && !c.stopped; round++) {
      throwIfCancelled(opts.cancel);
      if (!gradientsReady) loss.gradients(F, y, w, n, grad, hess);
      let m = n;
      if (params.subsample < 1) {
        m = 0;
        inBag.fill(0);
        for (let i = 0; i < n; i++)
          if (bagRng.next() < params.subsample) {
            bag[m++] = i;
            inBag[i] = 1;
          }
        if (m === 0) bag[m++] = bagRng.int(n);
        inBag[bag[0]!] = 1;
      }
      const features = drawFeatures(d, nCols, colRng);
      for (let ch = 0; ch < K; ch++) {
        await builder.setGradients(grad[ch]!, hess[ch]!);
        const g = await learner.grow(builder, [grad[ch]!], [hess[ch]!], bag.subarray(0, m), features, null, opts.cancel);
        const rowsView = g.rows;
        const values = leafValues(g, params, loss.medianLeaves ? { y, F, w, rows: rowsView, K, c: ch } : null);
        // Each row's leaf first (scattered writes into a small array), then one pass in row
        // order over the margins: about twice as fast as adding into F leaf by leaf. The binary
        // loss makes that pass itself, with its loss pass (step).
        const leafOf = learner.assignLeaves(g);
        if (m < n) for (let i = 0; i < n; i++) if (!inBag[i]) leafOf[i] = binnedLeaf(g, matrix.bins, n, i);
        if (fused) step = { leafOf, values };
        else for (let r = 0; r < n; r++) F[r * K + ch]! += values[leafOf[r]!]!;
        if (valMatrix && Fv) for (let i = 0; i < valMatrix.n; i++) Fv[i * K + ch]! += values[binnedLeaf(g, valMatrix.bins, valMatrix.n, i)]!;
        trees.push(toTree(g, mapper, values, g.count, K > 1 ? ch : undefined));
        gains.push(treeGainOf(g, d));
      }
      gradientsReady = round < params.rounds && loss.lossAndGradients !== undefined;
      let trainLoss: number;
      if (step) {
        // The binary loss pass over every row (with the margin update) is the largest serial
        // step left: a pool splits it between its threads (same bits); otherwise this thread
        // runs it. On the last round its gradients go unused.
        trainLoss = (await builder.binaryLossPass?.(F, y, w, n, grad[0]!, hess[0]!, step)) ?? loss.lossAndGradients!(F, y, w, n, grad, hess, step);
        step = undefined;
      } else trainLoss = gradientsReady ? loss.lossAndGradients!(F, y, w, n, grad, hess) : loss.loss(F, y, w, n);
      const valLoss = val && Fv ? loss.loss(Fv, val.y, wVal!, val.n) : undefined;
      if (!Number.isFinite(trainLoss) || (valLoss !== undefined && !Number.isFinite(valLoss)))
        throw benchtopError('training_diverged', { epoch: round, loss: String(trainLoss) });
      const record: EpochRecord = { epoch: round, trainLoss, elapsedMs: Math.round(performance.now() - t0), learningRate: params.learningRate };
      if (valLoss !== undefined) record.valLoss = valLoss;
      history.push(record);
      c.rounds = round;
      opts.onRound?.(round, trainLoss, valLoss);
      if (stopping) {
        if (valLoss! < c.best - params.minDelta) {
          c.best = valLoss!;
          c.bestRound = round;
        } else if (round - c.bestRound >= params.earlyStoppingRounds) c.stopped = true;
      }
      // Lets a cancel request (a message to the worker) in between rounds.
      if (opts.cancel) await yieldToEventLoop();
    }
    const rounds = c.rounds;
    const kept = stopping ? Math.max(c.bestRound, 1) : rounds;
    const ensemble: TreeEnsemble = { trees: trees.slice(0, kept * K), baseScore: Array.from(c.base), outputs: K, link: loss.link, nFeatures: d };
    // History is copied: the checkpoint's own grows when the fit is resumed.
    return Object.assign(treeModel('gbdt', ensemble, gains.slice(0, kept * K), { bestIteration: kept, rounds, history: history.slice() }), { checkpoint: c });
  } finally {
    builder.dispose();
  }
}

/** The state before the first round: bins fitted, every score at the base score. */
function freshCheckpoint(data: FitData, params: ResolvedGbdtParams, rng: Rng, base: Float64Array, K: number): GbdtCheckpoint {
  const { n, d } = data;
  const mapper = fitBinMapper(data.X, n, d, { maxBins: params.maxBins, rng: rng.fork('bins'), categorical: data.categorical });
  const val = data.val && data.val.n > 0 ? data.val : null;
  const F = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let c = 0; c < K; c++) F[i * K + c] = base[c]!;
  const Fv = val ? new Float64Array(val.n * K) : null;
  if (Fv) for (let i = 0; i < val!.n; i++) for (let c = 0; c < K; c++) Fv[i * K + c] = base[c]!;
  return {
    kind: 'gbdt-checkpoint', key: checkpointKey(params), n, d, mapper, matrix: binMatrix(mapper, data.X, n), valMatrix: val ? binMatrix(mapper, val.X, val.n) : null,
    base: Float64Array.from(base), F, Fv, trees: [], gains: [], history: [], bagRng: rng.fork('rows'), colRng: rng.fork('columns'),
    best: Infinity, bestRound: 0, rounds: 0, stopped: false,
  };
}

/** Leaf values per node (0 for internal nodes): Newton steps, or median residuals for absolute error. */
function leafValues(
  g: GrownTree,
  p: ResolvedGbdtParams,
  median: { y: ArrayLike<number>; F: Float64Array; w: Float64Array; rows: Int32Array; K: number; c: number } | null,
): Float64Array {
  const values = new Float64Array(g.nodes);
  for (let node = 0; node < g.nodes; node++) {
    if (g.feature[node]! >= 0) continue;
    if (median) {
      const { y, F, w, rows, K, c } = median;
      const len = g.end[node]! - g.start[node]!;
      const r = new Float64Array(len);
      const ww = new Float64Array(len);
      for (let i = 0; i < len; i++) {
        const row = rows[g.start[node]! + i]!;
        r[i] = y[row]! - F[row * K + c]!;
        ww[i] = w[row]!;
      }
      values[node] = p.learningRate * (len > 0 ? weightedQuantile(r, ww, 0.5) : 0);
    } else values[node] = (-p.learningRate * g.sumG[node]!) / (g.sumH[node]! + p.l2);
  }
  return values;
}
