import type { Dataset } from '../data/types.ts';
import { benchtopError } from '../errors.ts';
import { getModel } from '../models/registry.ts';
import { inferTask } from './infer-task.ts';
import { normalize, splitDefaults } from './normalize.ts';
import type { ExperimentSpec, NormalizedSpec } from './types.ts';

/**
 * Resolve a spec against a dataset: check every name it uses exists, infer the task and
 * the feature list when not given, and return the fully explicit spec a run records.
 * plan(plan(s, d), d) equals plan(s, d).
 */
export function plan(spec: ExperimentSpec, dataset: Dataset): NormalizedSpec {
  const s = normalize(spec);
  const names = dataset.columns.map((c) => c.name);
  if (!names.includes(s.target))
    throw benchtopError('target_missing', { column: s.target, available: names.join(', ') });
  const task = s.task ?? inferTask(dataset, s.target).task;
  let features = s.features;
  if (features) {
    for (const f of features) {
      if (!names.includes(f)) throw benchtopError('feature_missing', { column: f });
    }
    features = features.filter((f) => f !== s.target);
  } else {
    // Free text and raw timestamps need feature engineering (a later pipeline step) before a model can use them.
    features = dataset.columns
      .filter((c) => c.name !== s.target && c.kind !== 'text' && c.kind !== 'datetime')
      .map((c) => c.name);
  }
  if (features.length === 0) throw benchtopError('no_features');
  const model = s.model!;
  getModel(model.kind, task);
  const split = splitDefaults(s.split, task !== 'regression');
  return {
    version: 1,
    data: { fingerprint: s.data?.fingerprint ?? dataset.fingerprint, name: s.data?.name ?? dataset.name },
    target: s.target,
    task,
    features,
    split: split as NormalizedSpec['split'],
    model: model as NormalizedSpec['model'],
    preprocess: s.preprocess as NormalizedSpec['preprocess'],
    training: s.training as NormalizedSpec['training'],
    seed: s.seed!,
    backend: s.backend!,
  };
}
