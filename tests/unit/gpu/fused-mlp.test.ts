/**
 * The fused WGSL trainer against tfjs (cpu backend) doing the same thing the plain way:
 * same initial weights, same batches (constant size, wrapping around the row order), Adam,
 * the matching tf.losses function. Runs on Dawn + SwiftShader, the software Vulkan CI has;
 * no adapter is a failure, not a skip.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FusedMlp, type FusedMlpConfig, type LayerWeights } from '../../../src/core/gpu/fused-mlp/fused-mlp.ts';
import { requestHistogramDevice } from '../../../src/core/models/gbdt/gpu/webgpu-histogram-builder.ts';
import { createRng } from '../../../src/core/random.ts';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
let device: GPUDevice | null = null;

beforeAll(async () => {
  expect(existsSync(SWIFTSHADER_ICD)).toBe(true);
  process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  device = await requestHistogramDevice(create([]) as unknown as GPU);
  expect(device).not.toBeNull();
  await tf.setBackend('cpu');
});
afterAll(() => device?.destroy());

interface Problem {
  config: FusedMlpConfig;
  X: Float32Array;
  Y: Float32Array;
  rows: number;
  init: LayerWeights[];
}

function problem(config: FusedMlpConfig, rows: number, seed: number): Problem {
  const rng = createRng(seed);
  const sizes = config.sizes;
  const d = sizes[0]!;
  const k = sizes[sizes.length - 1]!;
  const X = Float32Array.from({ length: rows * d }, () => rng.normal());
  const Y = new Float32Array(rows * k);
  for (let r = 0; r < rows; r++) {
    const s = X[r * d]! - 0.5 * X[r * d + 1]! + 0.1 * rng.normal();
    if (config.loss === 'mse') for (let j = 0; j < k; j++) Y[r * k + j] = s * (j + 1);
    else if (config.loss === 'sigmoid-ce') for (let j = 0; j < k; j++) Y[r * k + j] = s > j * 0.3 ? 1 : 0;
    else Y[r * k + (s < -0.5 ? 0 : s < 0.5 ? 1 : 2) % k] = 1;
  }
  const init = sizes.slice(1).map((fanOut, i) => {
    const fanIn = sizes[i]!;
    const scale = Math.sqrt(2 / (fanIn + fanOut));
    return { W: Float32Array.from({ length: fanIn * fanOut }, () => rng.normal() * scale), b: Float32Array.from({ length: fanOut }, () => rng.normal() * 0.1) };
  });
  return { config, X, Y, rows, init };
}

/** The same training, written with tfjs ops and tf.train.adam. */
function reference(p: Problem, epochs: number, orders: Uint32Array[]): { losses: number[][]; weights: LayerWeights[] } {
  const { config, rows } = p;
  const sizes = config.sizes;
  const B = Math.min(config.batchSize, rows);
  const steps = Math.ceil(rows / B);
  const vars = p.init.map((l, i) => ({ W: tf.variable(tf.tensor2d(l.W, [sizes[i]!, sizes[i + 1]!])), b: tf.variable(tf.tensor1d(l.b)) }));
  const opt = tf.train.adam(config.learningRate, config.beta1 ?? 0.9, config.beta2 ?? 0.999, config.epsilon ?? 1e-7);
  const X = tf.tensor2d(p.X, [rows, sizes[0]!]);
  const Y = tf.tensor2d(p.Y, [rows, sizes[sizes.length - 1]!]);
  const losses: number[][] = [];
  for (let e = 0; e < epochs; e++) {
    const epochLosses: number[] = [];
    for (let s = 0; s < steps; s++) {
      const idx = Int32Array.from({ length: B }, (_, r) => orders[e]![(s * B + r) % rows]!);
      const loss = tf.tidy(() => {
        const xi = tf.gather(X, idx);
        const yi = tf.gather(Y, idx);
        return opt.minimize(() => {
          let h: tf.Tensor2D = xi;
          vars.forEach((v, l) => {
            const z = tf.add(tf.matMul(h, v.W), v.b) as tf.Tensor2D;
            const hidden = l < vars.length - 1;
            h = !hidden ? z : config.activation === 'relu' ? tf.relu(z) : config.activation === 'tanh' ? tf.tanh(z) : config.activation === 'sigmoid' ? tf.sigmoid(z) : z;
          });
          if (config.loss === 'sigmoid-ce') return tf.losses.sigmoidCrossEntropy(yi, h) as tf.Scalar;
          if (config.loss === 'softmax-ce') return tf.losses.softmaxCrossEntropy(yi, h) as tf.Scalar;
          return tf.losses.meanSquaredError(yi, h) as tf.Scalar;
        }, true)!;
      });
      epochLosses.push(loss.dataSync()[0]!);
      loss.dispose();
    }
    losses.push(epochLosses);
  }
  const weights = vars.map((v) => ({ W: v.W.dataSync() as Float32Array, b: v.b.dataSync() as Float32Array }));
  vars.forEach((v) => (v.W.dispose(), v.b.dispose()));
  opt.dispose();
  X.dispose();
  Y.dispose();
  return { losses, weights };
}

function orders(rows: number, epochs: number, seed: number): Uint32Array[] {
  const rng = createRng(seed);
  return Array.from({ length: epochs }, () => {
    const o = Uint32Array.from({ length: rows }, (_, i) => i);
    for (let i = rows - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [o[i], o[j]] = [o[j]!, o[i]!];
    }
    return o;
  });
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst / Math.max(scale, 1e-6);
}

const cases: [string, FusedMlpConfig, number][] = [
  ['MLP 6-32-16-1, relu, sigmoid cross-entropy', { sizes: [6, 32, 16, 1], activation: 'relu', loss: 'sigmoid-ce', batchSize: 40, learningRate: 0.01 }, 150],
  ['MLP 5-24-3, tanh, softmax cross-entropy', { sizes: [5, 24, 3], activation: 'tanh', loss: 'softmax-ce', batchSize: 64, learningRate: 0.005 }, 200],
  ['MLP 7-70-2, sigmoid, squared error, two outputs', { sizes: [7, 70, 2], activation: 'sigmoid', loss: 'mse', batchSize: 33, learningRate: 0.003 }, 99],
  ['logistic regression 9-1 (no hidden layer)', { sizes: [9, 1], activation: 'relu', loss: 'sigmoid-ce', batchSize: 128, learningRate: 0.05 }, 300],
];

describe('FusedMlp', () => {
  for (const [label, config, rows] of cases)
    it(`trains like tfjs: ${label}`, async () => {
      const p = problem(config, rows, 5);
      const epochs = 4;
      const order = orders(rows, epochs, 9);
      const ref = reference(p, epochs, order);
      const fused = new FusedMlp(device!, config, p, p.init);
      try {
        for (let e = 0; e < epochs; e++) {
          const losses = await fused.trainEpoch(order[e]);
          expect(losses.length).toBe(fused.stepsPerEpoch);
          for (let s = 0; s < losses.length; s++) expect(Math.abs(losses[s]! - ref.losses[e]![s]!)).toBeLessThan(2e-4 * Math.max(1, Math.abs(ref.losses[e]![s]!)));
        }
        const got = await fused.weights();
        got.forEach((layer, l) => {
          expect(maxRelDiff(layer.W, ref.weights[l]!.W)).toBeLessThan(1e-3);
          expect(maxRelDiff(layer.b, ref.weights[l]!.b)).toBeLessThan(1e-3);
        });
        // Training moved the weights: the comparison is not of two untouched copies.
        expect(maxRelDiff(got[0]!.W, p.init[0]!.W)).toBeGreaterThan(1e-3);
      } finally {
        fused.destroy();
      }
    });

  it('learns: the loss falls over epochs', async () => {
    const config: FusedMlpConfig = { sizes: [6, 32, 1], activation: 'relu', loss: 'sigmoid-ce', batchSize: 32, learningRate: 0.01 };
    const p = problem(config, 256, 3);
    const fused = new FusedMlp(device!, config, p, p.init);
    try {
      const mean = (l: Float32Array) => l.reduce((a, b) => a + b, 0) / l.length;
      const first = mean(await fused.trainEpoch());
      let last = first;
      for (let e = 0; e < 8; e++) last = mean(await fused.trainEpoch());
      expect(last).toBeLessThan(first * 0.6);
    } finally {
      fused.destroy();
    }
  });

  it('creates no GPU buffer after construction, whatever the epochs, and stops between submits', async () => {
    const config: FusedMlpConfig = { sizes: [4, 16, 1], activation: 'relu', loss: 'mse', batchSize: 16, learningRate: 0.01 };
    const p = problem(config, 100, 4);
    const real = device!.createBuffer.bind(device!);
    let created = 0;
    const counting = new Proxy(device!, {
      get(target, key) {
        if (key === 'createBuffer') return (d: GPUBufferDescriptor) => (created++, real(d));
        const v = Reflect.get(target, key) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const fused = new FusedMlp(counting, config, p, p.init);
    try {
      const afterConstruction = created;
      expect(afterConstruction).toBe(fused.bufferCount);
      for (let e = 0; e < 5; e++) await fused.trainEpoch();
      // Submitting in chunks with a stop check (a cancel) ends the epoch after the chunk that ran.
      let checks = 0;
      const partial = await fused.trainEpoch(undefined, { stepsPerSubmit: 2, stop: () => ++checks === 2 });
      expect(fused.stepsPerEpoch).toBe(7);
      expect(partial.length).toBe(4);
      expect(created).toBe(afterConstruction);
    } finally {
      fused.destroy();
    }
  });

  it('compiles the kernels once per device: a second trainer of the same shape reuses them', async () => {
    const config: FusedMlpConfig = { sizes: [4, 12, 1], activation: 'relu', loss: 'mse', batchSize: 16, learningRate: 0.01 };
    const p = problem(config, 64, 6);
    let pipelines = 0;
    const counting = new Proxy(device!, {
      get(target, key) {
        if (key === 'createComputePipeline') return (d: GPUComputePipelineDescriptor) => (pipelines++, target.createComputePipeline(d));
        const v = Reflect.get(target, key) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const first = new FusedMlp(counting, config, p, p.init);
    const afterFirst = pipelines;
    expect(afterFirst).toBeGreaterThan(0);
    const second = new FusedMlp(counting, config, p, p.init);
    expect(pipelines).toBe(afterFirst);
    // Shared pipelines, separate buffers: both train, to the same losses from the same start.
    try {
      expect(Array.from(await second.trainEpoch())).toEqual(Array.from(await first.trainEpoch()));
    } finally {
      first.destroy();
      second.destroy();
    }
    const wider = new FusedMlp(counting, { ...config, sizes: [4, 13, 1] }, problem({ ...config, sizes: [4, 13, 1] }, 64, 6), problem({ ...config, sizes: [4, 13, 1] }, 64, 6).init);
    expect(pipelines).toBeGreaterThan(afterFirst);
    wider.destroy();
  });

  it('refuses data that does not fit the layer sizes', () => {
    const config: FusedMlpConfig = { sizes: [3, 4, 1], activation: 'relu', loss: 'mse', batchSize: 8, learningRate: 0.01 };
    const p = problem(config, 10, 1);
    expect(() => new FusedMlp(device!, config, { ...p, X: p.X.subarray(1) }, p.init)).toThrow(/data shape/);
    expect(() => new FusedMlp(device!, config, p, p.init.slice(1))).toThrow(/initial layers/);
    expect(() => new FusedMlp(device!, config, p, [p.init[0]!, { W: p.init[1]!.W, b: new Float32Array(2) }])).toThrow(/layer 1 weights/);
  });
});
