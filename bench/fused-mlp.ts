/**
 * Training throughput of the dense-network engines side by side (issue 11), in Node:
 *  - fused: Benchtop's fused WGSL trainer (src/core/gpu/fused-mlp), on Dawn (npm `webgpu`);
 *  - tfjs-webgpu: stock tfjs 4.22 on the same adapter, an optimizer.minimize loop over slices
 *    of data resident on the device (the faster of the two stock loops in ../shared/gpu);
 *  - tfjs-wasm: the same loop on tfjs-backend-wasm, with Benchtop's transposed-product patch.
 * MLP 64-256-256-1, ReLU, sigmoid cross-entropy, Adam, fp32, ROWS synthetic rows; samples/s
 * is the median of REPS timed epochs after one warm-up epoch, at batch 1024 and 4096. The
 * ratio fused / tfjs-webgpu comes from the same run. Prints one JSON line.
 *
 * Here (no GPU) Dawn runs on Chromium's SwiftShader (chosen when no Vulkan driver gives an adapter):
 *   npm run bench -- [ROWS] [REPS] [ENGINES]
 * On a borrowed GPU (../shared/gpu/README.md):
 *   ../shared/gpu/prepare.sh bench/fused-mlp.ts; device run, carry .gpu:
 *   bash .gpu/run.sh fused-mlp.mjs 262144 3   (torch_mlp.py beside it for the PyTorch peer)
 * ENGINES is a comma list (default fused,tfjs-webgpu,tfjs-wasm).
 */
import type * as tfjs from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { FusedMlp, type LayerWeights } from '../src/core/gpu/fused-mlp/fused-mlp.ts';
import { patchWasmTransposedMatMul } from '../src/core/gpu/wasm-matmul.ts';
import { createRng } from '../src/core/random.ts';

const ROWS = Number(process.argv[2] ?? 16_384);
const REPS = Number(process.argv[3] ?? 3);
const ENGINES = (process.argv[4] ?? 'fused,tfjs-webgpu,tfjs-wasm').split(',');
const SIZES = [64, 256, 256, 1];
const BATCHES = [1024, 4096];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function data(): { X: Float32Array; Y: Float32Array } {
  const rng = createRng(11);
  const d = SIZES[0]!;
  const X = Float32Array.from({ length: ROWS * d }, () => rng.normal());
  const w = Array.from({ length: d }, () => rng.normal());
  const Y = new Float32Array(ROWS);
  for (let r = 0; r < ROWS; r++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += X[r * d + j]! * w[j]!;
    Y[r] = s > 0 ? 1 : 0;
  }
  return { X, Y };
}

function initWeights(): LayerWeights[] {
  const rng = createRng(5);
  return SIZES.slice(1).map((fanOut, i) => {
    const fanIn = SIZES[i]!;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return { W: Float32Array.from({ length: fanIn * fanOut }, () => (rng.next() * 2 - 1) * limit), b: new Float32Array(fanOut) };
  });
}

async function installDawn(): Promise<{ adapter: string; device: GPUDevice }> {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  let gpu = create([]) as unknown as GPU;
  let adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  // No usable Vulkan driver (this CPU machine): fall back to Chromium's SwiftShader, as CI's tests do.
  const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';
  if (!adapter && !process.env.VK_ICD_FILENAMES && existsSync(swiftshader)) {
    process.env.VK_ICD_FILENAMES = swiftshader;
    gpu = create([]) as unknown as GPU;
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  }
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  if (!adapter) throw new Error('navigator.gpu.requestAdapter() returned null (no Vulkan driver? set VK_ICD_FILENAMES)');
  const device = await adapter.requestDevice({ requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxBufferSize: adapter.limits.maxBufferSize } });
  keep.push(gpu, adapter);
  return { adapter: [adapter.info.vendor, adapter.info.architecture, adapter.info.device].filter(Boolean).join(' / '), device };
}
// Dawn in Node crashes when the GPU instance behind a live device is garbage-collected.
const keep: unknown[] = [];

async function fused(device: GPUDevice, d: { X: Float32Array; Y: Float32Array }, batch: number): Promise<number> {
  const trainer = new FusedMlp(device, { sizes: SIZES, activation: 'relu', loss: 'sigmoid-ce', batchSize: batch, learningRate: 1e-3 }, { ...d, rows: ROWS }, initWeights());
  try {
    await trainer.trainEpoch();
    const rates: number[] = [];
    for (let r = 0; r < REPS; r++) {
      const t0 = performance.now();
      await trainer.trainEpoch();
      rates.push(ROWS / ((performance.now() - t0) / 1000));
    }
    return median(rates);
  } finally {
    trainer.destroy();
  }
}

async function stock(backend: 'webgpu' | 'wasm', d: { X: Float32Array; Y: Float32Array }, batch: number): Promise<number> {
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  else await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not initialise`);
  await tf.ready();
  if (backend === 'wasm') patchWasmTransposedMatMul(tf);
  const init = initWeights();
  const vars = init.map((l, i) => ({ W: tf.variable(tf.tensor2d(l.W, [SIZES[i]!, SIZES[i + 1]!])), b: tf.variable(tf.tensor1d(l.b)) }));
  const X = tf.tensor2d(d.X, [ROWS, SIZES[0]!]);
  const Y = tf.tensor2d(d.Y, [ROWS, 1]);
  const opt = tf.train.adam(1e-3);
  const epoch = async (): Promise<void> => {
    let last: tfjs.Scalar | null = null;
    for (let start = 0; start < ROWS; start += batch) {
      const size = Math.min(batch, ROWS - start);
      last?.dispose();
      last = tf.tidy(() => {
        const xb = X.slice([start, 0], [size, SIZES[0]!]);
        const yb = Y.slice([start, 0], [size, 1]);
        return opt.minimize(() => {
          let h: tfjs.Tensor2D = xb;
          vars.forEach((v, l) => {
            const z = tf.add(tf.matMul(h, v.W), v.b) as tfjs.Tensor2D;
            h = l < vars.length - 1 ? tf.relu(z) : z;
          });
          return tf.losses.sigmoidCrossEntropy(yb, h) as tfjs.Scalar;
        }, true)!;
      });
    }
    await last?.data();
    last?.dispose();
  };
  try {
    await epoch();
    const rates: number[] = [];
    for (let r = 0; r < REPS; r++) {
      const t0 = performance.now();
      await epoch();
      rates.push(ROWS / ((performance.now() - t0) / 1000));
    }
    return median(rates);
  } finally {
    vars.forEach((v) => (v.W.dispose(), v.b.dispose()));
    X.dispose();
    Y.dispose();
    opt.dispose();
  }
}

async function main(): Promise<void> {
  const d = data();
  const { adapter, device } = await installDawn();
  const results: Record<string, unknown>[] = [];
  for (const batch of BATCHES) {
    const row: Record<string, number | string> = { batch };
    if (ENGINES.includes('fused')) row.fused = Math.round(await fused(device, d, batch));
    if (ENGINES.includes('tfjs-webgpu')) row['tfjs-webgpu'] = Math.round(await stock('webgpu', d, batch));
    if (ENGINES.includes('tfjs-wasm')) row['tfjs-wasm'] = Math.round(await stock('wasm', d, batch));
    if (typeof row.fused === 'number' && typeof row['tfjs-webgpu'] === 'number') row.fusedOverTfjsWebgpu = +(row.fused / row['tfjs-webgpu']).toFixed(2);
    results.push(row);
  }
  console.log(JSON.stringify({ bench: 'fused-mlp', unit: 'samples/s', adapter, rows: ROWS, reps: REPS, model: SIZES.join('-'), results }));
  device.destroy();
}

await main();
