import { expect } from 'vitest';
import type { ModelArtifact } from '../../../../src/core/models/artifact.ts';
import { loadModel } from '../../../../src/core/models/load-model.ts';
import { getModel } from '../../../../src/core/models/registry.ts';
import type { FitData, TrainedModel } from '../../../../src/core/models/types.ts';
import { createRng } from '../../../../src/core/random.ts';
import { modelDefaults } from '../../../../src/core/spec/normalize.ts';
import type { ModelSpec, Task } from '../../../../src/core/spec/types.ts';
import { cpuTf } from '../../../helpers/tf.ts';
import { fitCtx } from '../helpers.ts';

/**
 * Small synthetic data for a task: d = 4 columns, the label / target driven by the first two;
 * `missing` puts NaN in column 3 of every 7th row (tree models route them by default
 * direction), `categorical` makes column 2 a category code 0..5.
 */
export function synthetic(task: Task, n: number, seed: number, opts: { missing?: boolean; categorical?: boolean; val?: number } = {}): FitData {
  const rng = createRng(seed);
  const d = 4;
  const k = task === 'multiclass' ? 3 : task === 'binary' ? 2 : 1;
  const make = (rows: number) => {
    const X = new Float32Array(rows * d);
    const y = task === 'regression' ? new Float64Array(rows) : new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < d; j++) X[i * d + j] = rng.normal();
      if (opts.categorical) X[i * d + 2] = rng.int(6);
      if (opts.missing && i % 7 === 3) X[i * d + 3] = NaN;
      const s = 1.5 * X[i * d]! - X[i * d + 1]! + (opts.categorical ? [-2, 1, 2, -1, 0.5, -0.5][X[i * d + 2]!]! : 0) + 0.3 * rng.normal();
      if (task === 'regression') y[i] = 3 * s + 10;
      else if (task === 'binary') y[i] = s > 0 ? 1 : 0;
      else y[i] = s < -0.7 ? 0 : s < 0.7 ? 1 : 2;
    }
    return { X, y };
  };
  const train = make(n);
  const data: FitData = { X: train.X, n, d, y: train.y, k };
  if (opts.categorical) data.categorical = Uint8Array.of(0, 0, 1, 0);
  if (opts.val) {
    const v = make(opts.val);
    data.val = { X: v.X, n: opts.val, y: v.y };
  }
  return data;
}

/** Query rows unlike the training rows: fresh draws plus a NaN row and a far-out row. */
export function queries(d: number, seed: number, n = 25): Float32Array {
  const rng = createRng(seed);
  const Q = Float32Array.from({ length: n * d }, () => 2 * rng.normal());
  Q[d] = NaN;
  for (let j = 0; j < d; j++) Q[2 * d + j] = 50 * (j % 2 ? -1 : 1);
  return Q;
}

export async function fit(spec: ModelSpec, data: FitData, task: Task, seed = 1): Promise<TrainedModel> {
  return getModel(spec.kind, task).fit(modelDefaults(spec) as never, data, await fitCtx(task, seed));
}

/**
 * The artifact as it would come back from a bundle: meta through JSON text, each blob copied
 * to an odd byte offset of a fresh buffer (so readers cannot rely on alignment or sharing).
 */
export function viaBundle(a: ModelArtifact): ModelArtifact {
  const blobs: Record<string, Uint8Array> = {};
  for (const [name, bytes] of Object.entries(a.blobs)) {
    const buf = new Uint8Array(bytes.byteLength + 3);
    buf.set(bytes, 1);
    blobs[name] = buf.subarray(1, 1 + bytes.byteLength);
  }
  const copy = JSON.parse(JSON.stringify({ ...a, blobs: {} })) as ModelArtifact;
  return { ...copy, blobs };
}

/** Bitwise equality of two prediction arrays (NaN payloads and signed zeros included). */
export function expectSameBits(a: Float64Array, b: Float64Array): void {
  expect(b).toBeInstanceOf(Float64Array);
  expect(b.length).toBe(a.length);
  expect(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)).toEqual(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

/** Fit, save, bundle round trip, load: returns both models, the artifact and both predictions. */
export async function roundTrip(spec: ModelSpec, data: FitData, task: Task) {
  const model = await fit(spec, data, task);
  const artifact = await model.save();
  const tf = await cpuTf();
  const loaded = await loadModel(viaBundle(artifact), tf);
  const Q = queries(data.d, 99);
  const m = Q.length / data.d;
  return { model, loaded, artifact, before: await model.predict(Q, m), after: await loaded.predict(Q, m) };
}

/** A copy of an artifact with a changed field (meta edited through `edit`). */
export function tamper(a: ModelArtifact, edit: (copy: ModelArtifact & { meta: Record<string, unknown> }) => void): ModelArtifact {
  const copy = viaBundle(a) as ModelArtifact & { meta: Record<string, unknown> };
  edit(copy);
  return copy;
}

/** Expects loading to fail with model_artifact_invalid whose message mentions `text`. */
export async function expectInvalid(a: ModelArtifact, text?: string | RegExp): Promise<void> {
  const tf = await cpuTf();
  const err = await loadModel(a, tf).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toMatchObject({ code: 'model_artifact_invalid' });
  const message = (err as Error).message;
  // one sentence of advice, not one per nested error
  expect(message.match(/The model file is damaged/g)).toHaveLength(1);
  if (text !== undefined) expect(message).toMatch(text);
}
