/**
 * Networks (logistic, mlp) <-> ModelArtifact, in TF.js's layers format (net-topology.ts).
 * A loaded network is rebuilt with train/build-net.ts and predicts through the same forward
 * pass and output mapping as the trained one, so predictions match bit for bit on the same
 * backend. (A tf.LayersModel would compute batch norm and gelu with other ops and round
 * differently; netLoadHandler still gives one to whoever wants it.)
 */
import type * as tfjs from '@tensorflow/tfjs';
import { createRng } from '../random.ts';
import type { Task } from '../spec/types.ts';
import { buildNet, type BuiltNet } from '../train/build-net.ts';
import type { EpochRecord } from '../train/events.ts';
import { targetScale } from '../train/net-setup.ts';
import { predictNet, type TrainedNet } from '../train/train-net.ts';
import type { ArtifactJson, ModelArtifact } from './artifact.ts';
import { ArtifactReader, historyToJson, readBestEpoch, readHistory, toBytes, type ArtifactHeader } from './artifact-codec.ts';
import { captureLayersModel, netWeights, readNetTopology, type NetShape } from './net-topology.ts';
import type { FitData, TrainedModel } from './types.ts';

export const NET_FORMAT = 1;
const WEIGHTS = 'weights.bin';
const Y_SCALE = 'y-scale.f64';

export type NetKind = 'logistic' | 'mlp';
type YScale = { mean: number; sd: number };

export interface NetInfo extends ArtifactHeader {
  kind: NetKind;
  shape: NetShape;
  yScale: YScale;
  history: EpochRecord[];
  bestEpoch?: number;
}

/**
 * Artifact layout (format 1; the same for logistic and mlp):
 * meta `{format: 'layers-model', generatedBy, convertedBy: null, modelTopology, weightSpecs,
 * history, bestEpoch?}`: modelTopology and weightSpecs exactly as TF.js's LayersModel.save
 * writes them (a tf.Sequential; layer order in net-topology.ts), blob `weights.bin` the
 * weight data: float32 little-endian, the weightSpecs' tensors concatenated in weightSpecs
 * order, each row-major. Logistic regression is just Dense `output` (kernel [d, outDim], bias
 * [outDim]). The topology's output is the probability of class 1 (binary: sigmoid, 1 unit; the
 * prediction is [1 - p, p]), the class probabilities (multiclass: softmax, k units) or, for
 * regression, a standardised value: blob `y-scale.f64` holds [mean, sd] and the prediction is
 * output * sd + mean (in float64). Benchtop's 'gelu' is Keras' `gelu_new` (tanh approximation).
 */
async function netArtifact(tf: typeof tfjs, info: NetInfo, weights: ReadonlyMap<string, Float32Array>): Promise<ModelArtifact> {
  const layers = await captureLayersModel(tf, info.shape, info.task, weights);
  const meta: Record<string, ArtifactJson> = {
    format: 'layers-model',
    generatedBy: layers.generatedBy,
    convertedBy: null,
    modelTopology: layers.modelTopology,
    weightSpecs: layers.weightSpecs,
    history: historyToJson(info.history),
  };
  if (info.bestEpoch !== undefined) meta.bestEpoch = info.bestEpoch;
  const blobs: Record<string, Uint8Array> = { [WEIGHTS]: layers.weightData };
  if (info.task === 'regression') blobs[Y_SCALE] = toBytes(Float64Array.of(info.yScale.mean, info.yScale.sd));
  return { kind: info.kind, format: NET_FORMAT, task: info.task, d: info.d, k: info.k, meta, blobs };
}

/** The shape of the network trainNet built for a spec (see netSpecOf). */
export function netShapeOf(net: { hiddenLayers: number[]; activation: NetShape['activation']; batchNorm?: boolean; dropout: number }, d: number, task: Task, k: number): NetShape {
  return { d, hiddenLayers: [...net.hiddenLayers], activation: net.activation, batchNorm: net.batchNorm === true, dropout: net.dropout, outDim: task === 'multiclass' ? k : 1 };
}

/** A freshly trained network with save(): what logistic and mlp return from fit. */
export function savableNet(tf: typeof tfjs, trained: TrainedNet, kind: NetKind, shape: NetShape, data: FitData, task: Task): TrainedModel {
  // The same target scaling netSetup applied in training (regression targets are standardised).
  const yScale = task === 'regression' ? targetScale(data.y as Float64Array) : { mean: 0, sd: 1 };
  return {
    ...trained,
    /** Layout: netArtifact above. */
    async save() {
      const weights = new Map((await trained.getWeights()).map((w) => [w.name, w.values]));
      const info: NetInfo = { kind, task, d: data.d, k: task === 'regression' ? 1 : data.k, shape, yScale, history: trained.history };
      if (trained.bestEpoch !== undefined) info.bestEpoch = trained.bestEpoch;
      return netArtifact(tf, info, weights);
    },
  };
}

export interface ReadNet {
  info: NetInfo;
  modelTopology: ArtifactJson;
  weightSpecs: tfjs.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

/**
 * Everything a network artifact holds, checked: topology against the allow-list, weight specs
 * against the topology and the blob, weights finite. `weightData` is the weights in
 * `weightSpecs` order (layers-format names; netWeights(info.shape) maps them to Benchtop's).
 */
export function readNetArtifact(artifact: ModelArtifact, kind: NetKind): ReadNet {
  const r = new ArtifactReader(artifact, kind, NET_FORMAT, kind === 'logistic' ? ['binary', 'multiclass'] : ['binary', 'multiclass', 'regression']);
  r.meta.str('format', ['layers-model']);
  const modelTopology = r.meta.raw('modelTopology');
  const shape = readNetTopology(r, modelTopology);
  if (kind === 'logistic' && shape.hiddenLayers.length > 0) throw r.fail('meta.modelTopology', 'logistic regression has no hidden layers');
  const expected = new Map(netWeights(shape).map((w) => [w.keras, w]));
  const specs = r.meta.objects('weightSpecs', { max: expected.size });
  const weightSpecs: tfjs.io.WeightsManifestEntry[] = [];
  let bytes = 0;
  for (const s of specs) {
    const name = s.raw('name');
    const w = typeof name === 'string' ? expected.get(name) : undefined;
    if (!w) throw r.fail(`${s.path}.name`, `${typeof name === 'string' ? `"${name}"` : 'a missing name'} is not a weight of this network (or appears twice)`);
    expected.delete(w.keras);
    const dims = s.ints('shape', 0, 1 << 24);
    if (dims.join(',') !== w.shape.join(',')) throw r.fail(`${s.path}.shape`, `expected [${w.shape.join(', ')}], got [${dims.join(', ')}]`);
    s.str('dtype', ['float32']);
    if (s.raw('quantization') !== undefined || s.raw('group') !== undefined) throw r.fail(s.path, 'quantised or grouped weights are not a format Benchtop writes');
    weightSpecs.push({ name: w.keras, shape: dims, dtype: 'float32' });
    bytes += dims.reduce((a, b) => a * b, 1) * 4;
  }
  if (expected.size > 0) throw r.fail('meta.weightSpecs', `missing ${[...expected.keys()].join(', ')}`);
  const weights = r.bytes(WEIGHTS, bytes);
  const weightData = weights.slice().buffer;
  // The bytes become float32 values as stored: reject NaN / infinite weights before they reach a prediction.
  const values = new Float32Array(weightData);
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) throw r.fail(`blobs.${WEIGHTS}`, `weight ${i} is ${values[i]}, expected a finite number`);
  let yScale: YScale = { mean: 0, sd: 1 };
  if (r.task === 'regression') {
    const ys = r.f64(Y_SCALE, 2);
    if (!(ys[1]! > 0)) throw r.fail(`blobs.${Y_SCALE}`, `the target scale must be > 0, got ${ys[1]}`);
    yScale = { mean: ys[0]!, sd: ys[1]! };
  }
  const info: NetInfo = { kind, task: r.task, d: r.d, k: r.k, shape, yScale, history: readHistory(r.meta) };
  const bestEpoch = readBestEpoch(r.meta);
  if (bestEpoch !== undefined) info.bestEpoch = bestEpoch;
  r.done();
  return { info, modelTopology: modelTopology as ArtifactJson, weightSpecs, weightData };
}

/**
 * A TF.js load handler over a checked network artifact, for `tf.loadLayersModel(handler)`
 * (interop: the layers model predicts the topology's output, close to but not bit-identical
 * with Benchtop's). Never touches a URL.
 */
export function netLoadHandler(tf: typeof tfjs, artifact: ModelArtifact): tfjs.io.IOHandler {
  const net = readNetArtifact(artifact, artifact.kind === 'logistic' ? 'logistic' : 'mlp');
  return tf.io.fromMemory({ modelTopology: net.modelTopology as object, weightSpecs: net.weightSpecs, weightData: net.weightData, format: 'layers-model' });
}

/** A saved network back as a model: weights decoded through a TF.js load handler into a rebuilt build-net network. */
export async function loadNet(tf: typeof tfjs, artifact: ModelArtifact, kind: NetKind): Promise<TrainedModel> {
  const net = readNetArtifact(artifact, kind);
  const { shape } = net.info;
  const handler = tf.io.fromMemory({ modelTopology: net.modelTopology as object, weightSpecs: net.weightSpecs, weightData: net.weightData, format: 'layers-model' });
  const loaded = await handler.load!();
  const tensors = tf.io.decodeWeights(loaded.weightData!, loaded.weightSpecs!);
  // The initial values buildNet draws are overwritten below; the seed only has to be some seed.
  const built = buildNet(tf, { ...shape, learningRate: 0, epochs: 0, batchSize: 1, l2: 0 }, shape.d, shape.outDim, createRng(0));
  try {
    const keras = new Map(netWeights(shape).map((w) => [w.name, w.keras]));
    built.state.forEach((v, i) => v.assign(tensors[keras.get(built.names[i]!)!]!));
  } catch (e) {
    built.dispose();
    throw e;
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
  return netModel(tf, built, net.info);
}

function netModel(tf: typeof tfjs, built: BuiltNet, info: NetInfo): TrainedModel {
  let disposed = false;
  return {
    history: info.history,
    ...(info.bestEpoch !== undefined ? { bestEpoch: info.bestEpoch } : {}),
    predict: (X, n) => predictNet(tf, built, info, info.d, info.k, X, n),
    async save() {
      const values = await Promise.all(built.state.map(async (v, i) => [built.names[i]!, (await v.data()) as Float32Array] as const));
      return netArtifact(tf, info, new Map(values));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      built.dispose();
    },
  };
}

