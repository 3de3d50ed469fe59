import * as ort from 'onnxruntime-web';
import { expect } from 'vitest';
import { getModel } from '../../../../src/core/models/registry.ts';
import type { FitData, TrainedModel } from '../../../../src/core/models/types.ts';
import { createRng } from '../../../../src/core/random.ts';
import { modelDefaults } from '../../../../src/core/spec/normalize.ts';
import type { ModelSpec, Task } from '../../../../src/core/spec/types.ts';
import { fitCtx } from '../../models/helpers.ts';

// One wasm thread: no worker threads inside the test process, and deterministic timing.
ort.env.wasm.numThreads = 1;

export interface OnnxOutputs {
  names: readonly string[];
  /** Float outputs as float64 copies; `label` as numbers. */
  values: Record<string, Float64Array>;
  dims: Record<string, readonly number[]>;
  types: Record<string, string>;
}

/** Runs an exported model in ONNX Runtime (wasm) on n rows of d float32 columns. */
export async function runOnnx(bytes: Uint8Array, X: Float32Array, n: number, d: number): Promise<OnnxOutputs> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    expect(session.inputNames).toEqual(['input']);
    const out = await session.run({ input: new ort.Tensor('float32', X, [n, d]) });
    const values: Record<string, Float64Array> = {};
    const dims: Record<string, readonly number[]> = {};
    const types: Record<string, string> = {};
    for (const name of session.outputNames) {
      const t = out[name]!;
      dims[name] = t.dims;
      types[name] = t.type;
      values[name] = Float64Array.from(t.data as ArrayLike<number | bigint>, (v) => Number(v));
    }
    return { names: session.outputNames, values, dims, types };
  } finally {
    await session.release();
  }
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    // NaN on either side (and not both) is a difference no tolerance forgives.
    if (Number.isNaN(d)) return Number.isNaN(a[i]!) && Number.isNaN(b[i]!) ? m : Infinity;
    m = Math.max(m, d);
  }
  return m;
}

/** Index of the largest value per row (first on ties), as ONNX ArgMax picks it. */
export function argmaxRows(p: ArrayLike<number>, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < p.length / k; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (p[i * k + c]! > p[i * k + best]!) best = c;
    out.push(best);
  }
  return out;
}

/** Largest differences seen per case, printed once by the suite that collects them. */
export const diffs: Record<string, number> = {};

/**
 * Checks an exported classifier or regressor against Benchtop's predictions on the same rows:
 * every probability / value within `tol`, labels = argmax, and the binary extra output.
 */
export function expectMatches(name: string, out: OnnxOutputs, expected: Float64Array, n: number, k: number, tol = 1e-5): void {
  if (k === 1) {
    expect(out.names).toEqual(['variable']);
    expect(out.dims.variable).toEqual([n, 1]);
    const diff = maxAbsDiff(out.values.variable!, expected);
    diffs[name] = diff;
    expect(diff).toBeLessThanOrEqual(tol);
    return;
  }
  expect(out.names).toEqual(k === 2 ? ['probabilities', 'label', 'positive_probability'] : ['probabilities', 'label']);
  expect(out.dims.probabilities).toEqual([n, k]);
  expect(out.types.label).toBe('int64');
  const diff = maxAbsDiff(out.values.probabilities!, expected);
  diffs[name] = diff;
  expect(diff).toBeLessThanOrEqual(tol);
  // Labels: the argmax of ONNX's own probabilities, and Benchtop's wherever its top two are not a near tie.
  expect(Array.from(out.values.label!)).toEqual(argmaxRows(out.values.probabilities!, k));
  const ours = argmaxRows(expected, k);
  for (let i = 0; i < n; i++) {
    const sorted = Array.from(expected.subarray(i * k, (i + 1) * k)).sort((a, b) => b - a);
    if (sorted[0]! - sorted[1]! > 2 * tol) expect(out.values.label![i]).toBe(ours[i]);
  }
  if (k === 2) {
    const p1 = Float64Array.from({ length: n }, (_, i) => expected[i * 2 + 1]!);
    expect(maxAbsDiff(out.values.positive_probability!, p1)).toBeLessThanOrEqual(tol);
  }
}

/** n x d standard normal features, NaN with probability `missing`. */
export function features(n: number, d: number, seed: number, missing = 0): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * d }, () => (missing > 0 && rng.next() < missing ? NaN : rng.normal()));
}

/** Fits a registered Benchtop model (defaults filled as normalize does) on the tfjs cpu backend. */
export async function fitModel(model: ModelSpec, data: FitData, task: Task, seed = 1): Promise<TrainedModel> {
  return getModel(model.kind, task).fit(modelDefaults(model) as never, data, await fitCtx(task, seed));
}

/** Targets for the rows of X (NaN-free columns 0..2 drive them): a value, or a class index. */
export function targets(X: Float32Array, n: number, d: number, task: Task, k: number, seed: number): Float64Array | Int32Array {
  const rng = createRng(seed);
  const z = (i: number, c: number) => {
    const v = (j: number) => (Number.isNaN(X[i * d + j]!) ? 0 : X[i * d + j]!);
    return [1.5 * v(0) - v(1) + 0.5 * v(2), v(1) + 0.8 * v(2) * v(0), -v(0) + v(2)][c % 3]! + 0.3 * rng.normal();
  };
  if (task === 'regression') return Float64Array.from({ length: n }, (_, i) => 3 + 2 * z(i, 0));
  if (task === 'binary') return Int32Array.from({ length: n }, (_, i) => (z(i, 0) > 0 ? 1 : 0));
  return Int32Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (z(i, c) > z(i, best)) best = c;
    return best;
  });
}
