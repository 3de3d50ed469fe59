/**
 * What every exported graph shares: the one input, the task's outputs, the metadata props and
 * the ModelProto around the graph.
 *
 * Contract of every Benchtop ONNX model:
 * - input `input`: float32 [N, d], the model's input matrix after Benchtop's feature pipeline
 *   (column order and names in metadata `benchtop.input_columns`); NaN is a missing value.
 * - regression: output `variable` [N, 1].
 * - classification: `probabilities` [N, k] (class order in `benchtop.classes`), `label` [N]
 *   (int64 index of the most probable class, the first on ties), and for two classes also
 *   `positive_probability` [N, 1] = P(class 1).
 */
import { benchtopError } from '../../errors.ts';
import type { Task } from '../../spec/types.ts';
import { BENCHTOP_VERSION } from '../../version.ts';
import { attr, GraphBuilder } from './graph-builder.ts';
import { DataType, encodeModel, type DataTypeCode } from './onnx-proto.ts';

export const INPUT_NAME = 'input';

/** What the exporters record about a model besides its parameters. */
export interface OnnxExportInfo {
  /** The model kind as Benchtop names it (`linear`, `logistic`, `mlp`, `gbdt`, ...); recorded in the metadata. */
  modelKind?: string;
  /** Names of the d input columns (the feature pipeline's output names). */
  inputNames?: readonly string[];
  /** Class labels in output order (classification). */
  classes?: readonly string[];
  /** Extra metadata_props; keys must not start with `benchtop.`. */
  metadata?: Readonly<Record<string, string>>;
  /**
   * Element type of the outputs: 'float32' (default; what serving stacks expect) or 'float64'
   * (keeps the last digits of models Benchtop evaluates in float64: linear, trees).
   */
  outputType?: 'float32' | 'float64';
}

const elemOf = (t: OnnxExportInfo['outputType']): DataTypeCode => (t === 'float64' ? DataType.DOUBLE : DataType.FLOAT);

/** A builder with the graph input declared. */
export function startGraph(d: number, info: OnnxExportInfo): GraphBuilder {
  checkInfo(d, info);
  const g = new GraphBuilder();
  g.input(INPUT_NAME, DataType.FLOAT, ['N', d], 'Model input after the feature pipeline, one row per example; NaN marks a missing value.');
  return g;
}

function checkInfo(d: number, info: OnnxExportInfo): void {
  const model = info.modelKind ?? 'model';
  if (!(Number.isInteger(d) && d >= 1)) throw benchtopError('onnx_export_invalid', { model, field: 'd', reason: `needs a whole number of input columns >= 1, got ${d}` });
  if (info.inputNames && info.inputNames.length !== d)
    throw benchtopError('onnx_export_invalid', { model, field: 'inputNames', reason: `${info.inputNames.length} names for ${d} input columns` });
  for (const key of Object.keys(info.metadata ?? {}))
    if (key.startsWith('benchtop.')) throw benchtopError('onnx_export_invalid', { model, field: `metadata.${key}`, reason: 'keys starting with "benchtop." are written by the exporter' });
}

/** Regression output `variable` [N, 1] from a value of element type `from`. */
export function regressionOutput(g: GraphBuilder, value: string, from: DataTypeCode, info: OnnxExportInfo): void {
  const to = elemOf(info.outputType);
  g.output(from === to ? value : g.cast(value, to), 'variable', to, ['N', 1], 'Predicted value.');
}

/**
 * Classifier outputs from class probabilities [N, k] of element type `from`; `positive` is
 * P(class 1) [N, 1] for a binary model.
 */
export function classifierOutputs(g: GraphBuilder, probabilities: string, k: number, from: DataTypeCode, info: OnnxExportInfo, positive?: string): void {
  if (info.classes && info.classes.length !== k)
    throw benchtopError('onnx_export_invalid', { model: info.modelKind ?? 'model', field: 'classes', reason: `${info.classes.length} class labels for ${k} outputs` });
  const to = elemOf(info.outputType);
  const convert = (v: string) => (from === to ? v : g.cast(v, to));
  g.output(convert(probabilities), 'probabilities', to, ['N', k], 'Class probabilities, classes in the order of metadata benchtop.classes.');
  g.output(g.op('ArgMax', [probabilities], [attr.int('axis', 1), attr.int('keepdims', 0)]), 'label', DataType.INT64, ['N'], 'Index of the most probable class.');
  if (positive !== undefined) g.output(convert(positive), 'positive_probability', to, ['N', 1], 'P(class 1) of a binary classifier.');
}

/** [1 - p, p] from P(class 1) [N, 1]. */
export function binaryProbabilities(g: GraphBuilder, p: string, type: DataTypeCode): string {
  const one = g.constant('one', type, [], [1]);
  return g.op('Concat', [g.op('Sub', [one, p]), p], [attr.int('axis', 1)]);
}

/** The finished .onnx bytes: the graph, the operator sets it uses and Benchtop's metadata. */
export function finishModel(g: GraphBuilder, task: Task, info: OnnxExportInfo, doc: string): Uint8Array {
  const metadata: { key: string; value: string }[] = [
    { key: 'benchtop.version', value: BENCHTOP_VERSION },
    { key: 'benchtop.model_kind', value: info.modelKind ?? 'unknown' },
    { key: 'benchtop.task', value: task },
  ];
  if (info.inputNames) metadata.push({ key: 'benchtop.input_columns', value: JSON.stringify(info.inputNames) });
  if (info.classes) metadata.push({ key: 'benchtop.classes', value: JSON.stringify(info.classes) });
  for (const key of Object.keys(info.metadata ?? {}).sort()) metadata.push({ key, value: info.metadata![key]! });
  return encodeModel({
    // IR 10 / onnx 1.16 introduced ai.onnx.ml opset 5; graphs without ML ops stay readable by older runtimes (IR 8).
    irVersion: g.usesMl ? 10 : 8,
    opsetImports: g.opsetImports(),
    producerName: 'benchtop',
    producerVersion: BENCHTOP_VERSION,
    domain: 'benchtop',
    modelVersion: 1,
    doc,
    graph: g.graph(`benchtop_${(info.modelKind ?? 'model').replace(/[^a-z0-9]+/gi, '_')}`),
    metadata,
  });
}
