/**
 * The network's variables and forward pass, shared by the trainer and the sanity checks (which
 * build their own copy from the same seed, so they never touch the real model). Hidden layer:
 * x W (+ b) -> [batch norm] -> activation -> [dropout]. With batch norm the layer has no bias
 * (beta takes its place, as in Keras' recommended use); batch statistics are used in training
 * and running statistics (momentum 0.99, epsilon 1e-3, as Keras) in inference.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Rng } from '../random.ts';
import type { Activation, LogisticModel, MlpModel, NetOptions } from '../spec/types.ts';
import { initialWeights } from './init.ts';
import type { Param } from './optimizers.ts';

/**
 * What trainNet needs to know: the network's shape and the required training numbers, plus
 * every optional option with the meaning and default documented on NetOptions / MlpModel /
 * LogisticModel in spec/types.ts (one place for the docs).
 */
export type NetSpec = Required<Pick<MlpModel, 'hiddenLayers' | 'activation' | 'learningRate' | 'epochs' | 'batchSize' | 'l2' | 'dropout'>> &
  Omit<NetOptions, 'learningRate' | 'epochs' | 'batchSize'> &
  Pick<MlpModel, 'batchNorm' | 'loss' | 'focalGamma' | 'huberDelta'> &
  Pick<LogisticModel, 'l1'>;

export const BN_MOMENTUM = 0.99;
/** Output-layer weights start at this fraction of Glorot uniform. */
export const OUTPUT_INIT_SCALE = 0.1;
const BN_EPSILON = 1e-3;

type Tf = typeof tfjs;
type Tensor2D = tfjs.Tensor2D;

export interface ForwardMode {
  /** Batch statistics for batch norm (and dropout if a seed is given). */
  training: boolean;
  dropoutSeed?: number;
  /** Training with batch norm: receives [mean, variance] per hidden layer, kept (tf.keep) for updateRunningStats. */
  moments?: tfjs.Tensor[];
}

interface Layer {
  W: tfjs.Variable;
  b?: tfjs.Variable;
  gamma?: tfjs.Variable;
  beta?: tfjs.Variable;
  runMean?: tfjs.Variable;
  runVar?: tfjs.Variable;
}

export interface BuiltNet {
  /** Every variable that defines the model (trainable and running statistics): snapshot these. */
  state: tfjs.Variable[];
  /** Names of `state`, e.g. 'layer0/W', 'layer0/gamma', 'layer0/runMean'. */
  names: string[];
  /** Trainable variables, in gradient order. */
  params: Param[];
  /** Weight matrices (L2 / decay / L1 targets). */
  weights: tfjs.Variable[];
  forward(x: Tensor2D, mode: ForwardMode): Tensor2D;
  /** running = 0.99 * running + 0.01 * batch, from the moments a training forward collected; disposes them. */
  updateRunningStats(moments: tfjs.Tensor[]): void;
  dispose(): void;
}

export function buildNet(tf: Tf, net: NetSpec, d: number, outDim: number, rng: Rng, outputBias?: Float32Array): BuiltNet {
  const sizes = [d, ...net.hiddenLayers, outDim];
  const bn = net.batchNorm === true;
  const layers: Layer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l]!, fanOut = sizes[l + 1]!;
    const isOutput = l + 2 === sizes.length;
    const init = initialWeights(fanIn, fanOut, isOutput ? 'glorot' : initFor(net.activation), rng.fork(`layer${l}`));
    // Small output weights: the initial prediction is then the prior set by the output bias, and
    // the initial loss is the prior's entropy (or ~1 for a standardised mse), not that plus noise.
    if (isOutput) for (let i = 0; i < init.length; i++) init[i]! *= OUTPUT_INIT_SCALE;
    // tidy frees the initial-value tensors; variables survive it.
    const layer: Layer = { W: tf.tidy(() => tf.variable(tf.tensor2d(init, [fanIn, fanOut]), true)) };
    if (isOutput || !bn) {
      const bias = isOutput && outputBias ? outputBias : new Float32Array(fanOut);
      layer.b = tf.tidy(() => tf.variable(tf.tensor1d(bias), true));
    } else {
      layer.gamma = tf.tidy(() => tf.variable(tf.ones([fanOut]), true));
      layer.beta = tf.tidy(() => tf.variable(tf.zeros([fanOut]), true));
      layer.runMean = tf.tidy(() => tf.variable(tf.zeros([fanOut]), false));
      layer.runVar = tf.tidy(() => tf.variable(tf.ones([fanOut]), false));
    }
    layers.push(layer);
  }
  const params: Param[] = [];
  const running: tfjs.Variable[] = [];
  const paramNames: string[] = [];
  const runningNames: string[] = [];
  layers.forEach((L, l) => {
    params.push({ variable: L.W, decay: true });
    paramNames.push(`layer${l}/W`);
    for (const [k, v] of [['b', L.b], ['gamma', L.gamma], ['beta', L.beta]] as const)
      if (v) {
        params.push({ variable: v, decay: false });
        paramNames.push(`layer${l}/${k}`);
      }
    for (const [k, v] of [['runMean', L.runMean], ['runVar', L.runVar]] as const)
      if (v) {
        running.push(v);
        runningNames.push(`layer${l}/${k}`);
      }
  });
  const state = [...params.map((p) => p.variable), ...running];

  const forward = (x: Tensor2D, mode: ForwardMode): Tensor2D => {
    let h = x;
    layers.forEach((L, l) => {
      h = tf.matMul(h, L.W as Tensor2D);
      if (L.b) h = tf.add(h, L.b);
      if (l + 1 === layers.length) return;
      if (L.gamma && L.beta && L.runMean && L.runVar) {
        if (mode.training) {
          const { mean, variance } = tf.moments(h, 0);
          if (mode.moments) mode.moments.push(tf.keep(mean), tf.keep(variance));
          h = tf.add(tf.mul(tf.mul(tf.sub(h, mean), tf.rsqrt(tf.add(variance, BN_EPSILON))), L.gamma), L.beta);
        } else {
          const scale = tf.mul(L.gamma, tf.rsqrt(tf.add(L.runVar, BN_EPSILON)));
          h = tf.add(tf.mul(h, scale), tf.sub(L.beta, tf.mul(L.runMean, scale)));
        }
      }
      h = activate(tf, h, net.activation);
      if (mode.training && mode.dropoutSeed !== undefined && net.dropout > 0) h = tf.dropout(h, net.dropout, undefined, mode.dropoutSeed + l) as Tensor2D;
    });
    return h;
  };

  const updateRunningStats = (moments: tfjs.Tensor[]): void => {
    tf.tidy(() => {
      running.forEach((v, i) => v.assign(tf.add(tf.mul(v, BN_MOMENTUM), tf.mul(moments[i]!, 1 - BN_MOMENTUM))));
    });
    for (const t of moments) t.dispose();
  };

  return {
    state,
    names: [...paramNames, ...runningNames],
    params,
    weights: layers.map((L) => L.W),
    forward,
    updateRunningStats,
    dispose: () => {
      for (const v of state) v.dispose();
    },
  };
}

function initFor(a: Activation): 'he' | 'glorot' {
  return a === 'relu' || a === 'elu' || a === 'gelu' ? 'he' : 'glorot';
}

function activate(tf: Tf, h: Tensor2D, a: Activation): Tensor2D {
  switch (a) {
    case 'relu':
      return tf.relu(h);
    case 'tanh':
      return tf.tanh(h);
    case 'sigmoid':
      return tf.sigmoid(h);
    case 'elu':
      return tf.elu(h);
    case 'gelu': {
      // tanh approximation (Hendrycks & Gimpel); tfjs has no gelu op.
      const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(h, tf.mul(0.044715, tf.pow(h, 3))));
      return tf.mul(tf.mul(0.5, h), tf.add(1, tf.tanh(inner)));
    }
  }
}

/**
 * The NetSpec of a logistic or mlp model spec (normally already normalised; missing fields get
 * the normalize() defaults). Logistic regression is the network with no hidden layer.
 */
export function netSpecOf(m: LogisticModel | MlpModel): NetSpec {
  const base = m.kind === 'logistic' ? { learningRate: 0.05, epochs: 200, batchSize: 256 } : { learningRate: 0.001, epochs: 100, batchSize: 32 };
  const { kind: _kind, ...opts } = m;
  const shared = { ...opts, learningRate: m.learningRate ?? base.learningRate, epochs: m.epochs ?? base.epochs, batchSize: m.batchSize ?? base.batchSize };
  if (m.kind === 'logistic') return { ...shared, hiddenLayers: [], activation: 'relu', dropout: 0, l2: m.l2 ?? 1e-4, l1: m.l1 ?? 0 };
  return { ...shared, hiddenLayers: m.hiddenLayers ?? [64, 32], activation: m.activation ?? 'relu', dropout: m.dropout ?? 0, l2: m.l2 ?? 0 };
}
