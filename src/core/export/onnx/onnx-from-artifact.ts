/**
 * A saved model (ModelArtifact, as each model kind's save() lays it out) -> .onnx bytes. Reads
 * the artifact with the same checks the kind's own load() applies (ArtifactReader,
 * readNetArtifact, treeModelFromArtifact), so a damaged artifact fails with
 * model_artifact_invalid rather than exporting something else.
 *
 * Exported kinds: linear, logistic, mlp, gbdt, random-forest. baseline, knn, naive-bayes and
 * ensemble fail with onnx_unsupported.
 */
import { benchtopError } from '../../errors.ts';
import type { ModelArtifact } from '../../models/artifact.ts';
import { ArtifactReader } from '../../models/artifact-codec.ts';
import { TREE_FORMAT, treeModelFromArtifact } from '../../models/gbdt/tree-artifact.ts';
import { readNetArtifact } from '../../models/net-artifact.ts';
import { netWeights } from '../../models/net-topology.ts';
import { linearToOnnx } from './linear-to-onnx.ts';
import { mlpParams, type NamedWeight } from './mlp-params.ts';
import { mlpToOnnx } from './mlp-to-onnx.ts';
import type { OnnxExportInfo } from './model-info.ts';
import { treesToOnnx } from './trees-to-onnx.ts';

/** linear.ts's artifact format (meta {estimator}, blobs weights.f64 and bias.f64). */
const LINEAR_FORMAT = 1;
const LINEAR_ESTIMATORS = ['least-squares', 'elastic-net', 'huber'] as const;

/** What the artifact does not hold: column names, class labels, extra metadata, output precision. */
export type OnnxArtifactInfo = Omit<OnnxExportInfo, 'modelKind'>;

/** The model kinds onnxFromArtifact exports. */
export const ONNX_MODEL_KINDS = ['linear', 'logistic', 'mlp', 'gbdt', 'random-forest'] as const;

function linearOnnx(artifact: ModelArtifact, info: OnnxArtifactInfo): Uint8Array {
  const r = new ArtifactReader(artifact, 'linear', LINEAR_FORMAT, ['regression']);
  r.meta.str('estimator', LINEAR_ESTIMATORS);
  const weights = r.f64('weights.f64', r.d);
  const bias = r.f64('bias.f64', 1);
  r.done();
  return linearToOnnx({ d: r.d, k: 1, weights, bias, link: 'identity' }, { ...info, modelKind: 'linear' });
}

/**
 * A network artifact (models/net-artifact.ts): the TF.js layers topology, checked as loading
 * does, and the float32 weights of `weights.bin` in weightSpecs order, under Benchtop's names.
 */
function netOnnx(artifact: ModelArtifact, kind: 'logistic' | 'mlp', info: OnnxArtifactInfo): Uint8Array {
  const { info: net, weightSpecs, weightData } = readNetArtifact(artifact, kind);
  const byKeras = new Map(netWeights(net.shape).map((w) => [w.keras, w.name]));
  const all = new Float32Array(weightData);
  let at = 0;
  const weights: NamedWeight[] = weightSpecs.map((s) => {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const w = { name: byKeras.get(s.name)!, shape: s.shape, values: all.subarray(at, at + size) };
    at += size;
    return w;
  });
  const targetScale = net.task === 'regression' ? net.yScale : undefined;
  const params = mlpParams(weights, { d: net.d, task: net.task, activation: net.shape.activation, model: kind, ...(targetScale ? { targetScale } : {}) });
  if (kind === 'mlp') return mlpToOnnx(params, { ...info, modelKind: kind });
  const out = params.layers[0]!;
  return linearToOnnx(
    { d: net.d, k: out.units, weights: out.weights, bias: out.bias ?? new Float32Array(out.units), link: net.task === 'binary' ? 'sigmoid' : 'softmax' },
    { ...info, modelKind: kind },
  );
}

function treesOnnx(artifact: ModelArtifact, kind: 'gbdt' | 'random-forest', info: OnnxArtifactInfo): Uint8Array {
  const r = new ArtifactReader(artifact, kind, TREE_FORMAT, ['binary', 'multiclass', 'regression']);
  const model = treeModelFromArtifact(r, kind);
  return treesToOnnx(model.ensemble, { ...info, modelKind: kind, renormalize: kind === 'random-forest' });
}

/**
 * The .onnx bytes of a saved model: input `input` float32 [N, d] (the model's input matrix,
 * after the feature pipeline), outputs `variable` or `probabilities` + `label` (see
 * model-info.ts). `info` adds what the artifact does not know (input column names, class labels).
 */
export function onnxFromArtifact(artifact: ModelArtifact, info: OnnxArtifactInfo = {}): Uint8Array {
  switch (artifact.kind) {
    case 'linear':
      return linearOnnx(artifact, info);
    case 'logistic':
    case 'mlp':
      return netOnnx(artifact, artifact.kind, info);
    case 'gbdt':
    case 'random-forest':
      return treesOnnx(artifact, artifact.kind, info);
    case 'baseline':
    case 'knn':
    case 'naive-bayes':
    case 'ensemble':
      throw benchtopError('onnx_unsupported', {
        model: artifact.kind,
        reason: `ONNX export covers ${ONNX_MODEL_KINDS.join(', ')} models`,
        hint: 'export a Benchtop model bundle instead, or train one of those kinds',
      });
    default:
      throw benchtopError('onnx_unsupported', { model: String((artifact as { kind?: unknown }).kind), reason: 'this is not a model kind Benchtop knows' });
  }
}
