import type { ExperimentSpec, ModelSpec, SplitSpec, TrainingSpec } from './types.ts';

export const DEFAULT_SEED = 42;

/** Every model's defaults, documented on the types in types.ts. */
export function modelDefaults(model: ModelSpec | undefined): Required<ModelSpec> {
  const m = model ?? { kind: 'mlp' };
  switch (m.kind) {
    case 'baseline':
      return { kind: 'baseline' };
    case 'linear':
      return { kind: 'linear', l2: m.l2 ?? 0 };
    case 'logistic':
      return {
        kind: 'logistic',
        l2: m.l2 ?? 1e-4,
        learningRate: m.learningRate ?? 0.05,
        epochs: m.epochs ?? 200,
        batchSize: m.batchSize ?? 256,
      };
    case 'mlp':
      return {
        kind: 'mlp',
        hiddenLayers: m.hiddenLayers ? [...m.hiddenLayers] : [64, 32],
        activation: m.activation ?? 'relu',
        learningRate: m.learningRate ?? 0.001,
        epochs: m.epochs ?? 100,
        batchSize: m.batchSize ?? 32,
        l2: m.l2 ?? 0,
        dropout: m.dropout ?? 0,
      };
  }
}

/**
 * Split defaults. `classification` is undefined while the task is unknown (normalize before
 * plan): the strategy is then left for plan to choose.
 */
export function splitDefaults(split: SplitSpec | undefined, classification: boolean | undefined): SplitSpec {
  const s = split ?? { kind: 'holdout' };
  const column = s.column === undefined ? {} : { column: s.column };
  if (s.kind === 'kfold') {
    const strategy = s.strategy ?? (classification === undefined ? undefined : classification ? 'stratified' : 'kfold');
    return {
      kind: 'kfold',
      k: s.k ?? 5,
      ...(strategy ? { strategy } : {}),
      repeats: s.repeats ?? 1,
      gap: s.gap ?? 0,
      maxTrainSize: s.maxTrainSize ?? 0,
      finalTest: s.finalTest ?? 0,
      ...column,
    };
  }
  const strategy = s.strategy ?? (classification === undefined ? undefined : classification ? 'stratified' : 'random');
  return { kind: 'holdout', testSize: s.testSize ?? 0.2, ...(strategy ? { strategy } : {}), gap: s.gap ?? 0, ...column };
}

export function trainingDefaults(t: TrainingSpec | undefined): { validationFraction: number; earlyStopping: { enabled: boolean; patience: number; minDelta: number } } {
  return {
    validationFraction: t?.validationFraction ?? 0.1,
    earlyStopping: {
      enabled: t?.earlyStopping?.enabled ?? true,
      patience: t?.earlyStopping?.patience ?? 10,
      minDelta: t?.earlyStopping?.minDelta ?? 1e-4,
    },
  };
}

/**
 * Fill every default that does not depend on the data. Idempotent, never mutates its input.
 * Data-dependent choices (task, features, stratification) are made by `plan`.
 */
export function normalize(spec: ExperimentSpec): ExperimentSpec {
  const classification = spec.task === undefined ? undefined : spec.task !== 'regression';
  const out: ExperimentSpec = {
    version: 1,
    data: { ...spec.data },
    target: spec.target,
    split: splitDefaults(spec.split, classification),
    model: modelDefaults(spec.model),
    pipeline: spec.pipeline === undefined || spec.pipeline === 'auto' ? 'auto' : spec.pipeline.map((step) => ({ ...step })),
    training: trainingDefaults(spec.training),
    seed: spec.seed ?? DEFAULT_SEED,
    backend: spec.backend ?? 'auto',
  };
  if (spec.task !== undefined) out.task = spec.task;
  if (spec.features !== undefined) out.features = [...spec.features];
  return out;
}
