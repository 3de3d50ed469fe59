import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/core/gpu/backend.ts';
import { currentWasmMatMulKernels, patchWasmTransposedMatMul } from '../../../src/core/gpu/wasm-matmul.ts';

/** Deterministic values so the reference (cpu) and wasm see the same inputs. */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = ((s >>> 8) / 2 ** 24) * 2 - 1;
  }
  return out;
}

async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const t = f();
  const data = (await t.data()) as Float32Array;
  t.dispose();
  return data;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const dataIds = (): number => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();

describe('patchWasmTransposedMatMul', () => {
  beforeAll(async () => {
    await selectBackend(tf, 'wasm');
  });

  it('is applied by selectBackend and is idempotent', () => {
    const before = currentWasmMatMulKernels(tf);
    expect(patchWasmTransposedMatMul(tf)).toBe(true);
    const after = currentWasmMatMulKernels(tf);
    for (const [name, config] of before) expect(after.get(name)?.kernelFunc).toBe(config.kernelFunc);
  });

  const cases: [string, number[], number[], boolean, boolean][] = [
    ['A^T B', [37, 23], [37, 19], true, false],
    ['A B^T', [23, 37], [19, 37], false, true],
    ['A^T B^T', [37, 23], [19, 37], true, true],
    ['batched A^T B', [3, 17, 11], [3, 17, 5], true, false],
    ['batched A B^T (broadcast b)', [3, 11, 17], [1, 5, 17], false, true],
  ];
  for (const [label, sa, sb, ta, tb] of cases)
    it(`matches the cpu backend on ${label}`, async () => {
      const a = values(sa.reduce((x, y) => x * y), 1);
      const b = values(sb.reduce((x, y) => x * y), 2);
      const f = () => tf.matMul(tf.tensor(a, sa), tf.tensor(b, sb), ta, tb);
      const ref = await on('cpu', f);
      expect(maxDiff(ref, await on('wasm', f))).toBeLessThan(1e-5);
    });

  it('matches the cpu backend on a fused product with bias and relu', async () => {
    const a = values(8 * 13, 3);
    const b = values(6 * 13, 4);
    const bias = values(6, 5);
    const f = () => tf.fused.matMul({ a: tf.tensor(a, [8, 13]), b: tf.tensor(b, [6, 13]), transposeB: true, bias: tf.tensor(bias), activation: 'relu' });
    expect(maxDiff(await on('cpu', f), await on('wasm', f))).toBeLessThan(1e-5);
  });

  it('gives a dense layer the same gradients as the cpu backend', async () => {
    const x = values(32 * 10, 6);
    const w = values(10 * 7, 7);
    const grad = () => tf.grad((wt: tf.Tensor) => tf.relu(tf.matMul(tf.tensor(x, [32, 10]), wt)).square().sum())(tf.tensor(w, [10, 7]));
    expect(maxDiff(await on('cpu', grad), await on('wasm', grad))).toBeLessThan(1e-3);
  });

  it('leaves no backend data behind', async () => {
    await tf.setBackend('wasm');
    const a = tf.tensor(values(64 * 32, 8), [64, 32]);
    const b = tf.tensor(values(48 * 32, 9), [48, 32]);
    const before = dataIds();
    for (let i = 0; i < 5; i++) tf.matMul(a, b, false, true).dispose();
    expect(dataIds()).toBe(before);
    a.dispose();
    b.dispose();
  });
});
