/**
 * Linear models -> ONNX: z = x W + b, then the link. Covers least squares, ridge, elastic net and
 * Huber regression (identity), logistic regression (sigmoid, binary) and softmax regression.
 *
 * Computed in float64 (MatMul/Add on doubles after casting the float32 input): Benchtop fits and
 * evaluates linear regression in float64, and doubles reproduce it to the last digits; a model
 * trained in float32 (logistic) loses nothing by it.
 */
import { benchtopError } from '../../errors.ts';
import { attr } from './graph-builder.ts';
import { binaryProbabilities, classifierOutputs, finishModel, INPUT_NAME, regressionOutput, startGraph, type OnnxExportInfo } from './model-info.ts';
import { DataType } from './onnx-proto.ts';

export interface LinearParams {
  /** Input columns. */
  d: number;
  /** Outputs: 1 for regression and for a sigmoid (binary) model, the class count for softmax. */
  k: number;
  /** d x k, row-major (feature, output). */
  weights: ArrayLike<number>;
  /** k intercepts. */
  bias: ArrayLike<number>;
  /** identity: regression; sigmoid: binary, P(class 1) = sigmoid(z); softmax: k >= 2 classes. */
  link: 'identity' | 'sigmoid' | 'softmax';
}

export function linearToOnnx(p: LinearParams, info: OnnxExportInfo = {}): Uint8Array {
  const model = info.modelKind ?? 'linear';
  const bad = (field: string, reason: string) => benchtopError('onnx_export_invalid', { model, field, reason });
  const { d, k, link } = p;
  if (!(Number.isInteger(k) && k >= 1)) throw bad('k', `needs a whole number of outputs >= 1, got ${k}`);
  if (p.weights.length !== d * k) throw bad('weights', `${p.weights.length} values for ${d} x ${k}`);
  if (p.bias.length !== k) throw bad('bias', `${p.bias.length} values for ${k} outputs`);
  if (link === 'sigmoid' && k !== 1) throw bad('link', `a sigmoid model has one output (P(class 1)), got ${k}`);
  if (link === 'softmax' && k < 2) throw bad('link', `softmax needs at least two classes, got ${k}`);
  if (link === 'identity' && k !== 1) throw bad('link', `regression has one output, got ${k}`);
  for (const [field, values] of [['weights', p.weights], ['bias', p.bias]] as const)
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) throw bad(`${field}[${i}]`, `${values[i]} is not a finite number`);

  const g = startGraph(d, { ...info, modelKind: model });
  const D = DataType.DOUBLE;
  const x = g.cast(INPUT_NAME, D);
  const z = g.op('Add', [g.op('MatMul', [x, g.constant('weights', D, [d, k], p.weights)]), g.constant('bias', D, [k], p.bias)]);
  if (link === 'identity') {
    regressionOutput(g, z, D, info);
    return finishModel(g, 'regression', { ...info, modelKind: model }, 'Linear regression: x W + b.');
  }
  if (link === 'sigmoid') {
    const p1 = g.op('Sigmoid', [z]);
    classifierOutputs(g, binaryProbabilities(g, p1, D), 2, D, info, p1);
    return finishModel(g, 'binary', { ...info, modelKind: model }, 'Logistic regression: P(class 1) = sigmoid(x W + b).');
  }
  classifierOutputs(g, g.op('Softmax', [z], [attr.int('axis', 1)]), k, D, info);
  return finishModel(g, 'multiclass', { ...info, modelKind: model }, 'Softmax regression: softmax(x W + b).');
}
