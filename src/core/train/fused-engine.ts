/**
 * trainNet's fused engine: on the webgpu backend, a plain dense network (no batch norm, no
 * dropout, Adam without decay, clipping or L1, cross-entropy or squared error, unweighted rows)
 * trains through the fused WGSL trainer (gpu/fused-mlp) instead of tfjs ops. Everything else
 * stays tfjs: after each epoch the weights are read back once and assigned to the tfjs model,
 * so validation, early stopping, snapshots, prediction and saving are the same code on both
 * paths. Whatever the fused trainer cannot do falls back to tfjs, which is the reference.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { FusedMlp, type LayerWeights } from '../gpu/fused-mlp/fused-mlp.ts';
import type { Activation as FusedActivation, FusedLoss } from '../gpu/fused-mlp/wgsl.ts';
import type { FitData } from '../models/types.ts';
import type { Task } from '../spec/types.ts';
import type { BuiltNet, NetSpec } from './build-net.ts';
import type { NetSetup } from './net-setup.ts';

let enabled = true;

/** Turn the fused engine off (or back on) for this thread: tests and benchmarks compare both paths. */
export function setFusedTraining(on: boolean): void {
  enabled = on;
}

const ACTIVATIONS: readonly string[] = ['relu', 'tanh', 'sigmoid'] satisfies FusedActivation[];

/** Why this training cannot use the fused engine, or null when it can. */
export function fusedBlocker(tf: typeof tfjs, net: NetSpec, setup: NetSetup, opts: { weighted: boolean; warm: boolean }): string | null {
  if (!enabled) return 'turned off';
  if (tf.getBackend() !== 'webgpu' || !deviceOf(tf)) return 'backend is not webgpu';
  const o = setup.optimizer;
  if (o.optimizer !== 'adam' || o.weightDecay > 0 || o.clipNorm > 0 || o.l1 > 0) return 'optimiser other than plain Adam';
  if (net.batchNorm || net.dropout > 0 || net.l2 > 0) return 'batch norm, dropout or L2';
  if (net.hiddenLayers.length > 0 && !ACTIVATIONS.includes(net.activation)) return `activation ${net.activation}`;
  if (lossOf(setup.task, setup) === null) return `loss ${setup.loss.kind}`;
  if (opts.weighted) return 'weighted rows';
  // A warm slot (ASHA) keeps tfjs optimiser state to resume from; the fused moments live on the GPU.
  if (opts.warm) return 'warm start';
  return null;
}

function lossOf(task: Task, setup: NetSetup): FusedLoss | null {
  const kind = setup.loss.kind;
  if (task === 'regression') return kind === 'mse' ? 'mse' : null;
  if (kind === 'cross-entropy' || (kind === 'focal' && setup.loss.focalGamma === 0)) return task === 'multiclass' ? 'softmax-ce' : 'sigmoid-ce';
  return null;
}

function deviceOf(tf: typeof tfjs): GPUDevice | undefined {
  // tfjs-backend-webgpu keeps its GPUDevice on a field it does not type as public.
  return (tf.backend() as unknown as { device?: GPUDevice }).device;
}

/** The layers' weights as FusedMlp takes them, read from the tfjs variables (layerN/W, layerN/b). */
async function layersOf(model: BuiltNet): Promise<LayerWeights[]> {
  const byName = new Map(model.state.map((v, i) => [model.names[i]!, v]));
  const layers: LayerWeights[] = [];
  for (let l = 0; byName.has(`layer${l}/W`); l++)
    layers.push({ W: (await byName.get(`layer${l}/W`)!.data()) as Float32Array, b: (await byName.get(`layer${l}/b`)!.data()) as Float32Array });
  return layers;
}

/** The training targets as targetTensor encodes them: one-hot rows, a 0/1 column or the standardised value. */
function encodedTargets(setup: NetSetup, y: Int32Array | Float64Array, k: number): Float32Array {
  if (setup.task !== 'multiclass') return Float32Array.from(y, (t) => (t - setup.yScale.mean) / setup.yScale.sd);
  const out = new Float32Array(y.length * k);
  y.forEach((c, r) => (out[r * k + c] = 1));
  return out;
}

export class FusedEngine {
  readonly #trainer: FusedMlp;
  readonly #tf: typeof tfjs;

  private constructor(tf: typeof tfjs, trainer: FusedMlp) {
    this.#tf = tf;
    this.#trainer = trainer;
  }

  /**
   * A trainer holding the rows, their encoded targets and `model`'s current weights on the
   * backend's device; null when the device refuses the kernels (then tfjs trains instead).
   */
  static async create(tf: typeof tfjs, model: BuiltNet, net: NetSpec, setup: NetSetup, data: FitData): Promise<FusedEngine | null> {
    const init = await layersOf(model);
    const device = deviceOf(tf)!;
    const sizes = [data.d, ...net.hiddenLayers, setup.outDim];
    // WebGPU reports invalid shaders and pipelines asynchronously, through error scopes.
    device.pushErrorScope('validation');
    device.pushErrorScope('out-of-memory');
    let trainer: FusedMlp | null = null;
    try {
      trainer = new FusedMlp(
        device,
        { sizes, activation: net.hiddenLayers.length > 0 ? (net.activation as FusedActivation) : 'linear', loss: lossOf(setup.task, setup)!, batchSize: net.batchSize, learningRate: net.learningRate },
        { X: data.X, Y: encodedTargets(setup, data.y, setup.outDim), rows: data.n },
        init,
      );
    } catch {
      // A buffer past the device's limits can throw on mapping: tfjs trains instead.
      trainer = null;
    } finally {
      const oom = await device.popErrorScope();
      const invalid = await device.popErrorScope();
      if ((oom || invalid) && trainer) {
        trainer.destroy();
        trainer = null;
      }
    }
    return trainer ? new FusedEngine(tf, trainer) : null;
  }

  /**
   * One epoch in `order` at `learningRate`, then the weights copied into `model`. Resolves to
   * the mean of the batch losses, or NaN when `cancelled` stopped it between submits.
   */
  async epoch(model: BuiltNet, order: ArrayLike<number>, learningRate: number, cancelled: () => boolean): Promise<number> {
    this.#trainer.learningRate = learningRate;
    // Submit in chunks so a cancel is seen within a few dozen steps, not at the end of the epoch.
    const losses = await this.#trainer.trainEpoch(order, { stepsPerSubmit: 32, stop: cancelled });
    if (losses.length < this.#trainer.stepsPerEpoch) return Number.NaN;
    const weights = await this.#trainer.weights();
    const tf = this.#tf;
    const byName = new Map(model.state.map((v, i) => [model.names[i]!, v]));
    weights.forEach((layer, l) => {
      const W = byName.get(`layer${l}/W`)!;
      const b = byName.get(`layer${l}/b`)!;
      tf.tidy(() => {
        W.assign(tf.tensor(layer.W, W.shape));
        b.assign(tf.tensor(layer.b, b.shape));
      });
    });
    let sum = 0;
    for (const v of losses) sum += v;
    return sum / losses.length;
  }

  dispose(): void {
    this.#trainer.destroy();
  }
}
