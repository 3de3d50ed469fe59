/**
 * Multi-layer perceptrons (and logistic regression trained as a network) -> ONNX, mirroring the
 * inference pass of src/core/train/build-net.ts: per hidden layer x W (+ b) -> [batch norm with
 * running statistics] -> activation; dropout is the identity at inference and is not exported.
 * The output layer is x W + b followed by the head: identity (regression, then mapped back from
 * the standardised target), sigmoid (binary) or softmax.
 *
 * Computed in float32 like the TF.js model, with the same operation order; the batch-norm scale
 * and shift are folded here with float32 rounding at each step, as TF.js evaluates them.
 */
import { benchtopError } from '../../errors.ts';
import type { Activation } from '../../spec/types.ts';
import { attr, type GraphBuilder } from './graph-builder.ts';
import { binaryProbabilities, classifierOutputs, finishModel, INPUT_NAME, regressionOutput, startGraph, type OnnxExportInfo } from './model-info.ts';
import { DataType } from './onnx-proto.ts';

/** The hidden-layer activations Benchtop's MLP offers (spec/types.ts Activation). */
export type MlpActivation = Activation;

export interface DenseLayer {
  /** Input width and units of the layer. */
  inputs: number;
  units: number;
  /** inputs x units, row-major. */
  weights: ArrayLike<number>;
  /** units values; Benchtop leaves it out of batch-normalised hidden layers (beta takes its place). */
  bias?: ArrayLike<number>;
  /** Inference batch norm after x W (+ b): (h - mean) / sqrt(variance + epsilon) * gamma + beta. */
  batchNorm?: { gamma: ArrayLike<number>; beta: ArrayLike<number>; mean: ArrayLike<number>; variance: ArrayLike<number>; epsilon: number };
  /** Hidden layers only: the activation after the (normalised) affine map. */
  activation?: MlpActivation;
}

export interface MlpParams {
  d: number;
  /** Hidden layers, then the output layer (no activation: the head follows it). */
  layers: readonly DenseLayer[];
  /** identity: regression (one output); sigmoid: binary (one output, P(class 1)); softmax: k >= 2 classes. */
  head: 'identity' | 'sigmoid' | 'softmax';
  /** Regression: the network predicts the standardised target; prediction = output * sd + mean. */
  targetScale?: { mean: number; sd: number };
}

const f32 = Math.fround;

/** scale = gamma / sqrt(var + eps), shift = beta - mean * scale, rounded to float32 step by step as TF.js computes them. */
function foldBatchNorm(bn: NonNullable<DenseLayer['batchNorm']>, units: number): { scale: Float32Array; shift: Float32Array } {
  const scale = new Float32Array(units);
  const shift = new Float32Array(units);
  for (let j = 0; j < units; j++) {
    scale[j] = f32(f32(bn.gamma[j]!) * f32(1 / Math.sqrt(f32(f32(bn.variance[j]!) + f32(bn.epsilon)))));
    shift[j] = f32(f32(bn.beta[j]!) - f32(f32(bn.mean[j]!) * scale[j]!));
  }
  return { scale, shift };
}

function activate(g: GraphBuilder, h: string, a: MlpActivation): string {
  switch (a) {
    case 'relu':
      return g.op('Relu', [h]);
    case 'tanh':
      return g.op('Tanh', [h]);
    case 'sigmoid':
      return g.op('Sigmoid', [h]);
    case 'elu':
      return g.op('Elu', [h], [attr.float('alpha', 1)]);
    case 'gelu': {
      // Benchtop's tanh approximation, op for op: 0.5 h (1 + tanh(sqrt(2/pi) (h + 0.044715 h^3))).
      const c = (v: number) => g.constant('c', DataType.FLOAT, [], [v]);
      const cube = g.op('Pow', [h, c(3)]);
      const inner = g.op('Mul', [c(Math.sqrt(2 / Math.PI)), g.op('Add', [h, g.op('Mul', [c(0.044715), cube])])]);
      return g.op('Mul', [g.op('Mul', [c(0.5), h]), g.op('Add', [c(1), g.op('Tanh', [inner])])]);
    }
  }
}

const ACTIVATIONS: readonly MlpActivation[] = ['relu', 'tanh', 'sigmoid', 'elu', 'gelu'];

function checkParams(p: MlpParams, model: string): number {
  const bad = (field: string, reason: string) => benchtopError('onnx_export_invalid', { model, field, reason });
  if (p.layers.length === 0) throw bad('layers', 'needs at least the output layer');
  let width = p.d;
  p.layers.forEach((L, l) => {
    const at = (f: string) => `layers[${l}].${f}`;
    const last = l + 1 === p.layers.length;
    if (L.inputs !== width) throw bad(at('inputs'), `${L.inputs} inputs follow a layer of width ${width}`);
    if (!(Number.isInteger(L.units) && L.units >= 1)) throw bad(at('units'), `needs a whole number >= 1, got ${L.units}`);
    const sized: [string, ArrayLike<number> | undefined, number][] = [['weights', L.weights, L.inputs * L.units], ['bias', L.bias, L.units]];
    if (L.batchNorm) for (const k of ['gamma', 'beta', 'mean', 'variance'] as const) sized.push([`batchNorm.${k}`, L.batchNorm[k], L.units]);
    for (const [name, values, size] of sized) {
      if (!values) continue;
      if (values.length !== size) throw bad(at(name), `${values.length} values, expected ${size}`);
      for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) throw bad(at(`${name}[${i}]`), `${values[i]} is not a finite number`);
    }
    if (L.batchNorm && !(L.batchNorm.epsilon >= 0)) throw bad(at('batchNorm.epsilon'), `must be >= 0, got ${L.batchNorm.epsilon}`);
    if (last && (L.activation || L.batchNorm)) throw bad(at('activation'), 'the output layer has no activation or batch norm: the head follows it');
    if (!last && !(L.activation && ACTIVATIONS.includes(L.activation)))
      throw benchtopError('onnx_unsupported', { model, reason: `hidden layer ${l} has activation ${String(L.activation)}; the exporter knows ${ACTIVATIONS.join(', ')}` });
    width = L.units;
  });
  const k = width;
  if (p.head !== 'softmax' && k !== 1) throw bad('head', `a ${p.head} head takes one output, the last layer has ${k}`);
  if (p.head === 'softmax' && k < 2) throw bad('head', `softmax needs at least two classes, got ${k}`);
  if (p.targetScale && !(Number.isFinite(p.targetScale.mean) && Number.isFinite(p.targetScale.sd)))
    throw bad('targetScale', `mean and sd must be finite, got ${p.targetScale.mean} and ${p.targetScale.sd}`);
  if (p.targetScale && p.head !== 'identity') throw bad('targetScale', 'only a regression head maps a standardised target back');
  return k;
}

export function mlpToOnnx(p: MlpParams, info: OnnxExportInfo = {}): Uint8Array {
  const model = info.modelKind ?? 'mlp';
  const k = checkParams(p, model);
  const F = DataType.FLOAT;
  const D = DataType.DOUBLE;
  const meta = { ...info, modelKind: model };
  const g = startGraph(p.d, meta);
  let h = INPUT_NAME;
  p.layers.forEach((L, l) => {
    h = g.op('MatMul', [h, g.constant(`layer${l}_W`, F, [L.inputs, L.units], L.weights)]);
    if (L.bias) h = g.op('Add', [h, g.constant(`layer${l}_b`, F, [L.units], L.bias)]);
    if (L.batchNorm) {
      const { scale, shift } = foldBatchNorm(L.batchNorm, L.units);
      h = g.op('Add', [g.op('Mul', [h, g.constant(`layer${l}_bn_scale`, F, [L.units], scale)]), g.constant(`layer${l}_bn_shift`, F, [L.units], shift)]);
    }
    if (L.activation) h = activate(g, h, L.activation);
  });
  const layers = `${p.layers.length - 1} hidden layer${p.layers.length === 2 ? '' : 's'}`;
  if (p.head === 'identity') {
    let y = h;
    if (p.targetScale) {
      // Benchtop maps the float32 network output back in float64.
      const s = p.targetScale;
      y = g.op('Add', [g.op('Mul', [g.cast(h, D), g.constant('target_sd', D, [], [s.sd])]), g.constant('target_mean', D, [], [s.mean])]);
    }
    regressionOutput(g, y, p.targetScale ? D : F, info);
    return finishModel(g, 'regression', meta, `MLP regression, ${layers}.`);
  }
  if (p.head === 'sigmoid') {
    // Benchtop forms 1 - p in float64 from the float32 probability.
    const p1 = g.cast(g.op('Sigmoid', [h]), D);
    classifierOutputs(g, binaryProbabilities(g, p1, D), 2, D, info, p1);
    return finishModel(g, 'binary', meta, `MLP binary classifier, ${layers}, sigmoid output.`);
  }
  classifierOutputs(g, g.op('Softmax', [h], [attr.int('axis', 1)]), k, F, info);
  return finishModel(g, 'multiclass', meta, `MLP classifier, ${layers}, softmax output.`);
}
