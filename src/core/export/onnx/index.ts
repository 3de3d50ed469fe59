// ONNX export: the exporters on plain parameters, and the adapter from saved model artifacts.
export { linearToOnnx } from './linear-to-onnx.ts';
export type { LinearParams } from './linear-to-onnx.ts';
export { mlpToOnnx } from './mlp-to-onnx.ts';
export type { DenseLayer, MlpActivation, MlpParams } from './mlp-to-onnx.ts';
export { mlpParams } from './mlp-params.ts';
export type { NamedWeight } from './mlp-params.ts';
export { treesToOnnx } from './trees-to-onnx.ts';
export type { TreesOnnxOptions } from './trees-to-onnx.ts';
export { ONNX_MODEL_KINDS, onnxFromArtifact } from './onnx-from-artifact.ts';
export type { OnnxArtifactInfo } from './onnx-from-artifact.ts';
export { INPUT_NAME } from './model-info.ts';
export type { OnnxExportInfo } from './model-info.ts';
