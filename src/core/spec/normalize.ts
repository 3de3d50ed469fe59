import type {
  CosineSchedule,
  ExperimentSpec,
  GradientBoostedTreesModel,
  MemberModel,
  ModelSpec,
  NetOptions,
  PlateauSchedule,
  RandomForestModel,
  Schedule,
  SplitSpec,
  StepSchedule,
  TrainingSpec,
} from './types.ts';
import { normalizeSearch } from './normalize-search.ts';

const DEFAULT_SEED = 42;

/** The tree models' own fields (no `kind`), every default filled: shared with the model files. */
export function resolveGbdtSpec(m: Omit<GradientBoostedTreesModel, 'kind'>): Required<Omit<GradientBoostedTreesModel, 'kind'>> {
  return {
    rounds: m.rounds ?? 100,
    learningRate: m.learningRate ?? 0.1,
    maxLeaves: m.maxLeaves ?? 31,
    maxDepth: m.maxDepth ?? 0,
    minSamplesLeaf: m.minSamplesLeaf ?? 20,
    minChildWeight: m.minChildWeight ?? 1e-3,
    l2: m.l2 ?? 0,
    minGainToSplit: m.minGainToSplit ?? 0,
    maxBins: m.maxBins ?? 255,
    loss: m.loss ?? 'auto',
    huberAlpha: m.huberAlpha ?? 0.9,
    subsample: m.subsample ?? 1,
    colsample: m.colsample ?? 1,
    classWeight: m.classWeight ?? 'none',
  };
}

export function resolveForestSpec(m: Omit<RandomForestModel, 'kind'>): Required<Omit<RandomForestModel, 'kind'>> {
  const splitter = m.splitter ?? 'best';
  return {
    trees: m.trees ?? 100,
    splitter,
    maxFeatures: m.maxFeatures ?? 0,
    maxDepth: m.maxDepth ?? 0,
    maxLeaves: m.maxLeaves ?? 0,
    minSamplesLeaf: m.minSamplesLeaf ?? 1,
    bootstrap: m.bootstrap ?? splitter === 'best',
    maxBins: m.maxBins ?? 255,
    classWeight: m.classWeight ?? 'none',
  };
}

function scheduleDefaults(s: Schedule | undefined): Schedule {
  switch (s?.kind ?? 'constant') {
    case 'step': {
      const x = s as StepSchedule;
      return { kind: 'step', every: x.every ?? 10, factor: x.factor ?? 0.5 };
    }
    case 'cosine': {
      const x = s as CosineSchedule;
      return { kind: 'cosine', warmupEpochs: x.warmupEpochs ?? 0, minFactor: x.minFactor ?? 0 };
    }
    case 'plateau': {
      const x = s as PlateauSchedule;
      return { kind: 'plateau', factor: x.factor ?? 0.5, patience: x.patience ?? 5, minFactor: x.minFactor ?? 0.001 };
    }
    default:
      return { kind: 'constant' };
  }
}

/** Defaults shared by logistic and mlp; `base` holds each model's own rate, epochs and batch size. */
function netDefaults(m: NetOptions, base: { learningRate: number; epochs: number; batchSize: number }): Required<NetOptions> {
  const optimizer = m.optimizer ?? 'adam';
  return {
    epochs: m.epochs ?? base.epochs,
    batchSize: m.batchSize ?? base.batchSize,
    learningRate: m.learningRate ?? base.learningRate,
    optimizer,
    momentum: m.momentum ?? 0.9,
    weightDecay: m.weightDecay ?? (optimizer === 'adamw' ? 0.01 : 0),
    schedule: scheduleDefaults(m.schedule),
    clipNorm: m.clipNorm ?? 0,
    classWeight: m.classWeight ?? 'none',
  };
}

function memberDefaults(m: MemberModel): MemberModel {
  switch (m.kind) {
    case 'baseline':
      // The strategy depends on the task; plan() fills it.
      return m.strategy ? { kind: 'baseline', strategy: m.strategy } : { kind: 'baseline' };
    case 'linear':
      return { kind: 'linear', l2: m.l2 ?? 0, l1: m.l1 ?? 0, loss: m.loss ?? 'squared', huberEpsilon: m.huberEpsilon ?? 1.35 };
    case 'logistic':
      return { kind: 'logistic', ...netDefaults(m, { learningRate: 0.05, epochs: 200, batchSize: 256 }), l2: m.l2 ?? 1e-4, l1: m.l1 ?? 0 };
    case 'mlp':
      return {
        kind: 'mlp',
        ...netDefaults(m, { learningRate: 0.001, epochs: 100, batchSize: 32 }),
        hiddenLayers: m.hiddenLayers ? [...m.hiddenLayers] : [64, 32],
        activation: m.activation ?? 'relu',
        l2: m.l2 ?? 0,
        dropout: m.dropout ?? 0,
        batchNorm: m.batchNorm ?? false,
        loss: m.loss ?? 'auto',
        focalGamma: m.focalGamma ?? 2,
        huberDelta: m.huberDelta ?? 1,
      };
    case 'knn':
      return { kind: 'knn', k: m.k ?? 5, weights: m.weights ?? 'uniform' };
    case 'naive-bayes':
      return { kind: 'naive-bayes', varSmoothing: m.varSmoothing ?? 1e-9 };
    case 'gbdt':
      return { kind: 'gbdt', ...resolveGbdtSpec(m) };
    case 'random-forest':
      return { kind: 'random-forest', ...resolveForestSpec(m) };
  }
}

/** Every model's defaults, documented on the types in types.ts. */
export function modelDefaults(model: ModelSpec | undefined): ModelSpec {
  const m = model ?? { kind: 'mlp' };
  if (m.kind === 'ensemble')
    return { kind: 'ensemble', method: m.method ?? 'soft-vote', members: m.members.map(memberDefaults), folds: m.folds ?? 5 };
  return memberDefaults(m);
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

export function trainingDefaults(t: TrainingSpec | undefined): {
  validationFraction: number;
  earlyStopping: { enabled: boolean; monitor: string; patience: number; minDelta: number };
  sanityChecks: 'auto' | 'always' | 'off';
} {
  return {
    sanityChecks: t?.sanityChecks ?? 'auto',
    validationFraction: t?.validationFraction ?? 0.1,
    earlyStopping: {
      enabled: t?.earlyStopping?.enabled ?? true,
      monitor: t?.earlyStopping?.monitor ?? 'loss',
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
  if (spec.search !== undefined) out.search = normalizeSearch(spec.search);
  return out;
}
