import { throwIfCancelled } from '../jobs.ts';
import { benchtopError } from '../errors.ts';
import { modelDefaults } from '../spec/normalize.ts';
import type { EnsembleModel, MemberModel, ModelSpec } from '../spec/types.ts';
import { kFold } from '../split/k-fold.ts';
import type { Fold } from '../split/fold.ts';
import { stratifiedKFold } from '../split/stratified-k-fold.ts';
import { ensembleModel, loadEnsemble, metaWidth, writeFeatures, type Stacker } from './ensemble-model.ts';
import { leastSquares } from './linear.ts';
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
    const header = { kind: 'ensemble', task: ctx.task, d: data.d, k: width } as const;

    if (method === 'soft-vote') return ensembleModel(await fitAll(data, (i) => `member${i}`), null, header);
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
    let stacker: Stacker;
    if (classification) {
      const sm = softmaxRegression(oof, data.y as Int32Array, data.n, p, data.k);
      stacker = { type: 'softmax', W: sm.W, b: sm.b };
    } else {
      // linear regression's exact ridge fit (l2 = STACK_RIDGE) on the out-of-fold predictions
      const { w, b } = leastSquares({ X: Float32Array.from(oof), n: data.n, d: p, y: data.y, k: 1 }, STACK_RIDGE);
      if (!w.every(Number.isFinite) || !Number.isFinite(b)) throw benchtopError('training_diverged', { epoch: 0, loss: 'NaN' });
      stacker = { type: 'linear', w, b };
    }
    return ensembleModel(await fitAll(data, (i) => `member${i}`), stacker, header);
  },

  load: loadEnsemble,
};

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
