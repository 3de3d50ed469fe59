import type { ExperimentSpec, ModelSpec, PreprocessSpec, SplitSpec, TrainingSpec } from './types.ts';

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

export function splitDefaults(split: SplitSpec | undefined, classification: boolean | undefined): SplitSpec {
  const s = split ?? { kind: 'holdout' };
  const stratify = s.stratify ?? classification;
  if (s.kind === 'kfold') return { kind: 'kfold', k: s.k ?? 5, ...(stratify === undefined ? {} : { stratify }) };
  return { kind: 'holdout', testSize: s.testSize ?? 0.2, ...(stratify === undefined ? {} : { stratify }) };
}

export function preprocessDefaults(p: PreprocessSpec | undefined): Required<PreprocessSpec> {
  return {
    numeric: p?.numeric ?? 'standardize',
    impute: p?.impute ?? 'median',
    minFrequency: p?.minFrequency ?? 1,
    maxLevels: p?.maxLevels ?? 50,
  };
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
    preprocess: preprocessDefaults(spec.preprocess),
    training: trainingDefaults(spec.training),
    seed: spec.seed ?? DEFAULT_SEED,
    backend: spec.backend ?? 'auto',
  };
  if (spec.task !== undefined) out.task = spec.task;
  if (spec.features !== undefined) out.features = [...spec.features];
  return out;
}
