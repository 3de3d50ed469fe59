/**
 * The networks Benchtop trains (train/build-net.ts) in TF.js's layers format, both ways:
 * writing builds the equivalent tf.Sequential and captures what `model.save` emits through a
 * custom save handler; reading walks a topology, accepting only the layer classes and the
 * layer order Benchtop itself builds, and returns the network's shape and weight names.
 *
 * Layer order: per hidden layer l, either Dense `dense_l` (bias, hidden activation) or, with
 * batch norm, Dense `dense_l` (no bias, linear) -> BatchNormalization `batch_norm_l` ->
 * Activation `activation_l`; then Dropout `dropout_l` when the dropout rate is > 0. Last, Dense
 * `output` (bias) with sigmoid (binary), softmax (multiclass) or linear (regression).
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Activation, Task } from '../spec/types.ts';
import type { ArtifactJson } from './artifact.ts';
import { MetaFields, type ArtifactReader } from './artifact-codec.ts';

/** What a Benchtop network is, besides its weights. */
export interface NetShape {
  d: number;
  hiddenLayers: number[];
  activation: Activation;
  batchNorm: boolean;
  dropout: number;
  outDim: number;
}

/** One variable: Benchtop's name (build-net.ts: 'layer0/W', 'layer0/runMean', ...) and its layers-format name. */
export interface NetWeight {
  name: string;
  keras: string;
  shape: number[];
}

/** Benchtop's hidden activations under their Keras names ('gelu' is the tanh approximation, Keras' gelu_new). */
const KERAS_ACTIVATION: Record<Activation, string> = { relu: 'relu', tanh: 'tanh', sigmoid: 'sigmoid', elu: 'elu', gelu: 'gelu_new' };
const FROM_KERAS = new Map(Object.entries(KERAS_ACTIVATION).map(([ours, keras]) => [keras, ours as Activation]));
const OUTPUT_ACTIVATION: Record<Task, string> = { binary: 'sigmoid', multiclass: 'softmax', regression: 'linear' };

/** The only classes a topology may name: the model, the layers Benchtop builds, and the default initialisers tfjs writes into their configs. */
const LAYER_CLASSES = ['Dense', 'BatchNormalization', 'Activation', 'Dropout'];
const ALLOWED_CLASSES = new Set(['Sequential', ...LAYER_CLASSES, 'VarianceScaling', 'Zeros', 'Ones']);
const BN_EPSILON = 1e-3;
const MAX_DEPTH = 32;

/** Benchtop's variables for a shape, in the layers-format names they are saved under. */
export function netWeights(shape: NetShape): NetWeight[] {
  const out: NetWeight[] = [];
  let fanIn = shape.d;
  shape.hiddenLayers.forEach((units, l) => {
    out.push({ name: `layer${l}/W`, keras: `dense_${l}/kernel`, shape: [fanIn, units] });
    if (shape.batchNorm)
      for (const [ours, keras] of [['gamma', 'gamma'], ['beta', 'beta'], ['runMean', 'moving_mean'], ['runVar', 'moving_variance']] as const)
        out.push({ name: `layer${l}/${ours}`, keras: `batch_norm_${l}/${keras}`, shape: [units] });
    else out.push({ name: `layer${l}/b`, keras: `dense_${l}/bias`, shape: [units] });
    fanIn = units;
  });
  const L = shape.hiddenLayers.length;
  out.push({ name: `layer${L}/W`, keras: 'output/kernel', shape: [fanIn, shape.outDim] }, { name: `layer${L}/b`, keras: 'output/bias', shape: [shape.outDim] });
  return out;
}

/**
 * The layers-format model of a network: builds a tf.Sequential of the same layers, sets its
 * weights from `values` (Benchtop names -> row-major float32) and captures what save() writes.
 */
export async function captureLayersModel(
  tf: typeof tfjs,
  shape: NetShape,
  task: Task,
  values: ReadonlyMap<string, Float32Array>,
): Promise<{ modelTopology: ArtifactJson; weightSpecs: ArtifactJson; weightData: Uint8Array; generatedBy: string }> {
  const layers: tfjs.layers.Layer[] = [];
  const first = (): { inputShape?: number[] } => (layers.length === 0 ? { inputShape: [shape.d] } : {});
  shape.hiddenLayers.forEach((units, l) => {
    const act = KERAS_ACTIVATION[shape.activation] as never;
    if (shape.batchNorm) {
      layers.push(tf.layers.dense({ name: `dense_${l}`, units, useBias: false, ...first() }));
      layers.push(tf.layers.batchNormalization({ name: `batch_norm_${l}`, momentum: 0.99, epsilon: BN_EPSILON }));
      layers.push(tf.layers.activation({ name: `activation_${l}`, activation: act }));
    } else layers.push(tf.layers.dense({ name: `dense_${l}`, units, activation: act, ...first() }));
    if (shape.dropout > 0) layers.push(tf.layers.dropout({ name: `dropout_${l}`, rate: shape.dropout }));
  });
  layers.push(tf.layers.dense({ name: 'output', units: shape.outDim, activation: OUTPUT_ACTIVATION[task] as never, ...first() }));
  const model = tf.sequential({ name: 'benchtop_net', layers });
  const byKeras = new Map(netWeights(shape).map((w) => [w.keras, w]));
  let captured: tfjs.io.ModelArtifacts | null = null;
  try {
    for (const layer of model.layers) {
      if (layer.weights.length === 0) continue;
      const tensors = layer.weights.map((v) => {
        const w = byKeras.get(v.originalName);
        const data = w && values.get(w.name);
        if (!w || !data) throw new Error(`no value for the network weight ${v.originalName}`);
        return tf.tensor(data, w.shape, 'float32');
      });
      layer.setWeights(tensors);
      for (const t of tensors) t.dispose();
    }
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        captured = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
  } finally {
    model.dispose();
  }
  const a = captured as tfjs.io.ModelArtifacts | null;
  if (!a?.weightData || !a.weightSpecs || !a.modelTopology) throw new Error('TF.js saved no topology or weights for the network');
  return {
    modelTopology: JSON.parse(JSON.stringify(a.modelTopology)) as ArtifactJson,
    weightSpecs: JSON.parse(JSON.stringify(a.weightSpecs)) as ArtifactJson,
    weightData: new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData)),
    generatedBy: a.generatedBy ?? 'TensorFlow.js',
  };
}

/** Rejects any class outside the allow-list anywhere in the topology (a Lambda layer above all: it would be code). */
function checkClasses(r: ArtifactReader, v: unknown, path: string, depth: number): void {
  if (depth > MAX_DEPTH) throw r.fail(path, `nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(v)) return v.forEach((x, i) => checkClasses(r, x, `${path}[${i}]`, depth + 1));
  if (typeof v !== 'object' || v === null) return;
  const cls = (v as Record<string, unknown>).class_name;
  if (cls !== undefined) {
    if (cls === 'Lambda') throw r.fail(`${path}.class_name`, 'layer class "Lambda" runs arbitrary code and is never loaded');
    if (typeof cls !== 'string' || !ALLOWED_CLASSES.has(cls))
      throw r.fail(`${path}.class_name`, `layer class "${String(cls)}" is not one Benchtop builds (${[...ALLOWED_CLASSES].join(', ')})`);
  }
  for (const [key, x] of Object.entries(v)) checkClasses(r, x, `${path}.${key}`, depth + 1);
}

/**
 * The network a topology describes, checked against what Benchtop builds: the allow-listed
 * classes in Benchtop's layer order, one hidden activation / batch-norm choice / dropout rate for
 * every hidden layer, input width r.d, an output that fits r.task. Returns the shape; the
 * weights it needs are netWeights(shape).
 */
export function readNetTopology(r: ArtifactReader, topology: unknown): NetShape {
  const path = 'meta.modelTopology';
  checkClasses(r, topology, path, 0);
  if (typeof topology !== 'object' || topology === null || Array.isArray(topology)) throw r.fail(path, 'expected an object');
  const top = new MetaFields(r.fail, path, topology as Record<string, unknown>);
  top.str('class_name', ['Sequential']);
  const layers = top.obj('config').objects('layers', { min: 1, max: 4 * 64 + 1 });
  const cls = (i: number): string | undefined => {
    const c = layers[i]?.raw('class_name');
    return typeof c === 'string' ? c : undefined;
  };
  const config = (i: number, expected: string, name: string): MetaFields => {
    if (cls(i) !== expected) throw r.fail(`${layers[i]?.path ?? path}.class_name`, `expected ${expected} layer "${name}" here, got ${String(cls(i) ?? 'nothing')}`);
    const c = layers[i]!.obj('config');
    const got = c.raw('name');
    if (got !== name) throw r.fail(`${c.path}.name`, `expected "${name}", got ${typeof got === 'string' ? `"${got}"` : String(got)}`);
    return c;
  };
  const hiddenActivation = (c: MetaFields): Activation => FROM_KERAS.get(c.str('activation', [...FROM_KERAS.keys()]))!;
  const units = (c: MetaFields): number => c.int('units', 1, 1 << 16);

  const first = layers[0]!.obj('config');
  const inputShape = first.raw('batch_input_shape');
  if (!Array.isArray(inputShape) || inputShape.length !== 2 || inputShape[0] !== null || inputShape[1] !== r.d)
    throw r.fail(`${first.path}.batch_input_shape`, `expected [null, ${r.d}] (any rows, d = ${r.d} input columns)`);
  const hidden: number[] = [];
  let activation: Activation | undefined;
  let batchNorm: boolean | undefined;
  let dropout: number | undefined;
  let i = 0;
  for (let l = 0; i < layers.length - 1; l++) {
    const dense = config(i, 'Dense', `dense_${l}`);
    hidden.push(units(dense));
    const bn = !dense.bool('use_bias');
    let act: Activation;
    if (bn) {
      dense.str('activation', ['linear']);
      const norm = config(i + 1, 'BatchNormalization', `batch_norm_${l}`);
      if (norm.num('epsilon') !== BN_EPSILON) throw r.fail(`${norm.path}.epsilon`, `Benchtop's batch norm uses ${BN_EPSILON}, got ${norm.num('epsilon')}`);
      if (norm.raw('axis') !== -1 || norm.raw('center') !== true || norm.raw('scale') !== true)
        throw r.fail(norm.path, 'batch norm must normalise the last axis with both centre and scale');
      act = hiddenActivation(config(i + 2, 'Activation', `activation_${l}`));
      i += 3;
    } else {
      act = hiddenActivation(dense);
      i += 1;
    }
    let rate = 0;
    if (cls(i) === 'Dropout') {
      rate = config(i, 'Dropout', `dropout_${l}`).num('rate', { min: 0 });
      if (!(rate > 0 && rate < 1)) throw r.fail(`${layers[i]!.path}.config.rate`, `expected a rate in (0, 1), got ${rate}`);
      i += 1;
    }
    if ((activation ?? act) !== act || (batchNorm ?? bn) !== bn || (dropout ?? rate) !== rate)
      throw r.fail(layers[i - 1]!.path, 'hidden layers differ in activation, batch norm or dropout; Benchtop builds every hidden layer alike');
    activation = act;
    batchNorm = bn;
    dropout = rate;
  }
  if (i !== layers.length - 1) throw r.fail(`${path}.config.layers`, 'the layers do not end with one output layer');
  const out = config(i, 'Dense', 'output');
  if (!out.bool('use_bias')) throw r.fail(`${out.path}.use_bias`, 'the output layer must have a bias');
  out.str('activation', [OUTPUT_ACTIVATION[r.task]]);
  const outDim = units(out);
  const expectedOut = r.task === 'multiclass' ? r.k : 1;
  if (outDim !== expectedOut) throw r.fail(`${out.path}.units`, `a ${r.task} model with k = ${r.k} has ${expectedOut} output units, got ${outDim}`);
  return { d: r.d, hiddenLayers: hidden, activation: activation ?? 'relu', batchNorm: batchNorm ?? false, dropout: dropout ?? 0, outDim };
}
