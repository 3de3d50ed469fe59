/**
 * A saved model (ModelArtifact, as each model kind's save() lays it out) -> .onnx bytes. Reads
 * the artifact with the same checks the kind's own load() applies (ArtifactReader,
 * readNetTopology, treeModelFromArtifact), so a damaged artifact fails with
 * model_artifact_invalid rather than exporting something else.
 *
 * Exported kinds: linear, logistic, mlp, gbdt, random-forest. baseline, knn, naive-bayes and
 * ensemble fail with onnx_unsupported.
 */
import { benchtopError } from '../../errors.ts';
import type { ModelArtifact } from '../../models/artifact.ts';
import { ArtifactReader, fromBytes } from '../../models/artifact-codec.ts';
import { TREE_FORMAT, treeModelFromArtifact } from '../../models/gbdt/tree-artifact.ts';
import { NET_FORMAT } from '../../models/net-artifact.ts';
import { netWeights, readNetTopology } from '../../models/net-topology.ts';
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
  const r = new ArtifactReader(artifact, kind, NET_FORMAT, kind === 'logistic' ? ['binary', 'multiclass'] : ['binary', 'multiclass', 'regression']);
  r.meta.str('format', ['layers-model']);
  const shape = readNetTopology(r, r.meta.raw('modelTopology'));
  if (kind === 'logistic' && shape.hiddenLayers.length > 0) throw r.fail('meta.modelTopology', 'logistic regression has no hidden layers');
  const expected = new Map(netWeights(shape).map((w) => [w.keras, w]));
  const specs = r.meta.objects('weightSpecs', { min: expected.size, max: expected.size });
  const sizes = specs.map((s) => {
    const name = s.raw('name');
    const w = typeof name === 'string' ? expected.get(name) : undefined;
    if (!w) throw r.fail(`${s.path}.name`, `${typeof name === 'string' ? `"${name}"` : 'a missing name'} is not a weight of this network (or appears twice)`);
    expected.delete(w.keras);
    const dims = s.ints('shape', 0, 1 << 24);
    if (dims.join(',') !== w.shape.join(',')) throw r.fail(`${s.path}.shape`, `expected [${w.shape.join(', ')}], got [${dims.join(', ')}]`);
    s.str('dtype', ['float32']);
    return { name: w.name, shape: dims, size: dims.reduce((a, b) => a * b, 1) };
  });
  const total = sizes.reduce((a, s) => a + s.size, 0);
  const all = fromBytes(r.bytes('weights.bin', total * 4), Float32Array);
  const weights: NamedWeight[] = [];
  let at = 0;
  for (const s of sizes) {
    weights.push({ name: s.name, shape: s.shape, values: all.subarray(at, at + s.size) });
    at += s.size;
  }
  let targetScale: { mean: number; sd: number } | undefined;
  if (r.task === 'regression') {
    const ys = r.f64('y-scale.f64', 2);
    if (!(ys[1]! > 0)) throw r.fail('blobs.y-scale.f64', `the target scale must be > 0, got ${ys[1]}`);
    targetScale = { mean: ys[0]!, sd: ys[1]! };
  }
  r.done();
  const params = mlpParams(weights, { d: r.d, task: r.task, activation: shape.activation, model: kind, ...(targetScale ? { targetScale } : {}) });
  if (kind === 'mlp') return mlpToOnnx(params, { ...info, modelKind: kind });
  const out = params.layers[0]!;
  return linearToOnnx(
    { d: r.d, k: out.units, weights: out.weights, bias: out.bias ?? new Float32Array(out.units), link: r.task === 'binary' ? 'sigmoid' : 'softmax' },
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
