/**
 * MlpParams from a trained network's named variables (TrainedNet.getWeights(), or the same
 * names stored in a model artifact): 'layer{l}/W' [in, out], 'layer{l}/b', and for
 * batch-normalised hidden layers 'layer{l}/gamma', '/beta', '/runMean', '/runVar'
 * (src/core/train/build-net.ts).
 */
import { benchtopError } from '../../errors.ts';
import type { Activation, Task } from '../../spec/types.ts';
import type { DenseLayer, MlpParams } from './mlp-to-onnx.ts';

/** build-net.ts's batch-norm epsilon (Keras' default); the exporter's tests fail if the two part. */
export const NET_BN_EPSILON = 1e-3;

export interface NamedWeight {
  name: string;
  shape: readonly number[];
  values: ArrayLike<number>;
}

export function mlpParams(
  weights: readonly NamedWeight[],
  opts: { d: number; task: Task; activation: Activation; targetScale?: { mean: number; sd: number }; model?: string },
): MlpParams {
  const model = opts.model ?? 'mlp';
  const byName = new Map(weights.map((w) => [w.name, w]));
  const get = (name: string) => byName.get(name)?.values;
  const layers: DenseLayer[] = [];
  for (let l = 0; byName.has(`layer${l}/W`); l++) {
    const W = byName.get(`layer${l}/W`)!;
    if (W.shape.length !== 2) throw benchtopError('onnx_export_invalid', { model, field: `layer${l}/W`, reason: `expected a matrix, got shape [${W.shape.join(', ')}]` });
    const [inputs, units] = W.shape as [number, number];
    const layer: DenseLayer = { inputs, units, weights: W.values };
    const b = get(`layer${l}/b`);
    if (b) layer.bias = b;
    const gamma = get(`layer${l}/gamma`), beta = get(`layer${l}/beta`), mean = get(`layer${l}/runMean`), variance = get(`layer${l}/runVar`);
    if (gamma || beta || mean || variance) {
      if (!(gamma && beta && mean && variance)) throw benchtopError('onnx_export_invalid', { model, field: `layer${l}`, reason: 'batch norm needs gamma, beta, runMean and runVar' });
      layer.batchNorm = { gamma, beta, mean, variance, epsilon: NET_BN_EPSILON };
    }
    layers.push(layer);
  }
  if (layers.length === 0) throw benchtopError('onnx_export_invalid', { model, field: 'layer0/W', reason: 'the network has no layers' });
  for (let l = 0; l + 1 < layers.length; l++) layers[l]!.activation = opts.activation;
  const head = opts.task === 'regression' ? 'identity' : opts.task === 'binary' ? 'sigmoid' : 'softmax';
  return { d: opts.d, layers, head, ...(opts.targetScale && opts.task === 'regression' ? { targetScale: opts.targetScale } : {}) };
}
