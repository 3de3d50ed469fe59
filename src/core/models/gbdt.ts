import type { GradientBoostedTreesModel } from '../spec/types.ts';
import type { ModelArtifact } from './artifact.ts';
import { ArtifactReader, type ArtifactHeader } from './artifact-codec.ts';
import { checkpointBytes, fitGbdt, type GbdtCheckpoint } from './gbdt/fit-gbdt.ts';
import { resolveGbdtParams } from './gbdt/params.ts';
import { TREE_FORMAT, treeArtifact, treeModelFromArtifact } from './gbdt/tree-artifact.ts';
import type { GbdtModel } from './gbdt/tree-model.ts';
import type { FitContext, ModelDef, TrainedModel } from './types.ts';

/** A fitted tree model as a TrainedModel: predictions on this thread, trees for TreeSHAP; saves as gbdt/tree-artifact.ts lays out. */
export function trainedTrees(model: GbdtModel, header: ArtifactHeader): TrainedModel {
  return {
    predict: async (X, n) => model.predict(X, n),
    history: model.history,
    ...(model.history.length > 0 ? { bestEpoch: model.bestIteration } : {}),
    trees: model.ensemble,
    dispose() {},
    save: async () => treeArtifact(model, header),
  };
}

/** A saved tree model back as a TrainedModel (gbdt and random-forest share the layout). */
export function loadTrees(artifact: ModelArtifact, kind: 'gbdt' | 'random-forest'): TrainedModel {
  const r = new ArtifactReader(artifact, kind, TREE_FORMAT, ['binary', 'multiclass', 'regression']);
  return trainedTrees(treeModelFromArtifact(r, kind), { kind, task: r.task, d: r.d, k: r.k });
}

/**
 * Gradient-boosted trees. Early stopping follows training.earlyStopping (enabled, patience in
 * rounds, minDelta) on the validation loss; a monitor other than 'loss' is not supported for
 * trees and falls back to the loss. With ctx.warm (ASHA), a fit continues the boosting of a
 * shorter fit of the same configuration, exactly as if it had trained from scratch.
 */
export const gbdt: ModelDef<GradientBoostedTreesModel> = {
  name: 'gbdt',
  tasks: ['binary', 'multiclass', 'regression'],
  describe: 'Histogram gradient-boosted trees (leaf-wise, native missing values, early stopping), as LightGBM / HistGradientBoosting.',
  async fit(spec, data, ctx: FitContext) {
    const { kind: _kind, ...p } = spec;
    const es = ctx.training.earlyStopping;
    const t0 = performance.now();
    const resume = ctx.warm?.take() as GbdtCheckpoint | undefined;
    const model = await fitGbdt(
      data,
      resolveGbdtParams({ ...p, earlyStoppingRounds: es.enabled ? es.patience : 0, minDelta: es.minDelta }),
      {
        task: ctx.task,
        rng: ctx.rng,
        ...(resume ? { resume } : {}),
        cancel: ctx.cancel,
        ...(ctx.histograms ? { histograms: ctx.histograms } : {}),
        onRound: (round, trainLoss, valLoss) =>
          ctx.onEvent?.({
            type: 'epoch',
            fold: ctx.fold,
            record: { epoch: round, trainLoss, ...(valLoss !== undefined ? { valLoss } : {}), elapsedMs: Math.round(performance.now() - t0), learningRate: spec.learningRate },
            totalEpochs: spec.rounds,
          }),
      },
    );
    ctx.warm?.put(model.checkpoint, checkpointBytes(model.checkpoint));
    if (model.rounds > model.bestIteration) ctx.onEvent?.({ type: 'early-stop', fold: ctx.fold, bestEpoch: model.bestIteration });
    return trainedTrees(model, { kind: 'gbdt', task: ctx.task, d: data.d, k: ctx.task === 'regression' ? 1 : data.k });
  },

  load: async (artifact) => loadTrees(artifact, 'gbdt'),
};
