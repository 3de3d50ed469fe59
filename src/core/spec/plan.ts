import type { Dataset } from '../data/types.ts';
import { benchtopError } from '../errors.ts';
import { autoPipeline } from '../features/auto-pipeline.ts';
import { stepWithDefaults } from '../features/run-pipeline.ts';
import { getModel } from '../models/registry.ts';
import { inferTask } from './infer-task.ts';
import { normalize, splitDefaults } from './normalize.ts';
import { normalizeSearch, planSearch } from './normalize-search.ts';
import type { ExperimentSpec, MemberModel, ModelKind, ModelSpec, NormalizedSpec, NormalizedSplit, SplitSpec, Task } from './types.ts';

/**
 * Resolve a spec against a dataset: check every name it uses exists, infer the task and the
 * feature list when not given, expand the 'auto' pipeline into explicit steps, and return the
 * fully explicit spec a run records. plan(plan(s, d), d) equals plan(s, d).
 */
export function plan(spec: ExperimentSpec, dataset: Dataset): NormalizedSpec {
  const s = normalize(spec);
  const names = dataset.columns.map((c) => c.name);
  if (!names.includes(s.target))
    throw benchtopError('target_missing', { column: s.target, available: names.join(', ') });
  const task = s.task ?? inferTask(dataset, s.target).task;
  const split = planSplit(s.split, task, dataset);
  let features = s.features;
  if (features) {
    for (const f of features) {
      if (!names.includes(f)) throw benchtopError('feature_missing', { column: f });
    }
    features = features.filter((f) => f !== s.target);
  } else {
    // Free text is often an identifier (names, ids) and needs a deliberate choice; datetimes get calendar parts.
    // A group or split column describes how rows were collected, not the rows: it is never a default feature.
    features = dataset.columns
      .filter((c) => c.name !== s.target && c.kind !== 'text' && c.name !== split.column)
      .map((c) => c.name);
  }
  if (features.length === 0) throw benchtopError('no_features');
  const model = withTaskDefaults(s.model!, task);
  getModel(model.kind, task);
  if (model.kind === 'ensemble') for (const m of model.members) getModel(m.kind, task);
  const pipeline =
    s.pipeline === undefined || s.pipeline === 'auto'
      ? autoPipeline(dataset.columns, features, model.kind as ModelKind, dataset.rows)
      : s.pipeline;
  pipeline.forEach((step, i) => {
    // An unqualified drop would remove every column: make the user say what goes.
    if (step.kind === 'drop' && !step.columns && !step.select)
      throw benchtopError('spec_invalid', { field: `pipeline.${i}`, reason: 'a drop step must list its columns (or a select type)' });
  });
  return {
    version: 1,
    data: { fingerprint: s.data?.fingerprint ?? dataset.fingerprint, name: s.data?.name ?? dataset.name },
    target: s.target,
    task,
    features,
    split,
    model,
    pipeline: pipeline.map(stepWithDefaults),
    training: s.training as NormalizedSpec['training'],
    seed: s.seed!,
    backend: s.backend!,
    ...(s.search ? { search: planSearch(normalizeSearch(s.search), task, model) } : {}),
  };
}

/** Defaults that depend on the task: the baseline's strategy. */
function withTaskDefaults(model: ModelSpec, task: Task): ModelSpec {
  const fill = (m: MemberModel): MemberModel =>
    m.kind === 'baseline' && !m.strategy ? { kind: 'baseline', strategy: task === 'regression' ? 'mean' : 'prior' } : m;
  if (model.kind === 'ensemble') return { ...model, members: model.members.map(fill) };
  return fill(model);
}

const NEEDS_COLUMN = new Set(['group', 'time', 'column', 'stratified-group', 'time-series']);

function planSplit(raw: SplitSpec | undefined, task: Task, dataset: Dataset): NormalizedSplit {
  const split = splitDefaults(raw, task !== 'regression') as NormalizedSplit;
  const field = 'split.column';
  if (NEEDS_COLUMN.has(split.strategy)) {
    if (!split.column) throw benchtopError('spec_invalid', { field, reason: `strategy "${split.strategy}" needs a column` });
    const info = dataset.columns.find((c) => c.name === split.column);
    if (!info) throw benchtopError('spec_invalid', { field, reason: `column "${split.column}" is not in the data` });
    if ((split.strategy === 'time' || split.strategy === 'time-series') && info.kind !== 'datetime' && info.kind !== 'numeric')
      throw benchtopError('spec_invalid', { field, reason: `time split needs a datetime or numeric column; "${split.column}" is ${info.kind}` });
  } else if (split.column !== undefined) {
    throw benchtopError('spec_invalid', { field, reason: `strategy "${split.strategy}" takes no column` });
  }
  if ((split.strategy === 'stratified' || split.strategy === 'stratified-group') && task === 'regression')
    throw benchtopError('spec_invalid', { field: 'split.strategy', reason: 'stratification needs classes; use random/kfold for regression' });
  if (split.kind === 'kfold' && split.repeats > 1 && (split.strategy === 'group' || split.strategy === 'time-series'))
    throw benchtopError('spec_invalid', { field: 'split.repeats', reason: `${split.strategy} folds are deterministic; repeating them repeats the same folds` });
  return split;
}
