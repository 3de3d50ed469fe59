import type { RandomForestModel } from '../spec/types.ts';
import { loadTrees, trainedTrees } from './gbdt.ts';
import { fitForest } from './gbdt/fit-forest.ts';
import { resolveForestParams } from './gbdt/params.ts';
import type { ModelDef } from './types.ts';

/** Random forest / extremely randomised trees (splitter 'random'); see gbdt/fit-forest.ts for the differences from scikit-learn. */
export const randomForest: ModelDef<RandomForestModel> = {
  name: 'random-forest',
  tasks: ['binary', 'multiclass', 'regression'],
  describe: 'Random forest (bootstrap + per-split feature sampling) or extremely randomised trees; class proportions / mean leaves.',
  async fit(spec, data, ctx) {
    const { kind: _kind, ...p } = spec;
    const model = await fitForest(data, resolveForestParams(p), {
      task: ctx.task,
      rng: ctx.rng,
      cancel: ctx.cancel,
      ...(ctx.histograms ? { histograms: ctx.histograms } : {}),
      onRound: (t) => {
        if (t % 10 === 0 || t === spec.trees) ctx.onEvent?.({ type: 'phase', phase: 'train', ...(ctx.fold !== undefined ? { fold: ctx.fold } : {}), message: `tree ${t} of ${spec.trees}` });
      },
    });
    return trainedTrees(model, { kind: 'random-forest', task: ctx.task, d: data.d, k: ctx.task === 'regression' ? 1 : data.k });
  },

  load: async (artifact) => loadTrees(artifact, 'random-forest'),
};
