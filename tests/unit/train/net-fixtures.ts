import type { FitContext, FitData } from '../../../src/core/models/types.ts';
import { neverCancelled } from '../../../src/core/jobs.ts';
import { createRng } from '../../../src/core/random.ts';
import type { NetSpec } from '../../../src/core/train/train-net.ts';
import { cpuTf } from '../../helpers/tf.ts';

export const baseNet: NetSpec = { hiddenLayers: [8], activation: 'relu', learningRate: 0.01, epochs: 30, batchSize: 16, l2: 0, dropout: 0 };

/** Two noisy blobs in 2-D (+ `extra` pure-noise columns); the validation half is drawn the same way. */
export function blobs(n: number, seed: number, noise = 1, opts: { extra?: number; minority?: number } = {}): FitData {
  const rng = createRng(seed);
  const d = 2 + (opts.extra ?? 0);
  const make = (m: number) => {
    const X = new Float32Array(m * d);
    const y = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      y[i] = opts.minority === undefined ? i % 2 : rng.next() < opts.minority ? 1 : 0;
      X[i * d] = (y[i] ? 1 : -1) + noise * rng.normal();
      for (let j = 1; j < d; j++) X[i * d + j] = rng.normal();
    }
    return { X, y };
  };
  const t = make(n), v = make(n);
  return { X: t.X, y: t.y, n, d, k: 2, val: { X: v.X, y: v.y, n } };
}

/** k Gaussian clusters in d dimensions (penguins-sized by default). */
export function clusters(n = 270, k = 3, d = 8, seed = 11, spread = 1): FitData {
  const rng = createRng(seed);
  const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => 2 * rng.normal()));
  const make = (m: number) => {
    const X = new Float32Array(m * d);
    const y = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      y[i] = i % k;
      for (let j = 0; j < d; j++) X[i * d + j] = centres[y[i]!]![j]! + spread * rng.normal();
    }
    return { X, y };
  };
  const t = make(n), v = make(Math.round(n / 5));
  return { X: t.X, y: t.y, n, d, k, val: { X: v.X, y: v.y, n: v.y.length } };
}

export async function ctx(extra: Partial<FitContext> = {}, es: Partial<FitContext['training']['earlyStopping']> = {}): Promise<FitContext> {
  return {
    tf: await cpuTf(),
    task: 'binary',
    rng: createRng(42),
    cancel: neverCancelled,
    training: { validationFraction: 0.1, earlyStopping: { enabled: false, monitor: 'loss', patience: 5, minDelta: 0, ...es }, sanityChecks: 'off' },
    ...extra,
  };
}

export function accuracy(p: Float64Array, y: Int32Array | Float64Array, k: number): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (p[i * k + c]! > p[i * k + best]!) best = c;
    if (best === y[i]) ok++;
  }
  return ok / y.length;
}

export function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((a, b) => a + b * b, 0));
}
