/**
 * A fitted ensemble: its members and how their predictions combine (an average, or a stacking
 * meta-model over their outputs), with save/load. Fitting is in ensemble.ts.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { ModelKind, Task } from '../spec/types.ts';
import type { ArtifactJson, ModelArtifact } from './artifact.ts';
import { ArtifactReader, toBytes, type ArtifactHeader } from './artifact-codec.ts';
import { linearPredictor } from './linear.ts';
import { softmaxProba } from './softmax-regression.ts';
import type { TrainedModel } from './types.ts';

/** The stacking meta-model: multinomial logistic regression (classification) or ridge regression, over the members' outputs. */
export type Stacker =
  | { type: 'softmax'; /** p x k, row-major (feature, class) */ W: Float64Array; b: Float64Array }
  | { type: 'linear'; /** p */ w: Float64Array; b: number };

export const ENSEMBLE_FORMAT = 1;
const STACK_WEIGHTS = 'stack-weights.f64';
const STACK_BIAS = 'stack-bias.f64';
const MAX_MEMBERS = 8;

/** Columns each member contributes to the meta-model. */
export function metaWidth(task: Task, k: number): number {
  return task === 'regression' ? 1 : task === 'binary' && k === 2 ? 1 : k;
}

/** Member i's predictions for `rows.length` rows -> its columns of the meta features at `rows`. */
export function writeFeatures(pred: Float64Array, n: number, i: number, perMember: number, width: number, p: number, out: Float64Array, rows: Int32Array): void {
  for (let r = 0; r < n; r++) {
    const row = rows[r]!;
    if (perMember === 1) out[row * p + i] = width === 1 ? pred[r]! : pred[r * width + width - 1]!;
    else for (let c = 0; c < perMember; c++) out[row * p + i * perMember + c] = pred[r * width + c]!;
  }
}

/** Fitted members combined by soft vote (stacker null) or by the stacker; owns (disposes) the members. */
export function ensembleModel(members: TrainedModel[], stacker: Stacker | null, header: ArtifactHeader): TrainedModel {
  const width = header.task === 'regression' ? 1 : header.k;
  const perMember = metaWidth(header.task, header.k);
  const p = members.length * perMember;
  let combine: (preds: Float64Array[], n: number) => Promise<Float64Array>;
  if (!stacker)
    combine = async (preds, n) => {
      const out = new Float64Array(n * width);
      for (const pr of preds) for (let j = 0; j < out.length; j++) out[j]! += pr[j]! / preds.length;
      return out;
    };
  else {
    const meta =
      stacker.type === 'softmax'
        ? ((proba) => async (feat: Float64Array, n: number) => proba(feat, n))(softmaxProba(stacker.W, stacker.b, p, header.k))
        : ((lin) => (feat: Float64Array, n: number) => lin.predict(Float32Array.from(feat), n))(linearPredictor(stacker.w, stacker.b, p));
    combine = async (preds, n) => {
      const feat = new Float64Array(n * p);
      const all = Int32Array.from({ length: n }, (_, i) => i);
      preds.forEach((pred, i) => writeFeatures(pred, n, i, perMember, width, p, feat, all));
      return meta(feat, n);
    };
  }
  let disposed = false;
  return {
    history: [],
    async predict(X, n) {
      const preds: Float64Array[] = [];
      for (const m of members) preds.push(await m.predict(X, n));
      return combine(preds, n);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const m of members) m.dispose();
    },
    /** Layout: ensembleArtifact below. */
    save: () => ensembleArtifact(members, stacker, header, p),
  };
}

/**
 * Artifact layout (format 1): meta `{method: 'soft-vote' | 'stack', members: [{kind, format,
 * meta}], stacker?: {type: 'softmax' | 'linear', inputs: p, outputs}}`. Member i is a whole
 * artifact of its own kind (same task, d, k) whose blobs are stored here with the prefix
 * `m<i>-`. Soft vote: the mean of the members' predictions. Stack: the members' outputs form p
 * features per row (per member its k class probabilities, only P(class 1) when binary, or its
 * prediction), then blob `stack-weights.f64` (p x outputs, row-major) and `stack-bias.f64`
 * (outputs) give softmax(features . W + b) for classification, or, for regression,
 * features (rounded to float32) . w + b in float64.
 */
async function ensembleArtifact(members: TrainedModel[], stacker: Stacker | null, header: ArtifactHeader, p: number): Promise<ModelArtifact> {
  const blobs: Record<string, Uint8Array> = {};
  const nested: ArtifactJson[] = [];
  for (let i = 0; i < members.length; i++) {
    const a = await members[i]!.save();
    nested.push({ kind: a.kind, format: a.format, meta: a.meta });
    for (const [name, bytes] of Object.entries(a.blobs)) blobs[`m${i}-${name}`] = bytes;
  }
  const meta: Record<string, ArtifactJson> = { method: stacker ? 'stack' : 'soft-vote', members: nested };
  if (stacker) {
    const outputs = header.task === 'regression' ? 1 : header.k;
    meta.stacker = { type: stacker.type, inputs: p, outputs };
    blobs[STACK_WEIGHTS] = toBytes(stacker.type === 'softmax' ? stacker.W : stacker.w);
    blobs[STACK_BIAS] = toBytes(stacker.type === 'softmax' ? stacker.b : Float64Array.of(stacker.b));
  }
  return { ...header, format: ENSEMBLE_FORMAT, meta, blobs };
}

/** Loads every member through its own kind's load, then the combiner. */
export async function loadEnsemble(artifact: ModelArtifact, tf: typeof tfjs): Promise<TrainedModel> {
  // Looked up lazily: the registry imports ensemble.ts, which imports this module.
  const { getModel, modelKinds } = await import('./registry.ts');
  const r = new ArtifactReader(artifact, 'ensemble', ENSEMBLE_FORMAT, ['binary', 'multiclass', 'regression']);
  const header: ArtifactHeader = { kind: 'ensemble', task: r.task, d: r.d, k: r.k };
  const method = r.meta.str('method', ['soft-vote', 'stack']);
  const memberKinds = modelKinds().filter((kind) => kind !== 'ensemble');
  const specs = r.meta.objects('members', { min: 2, max: MAX_MEMBERS }).map((m) => ({ kind: m.str('kind', memberKinds) as ModelKind, format: m.int('format'), meta: m.raw('meta') as ArtifactJson }));
  const perMember = metaWidth(r.task, r.k);
  const p = specs.length * perMember;
  let stacker: Stacker | null = null;
  if (method === 'stack') {
    const s = r.meta.obj('stacker');
    const outputs = r.task === 'regression' ? 1 : r.k;
    const type = s.str('type', [r.task === 'regression' ? 'linear' : 'softmax']);
    if (s.int('inputs') !== p) throw r.fail('meta.stacker.inputs', `${specs.length} members give ${p} features, not ${s.int('inputs')}`);
    if (s.int('outputs') !== outputs) throw r.fail('meta.stacker.outputs', `a ${r.task} model has ${outputs}, not ${s.int('outputs')}`);
    const W = r.f64(STACK_WEIGHTS, p * outputs);
    const b = r.f64(STACK_BIAS, outputs);
    stacker = type === 'softmax' ? { type, W, b } : { type, w: W, b: b[0]! };
  } else if (r.meta.has('stacker')) throw r.fail('meta.stacker', 'a soft-vote ensemble has no stacker');

  const memberBlobs = specs.map(() => ({}) as Record<string, Uint8Array>);
  for (const [name, bytes] of Object.entries(artifact.blobs)) {
    const m = /^m(\d)-(.+)$/.exec(name);
    const i = m ? Number(m[1]) : -1;
    if (!m || i >= specs.length) continue; // done() below names it
    memberBlobs[i]![m[2]!] = bytes;
    r.markUsed(name);
  }
  r.done();
  const members: TrainedModel[] = [];
  try {
    for (let i = 0; i < specs.length; i++) {
      const s = specs[i]!;
      members.push(await getModel(s.kind).load({ kind: s.kind, format: s.format, task: r.task, d: r.d, k: r.k, meta: s.meta, blobs: memberBlobs[i]! }, tf));
    }
  } catch (e) {
    for (const m of members) m.dispose();
    throw e;
  }
  return ensembleModel(members, stacker, header);
}
