import { throwIfCancelled } from '../jobs.ts';
import { benchtopError } from '../errors.ts';
import { modelDefaults } from '../spec/normalize.ts';
import type { EnsembleModel, MemberModel, ModelSpec, Task } from '../spec/types.ts';
import { kFold } from '../split/k-fold.ts';
import type { Fold } from '../split/fold.ts';
import { stratifiedKFold } from '../split/stratified-k-fold.ts';
import { linear } from './linear.ts';
import { softmaxRegression } from './softmax-regression.ts';
import type { FitContext, FitData, ModelDef, TrainedModel } from './types.ts';

/** Ridge penalty of the regression stacking meta-model. */
export const STACK_RIDGE = 1e-3;

/**
 * Two to eight models combined:
 * - soft-vote: the average of member probabilities (classification) or predictions (regression);
 * - stack: out-of-fold member predictions (seeded k-fold with `folds`, stratified for
 *   classification) train a meta-model, then every member is refitted on all rows. The meta-model
 *   is multinomial logistic regression (float64, L-BFGS, scikit-learn's default C = 1) on the
 *   members' class probabilities (binary: the positive-class probability only, as sklearn's
 *   StackingClassifier) or ridge regression (l2 = STACK_RIDGE) on their predictions.
 * Members are fitted through the registry with ctx.rng.fork(`member${i}`) (fold fits:
 * `member${i}/fold${f}`); their training histories and events are not kept.
 */
export const ensemble: ModelDef<EnsembleModel> = {
  name: 'ensemble',
  tasks: ['binary', 'multiclass', 'regression'],
  describe: 'Soft-voting or stacking ensemble of two to eight models.',
  async fit(spec, data, ctx) {
    // Looked up lazily: the registry imports this module.
    const { getModel } = await import('./registry.ts');
    const members = spec.members.map((m) => modelDefaults(m) as MemberModel);
    if (members.length < 2 || members.length > 8)
      throw benchtopError('spec_invalid', { field: 'model.members', reason: `an ensemble needs 2 to 8 members, got ${members.length}` });
    const defs = members.map((m) => {
      if ((m as ModelSpec).kind === 'ensemble') throw benchtopError('spec_invalid', { field: 'model.members', reason: 'ensembles cannot be nested' });
      return getModel(m.kind, ctx.task);
    });
    const memberCtx = (label: string): FitContext => ({ ...ctx, rng: ctx.rng.fork(label), onEvent: undefined });
    const fitAll = async (d: FitData, label: (i: number) => string): Promise<TrainedModel[]> => {
      const fitted: TrainedModel[] = [];
      try {
        for (let i = 0; i < defs.length; i++) {
          throwIfCancelled(ctx.cancel);
          fitted.push(await defs[i]!.fit(members[i] as never, d, memberCtx(label(i))));
        }
      } catch (e) {
        for (const m of fitted) m.dispose();
        throw e;
      }
      return fitted;
    };
    const classification = ctx.task !== 'regression';
    const width = classification ? data.k : 1;
    const method = spec.method ?? 'soft-vote';

    if (method === 'soft-vote') {
      const fitted = await fitAll(data, (i) => `member${i}`);
      return combined(fitted, async (preds, n) => {
        const out = new Float64Array(n * width);
        for (const p of preds) for (let j = 0; j < out.length; j++) out[j]! += p[j]! / preds.length;
        return out;
      });
    }
    if (method !== 'stack') throw benchtopError('spec_invalid', { field: 'model.method', reason: `unknown ensemble method "${String(method)}"` });

    // --- stacking: out-of-fold member predictions -> meta-model ---
    const folds = stackFolds(data, spec.folds ?? 5, ctx);
    const perMember = metaWidth(ctx.task, data.k);
    const p = defs.length * perMember;
    const oof = new Float64Array(data.n * p);
    for (let f = 0; f < folds.length; f++) {
      const { train, test } = folds[f]!;
      const fitted = await fitAll(subset(data, train), (i) => `member${i}/fold${f}`);
      try {
        const Xtest = pickRows(data.X, data.d, test);
        for (let i = 0; i < fitted.length; i++) {
          const pred = await fitted[i]!.predict(Xtest, test.length);
          writeFeatures(pred, test.length, i, perMember, width, p, oof, test);
        }
      } finally {
        for (const m of fitted) m.dispose();
      }
    }
    throwIfCancelled(ctx.cancel);
    let meta: (features: Float64Array, n: number) => Promise<Float64Array>;
    if (classification) {
      const sm = softmaxRegression(oof, data.y as Int32Array, data.n, p, data.k);
      meta = async (feat, n) => sm.predictProba(feat, n);
    } else {
      const lin = await linear.fit({ kind: 'linear', l2: STACK_RIDGE, l1: 0, loss: 'squared', huberEpsilon: 1.35 }, { X: Float32Array.from(oof), n: data.n, d: p, y: data.y, k: 1 }, ctx);
      meta = async (feat, n) => lin.predict(Float32Array.from(feat), n);
    }
    const fitted = await fitAll(data, (i) => `member${i}`);
    return combined(fitted, async (preds, n) => {
      const feat = new Float64Array(n * p);
      const all = Int32Array.from({ length: n }, (_, i) => i);
      preds.forEach((pred, i) => writeFeatures(pred, n, i, perMember, width, p, feat, all));
      return meta(feat, n);
    });
  },
};

/** Columns each member contributes to the meta-model. */
function metaWidth(task: Task, k: number): number {
  return task === 'regression' ? 1 : task === 'binary' && k === 2 ? 1 : k;
}

/** Member i's predictions for `rows.length` rows -> its columns of the meta features at `rows`. */
function writeFeatures(pred: Float64Array, n: number, i: number, perMember: number, width: number, p: number, out: Float64Array, rows: Int32Array): void {
  for (let r = 0; r < n; r++) {
    const row = rows[r]!;
    if (perMember === 1) out[row * p + i] = width === 1 ? pred[r]! : pred[r * width + width - 1]!;
    else for (let c = 0; c < perMember; c++) out[row * p + i * perMember + c] = pred[r * width + c]!;
  }
}

/** Seeded folds for the out-of-fold predictions: stratified for classification when the classes allow it. */
function stackFolds(data: FitData, folds: number, ctx: FitContext): Fold[] {
  if (!(Number.isInteger(folds) && folds >= 2)) throw benchtopError('spec_invalid', { field: 'model.folds', reason: `stacking needs a whole number of folds >= 2, got ${folds}` });
  if (data.n < 2) throw benchtopError('spec_invalid', { field: 'model.folds', reason: `stacking needs at least 2 training rows, got ${data.n}` });
  const k = Math.min(folds, data.n);
  const seed = ctx.rng.fork('stack-folds').int(2 ** 32);
  if (ctx.task !== 'regression') {
    try {
      return stratifiedKFold(data.y as Int32Array, k, { shuffle: true, seed });
    } catch {
      // every class smaller than the fold count: fall back to plain shuffled folds
    }
  }
  return kFold(data.n, k, { shuffle: true, seed });
}

function pickRows(X: Float32Array, d: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * d);
  rows.forEach((r, i) => out.set(X.subarray(r * d, (r + 1) * d), i * d));
  return out;
}

function subset(data: FitData, rows: Int32Array): FitData {
  const y = data.y instanceof Int32Array ? Int32Array.from(rows, (r) => data.y[r]!) : Float64Array.from(rows, (r) => data.y[r]!);
  return { X: pickRows(data.X, data.d, rows), n: rows.length, d: data.d, y, k: data.k };
}

function combined(fitted: TrainedModel[], combine: (preds: Float64Array[], n: number) => Promise<Float64Array>): TrainedModel {
  let disposed = false;
  return {
    history: [],
    async predict(X, n) {
      const preds: Float64Array[] = [];
      for (const m of fitted) preds.push(await m.predict(X, n));
      return combine(preds, n);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const m of fitted) m.dispose();
    },
  };
}
