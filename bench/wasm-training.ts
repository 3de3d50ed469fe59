/**
 * Training on tfjs-backend-wasm against its own matrix-product rate (issue 11's wasm goal:
 * training should reach at least half of the forward matmul rate).
 *
 * In one run, alternating so machine noise hits both alike:
 *  - the matrix products of issue 11's statement, 512x512 fp32: plain, A·Bᵀ, Aᵀ·B and an
 *    explicit transpose then the plain product, stock kernels;
 *  - the forward product rate of the MLP's widest layer ([batch,256]·[256,256], plain);
 *  - an MLP 64-256-256-1 trained with Adam on ROWS synthetic rows (an optimizer.minimize loop,
 *    as in ../shared/gpu's reference), samples/s with the stock kernels and with
 *    patchWasmTransposedMatMul, at batch 1024 and 4096.
 * Training GFLOP/s counts 6 flops per weight per sample (forward 2, backward 4: the products
 * for the weight and the input gradients), a slight over-count for the first layer, whose
 * input gradient tfjs skips. Figures are medians of REPS timed epochs after one warm-up.
 *   npx tsx bench/wasm-training.ts [ROWS] [REPS]
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { currentWasmMatMulKernels, patchWasmTransposedMatMul, unpatchWasmTransposedMatMul } from '../src/core/gpu/wasm-matmul.ts';
import { createRng } from '../src/core/random.ts';

const ROWS = Number(process.argv[2] ?? 16_384);
const REPS = Number(process.argv[3] ?? 3);
const FEATURES = 64;
const WEIGHTS = FEATURES * 256 + 256 * 256 + 256;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function timeProduct(f: () => tf.Tensor, flops: number, reps = 7): number {
  f().dispose();
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const r = f();
    r.dataSync();
    ms.push(performance.now() - t0);
    r.dispose();
  }
  return flops / median(ms) / 1e6;
}

function syntheticData(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const rng = createRng(11);
  const x = new Float32Array(ROWS * FEATURES);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const w = Array.from({ length: FEATURES }, () => rng.normal());
  const y = new Float32Array(ROWS);
  for (let r = 0; r < ROWS; r++) {
    let s = 0;
    for (let j = 0; j < FEATURES; j++) s += x[r * FEATURES + j]! * w[j]!;
    y[r] = s > 0 ? 1 : 0;
  }
  return { x: tf.tensor2d(x, [ROWS, FEATURES]), y: tf.tensor2d(y, [ROWS, 1]) };
}

function makeModel(): tf.Sequential {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [FEATURES], units: 256, activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.dense({ units: 256, activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.dense({ units: 1, kernelInitializer: init(3) }),
    ],
  });
}

/** One epoch of minibatch Adam; returns samples/s. */
function epoch(model: tf.Sequential, optimizer: tf.Optimizer, data: { x: tf.Tensor2D; y: tf.Tensor2D }, batch: number): number {
  const t0 = performance.now();
  let last: tf.Scalar | null = null;
  for (let start = 0; start < ROWS; start += batch) {
    const size = Math.min(batch, ROWS - start);
    last?.dispose();
    last = tf.tidy(() => {
      const xb = data.x.slice([start, 0], [size, FEATURES]);
      const yb = data.y.slice([start, 0], [size, 1]);
      return optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(yb, model.apply(xb) as tf.Tensor), true) as tf.Scalar;
    });
  }
  last?.dataSync();
  last?.dispose();
  return ROWS / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
  const stock = currentWasmMatMulKernels(tf);
  const n = 512;
  const rng = createRng(3);
  const a = tf.tensor2d(Float32Array.from({ length: n * n }, () => rng.normal()), [n, n]);
  const b = tf.tensor2d(Float32Array.from({ length: n * n }, () => rng.normal()), [n, n]);
  const f512 = 2 * n ** 3;
  const products = {
    plain: timeProduct(() => tf.matMul(a, b), f512),
    transposeB: timeProduct(() => tf.matMul(a, b, false, true), f512, 3),
    transposeA: timeProduct(() => tf.matMul(a, b, true, false), f512, 3),
    explicitTranspose: timeProduct(() => tf.tidy(() => tf.matMul(tf.transpose(a), b)), f512),
  };
  const data = syntheticData();
  const results: Record<string, unknown>[] = [];
  for (const batch of [1024, 4096]) {
    const h = tf.tensor2d(Float32Array.from({ length: batch * 256 }, () => rng.normal()), [batch, 256]);
    const w = tf.tensor2d(Float32Array.from({ length: 256 * 256 }, () => rng.normal()), [256, 256]);
    const forwardGflops = timeProduct(() => tf.matMul(h, w), 2 * batch * 256 * 256);
    h.dispose();
    w.dispose();
    const rates: Record<'stock' | 'patched', number[]> = { stock: [], patched: [] };
    for (const variant of ['stock', 'patched'] as const) {
      // A fresh model and optimizer per variant so both train from the same start.
      if (variant === 'patched') patchWasmTransposedMatMul(tf);
      else unpatchWasmTransposedMatMul(tf, stock);
      const model = makeModel();
      const optimizer = tf.train.adam(1e-3);
      epoch(model, optimizer, data, batch);
      for (let r = 0; r < REPS; r++) rates[variant].push(epoch(model, optimizer, data, batch));
      model.dispose();
      optimizer.dispose();
    }
    const row = (variant: 'stock' | 'patched') => {
      const samples = median(rates[variant]);
      const gflops = (samples * 6 * WEIGHTS) / 1e9;
      return { samplesPerS: Math.round(samples), trainGflops: +gflops.toFixed(2), ofForwardMatmul: +(gflops / forwardGflops).toFixed(3) };
    };
    results.push({ batch, forwardMatmulGflops: +forwardGflops.toFixed(2), stock: row('stock'), patched: row('patched'), speedup: +(median(rates.patched) / median(rates.stock)).toFixed(2) });
  }
  const round = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, +v.toFixed(2)]));
  console.log(JSON.stringify({ bench: 'wasm-training', rows: ROWS, reps: REPS, threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'), matmul512Gflops: round(products), mlp: results }));
}

await main();
