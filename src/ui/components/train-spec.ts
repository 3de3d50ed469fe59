import type { ColumnInfo } from '../../core/data/types.ts';
import type {
  Activation,
  BackendName,
  BaselineModel,
  EarlyStopping,
  ExperimentSpec,
  HoldoutStrategy,
  KFoldStrategy,
  MemberModel,
  MlpModel,
  ModelKind,
  ModelSpec,
  NetOptions,
  OptimizerName,
  Schedule,
  SplitSpec,
  Task,
  TrainingSpec,
} from '../../core/spec/types.ts';

export const TASKS: Task[] = ['binary', 'multiclass', 'regression'];
export const ACTIVATIONS: Activation[] = ['relu', 'tanh', 'sigmoid', 'elu', 'gelu'];
export const BACKENDS: (BackendName | 'auto')[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

export const MODEL_LABELS: Record<ModelKind, string> = {
  baseline: 'Baseline (majority class / mean)',
  logistic: 'Logistic regression',
  linear: 'Linear regression',
  mlp: 'Neural network (MLP)',
  knn: 'k-nearest neighbours',
  'naive-bayes': 'Gaussian naive Bayes',
  gbdt: 'Gradient-boosted trees',
  'random-forest': 'Random forest / extra-trees',
  ensemble: 'Ensemble (soft vote / stacking)',
};

/** Models that fit a task: logistic and naive Bayes for classification, linear for regression. */
export function modelsFor(task: Task | ''): ModelKind[] {
  if (task === 'regression') return ['mlp', 'gbdt', 'random-forest', 'linear', 'knn', 'ensemble', 'baseline'];
  return ['mlp', 'gbdt', 'random-forest', 'logistic', 'knn', 'naive-bayes', 'ensemble', 'baseline'];
}

export type MemberKind = Exclude<ModelKind, 'ensemble' | 'baseline'>;

/** Single models an ensemble can combine for a task (each with its default parameters). */
export function memberModelsFor(task: Task | ''): MemberKind[] {
  return modelsFor(task).filter((m): m is MemberKind => m !== 'ensemble' && m !== 'baseline');
}

export const MEMBER_LABELS: Record<MemberKind, string> = {
  logistic: 'Logistic regression',
  linear: 'Linear regression',
  mlp: 'Neural network (MLP)',
  knn: 'k-nearest neighbours',
  'naive-bayes': 'Gaussian naive Bayes',
  gbdt: 'Gradient-boosted trees',
  'random-forest': 'Random forest',
};

/** The tree models' main parameters in the form; defaults as src/core/spec/normalize.ts. */
export const TREE_DEFAULTS = {
  rounds: 100,
  treeLearningRate: 0.1,
  maxLeaves: 31,
  minSamplesLeafGbdt: 20,
  treeL2: 0,
  forestTrees: 100,
  splitter: 'best' as 'best' | 'random',
  maxFeatures: 0,
  minSamplesLeafForest: 1,
};

export const SPLITTER_LABELS: Record<'best' | 'random', string> = {
  best: 'Best split (random forest)',
  random: 'Random threshold (extra-trees)',
};

export type BaselineStrategy = NonNullable<BaselineModel['strategy']>;

export const BASELINE_LABELS: Record<BaselineStrategy, string> = {
  prior: 'Prior (class frequencies)',
  'most-frequent': 'Most frequent class',
  stratified: 'Stratified (random, seeded)',
  mean: 'Mean',
  median: 'Median',
};

/** Baseline strategies for a task; the first is the default. */
export function baselineStrategiesFor(task: Task | ''): BaselineStrategy[] {
  return task === 'regression' ? ['mean', 'median'] : ['prior', 'most-frequent', 'stratified'];
}

export type EnsembleMethod = 'soft-vote' | 'stack';
export const ENSEMBLE_LABELS: Record<EnsembleMethod, string> = {
  'soft-vote': 'Soft vote (average predictions)',
  stack: 'Stacking (meta-model on out-of-fold predictions)',
};

export const OPTIMIZERS: OptimizerName[] = ['adam', 'adamw', 'sgd'];
export type ScheduleKind = Schedule['kind'];
export const SCHEDULE_LABELS: Record<ScheduleKind, string> = {
  constant: 'Constant',
  step: 'Step decay',
  cosine: 'Cosine (with warm-up)',
  plateau: 'Reduce on plateau',
};

export type MlpLoss = NonNullable<MlpModel['loss']>;
export const LOSS_LABELS: Record<MlpLoss, string> = {
  auto: 'Auto',
  'cross-entropy': 'Cross-entropy',
  focal: 'Focal',
  mse: 'Mean squared error',
  mae: 'Mean absolute error',
  huber: 'Huber',
};

/** MLP losses that fit a task ('auto' first). */
export function lossesFor(task: Task | ''): MlpLoss[] {
  return task === 'regression' ? ['auto', 'mse', 'mae', 'huber'] : ['auto', 'cross-entropy', 'focal'];
}

/** What early stopping can watch on the validation rows: the loss or a metric of the task. */
export function monitorsFor(task: Task | ''): string[] {
  return task === 'regression'
    ? ['loss', 'rmse', 'mae', 'r2']
    : ['loss', 'accuracy', 'balanced_accuracy', 'roc_auc', 'log_loss', 'f1_macro'];
}

/** Defaults the worker fills (see src/core/spec/normalize.ts); the form emits a field only when it differs. */
export const ADVANCED_DEFAULTS = {
  optimizer: 'adam' as OptimizerName,
  momentum: 0.9,
  scheduleKind: 'constant' as ScheduleKind,
  stepEvery: 10,
  stepFactor: 0.5,
  cosineWarmup: 0,
  cosineMinFactor: 0,
  plateauFactor: 0.5,
  plateauPatience: 5,
  plateauMinFactor: 0.001,
  clipNorm: 0,
  classWeight: 'none' as 'none' | 'balanced',
  loss: 'auto' as MlpLoss,
  focalGamma: 2,
  huberDelta: 1,
  batchNorm: false,
  l1: 0,
  earlyStopping: true,
  monitor: 'loss',
  patience: 10,
  sanityChecks: true,
  knnK: 5,
  knnWeights: 'uniform' as 'uniform' | 'distance',
  varSmoothing: 1e-9,
  ensembleMethod: 'soft-vote' as EnsembleMethod,
  ensembleFolds: 5,
};

/** Weight decay's default depends on the optimizer (0.01 for adamw, else 0). */
export function defaultWeightDecay(optimizer: OptimizerName): number {
  return optimizer === 'adamw' ? 0.01 : 0;
}

/** The "Advanced training" values (logistic and mlp). */
export interface AdvancedValues {
  optimizer: OptimizerName;
  momentum: number | null;
  weightDecay: number | null;
  scheduleKind: ScheduleKind;
  stepEvery: number | null;
  stepFactor: number | null;
  cosineWarmup: number | null;
  cosineMinFactor: number | null;
  plateauFactor: number | null;
  plateauPatience: number | null;
  plateauMinFactor: number | null;
  clipNorm: number | null;
  classWeight: 'none' | 'balanced';
  loss: MlpLoss;
  focalGamma: number | null;
  huberDelta: number | null;
  batchNorm: boolean;
  l1: number | null;
  earlyStopping: boolean;
  monitor: string;
  patience: number | null;
  sanityChecks: boolean;
}

/** The advanced values as the worker would fill them: the form's starting point. */
export function defaultAdvanced(): AdvancedValues {
  const d = ADVANCED_DEFAULTS;
  return {
    optimizer: d.optimizer,
    momentum: d.momentum,
    weightDecay: defaultWeightDecay(d.optimizer),
    scheduleKind: d.scheduleKind,
    stepEvery: d.stepEvery,
    stepFactor: d.stepFactor,
    cosineWarmup: d.cosineWarmup,
    cosineMinFactor: d.cosineMinFactor,
    plateauFactor: d.plateauFactor,
    plateauPatience: d.plateauPatience,
    plateauMinFactor: d.plateauMinFactor,
    clipNorm: d.clipNorm,
    classWeight: d.classWeight,
    loss: d.loss,
    focalGamma: d.focalGamma,
    huberDelta: d.huberDelta,
    batchNorm: d.batchNorm,
    l1: d.l1,
    earlyStopping: d.earlyStopping,
    monitor: d.monitor,
    patience: d.patience,
    sanityChecks: d.sanityChecks,
  };
}

/** The form's plain values (numbers may be null while a field is empty). */
export interface TrainFormValues {
  target: string;
  task: Task | '';
  model: ModelKind;
  hiddenLayers: string;
  activation: Activation;
  learningRate: number | null;
  epochs: number | null;
  batchSize: number | null;
  l2: number | null;
  seed: number | null;
  testSize: number | null;
  evaluation: Evaluation;
  strategy: SplitStrategy;
  /** Group, time or split column; '' when the strategy needs none. */
  splitColumn: string;
  folds: number | null;
  finalTest: number | null;
  backend: BackendName | 'auto';
  baselineStrategy?: BaselineStrategy;
  knnK?: number | null;
  knnWeights?: 'uniform' | 'distance';
  varSmoothing?: number | null;
  /** Gradient-boosted trees. */
  rounds?: number | null;
  treeLearningRate?: number | null;
  maxLeaves?: number | null;
  /** Both tree models. */
  minSamplesLeaf?: number | null;
  treeL2?: number | null;
  /** Random forest. */
  forestTrees?: number | null;
  splitter?: 'best' | 'random';
  maxFeatures?: number | null;
  ensembleMethod?: EnsembleMethod;
  ensembleMembers?: MemberKind[];
  ensembleFolds?: number | null;
  /** Logistic / mlp only; absent = every default. */
  advanced?: AdvancedValues;
}

export type Evaluation = 'holdout' | 'kfold';
export type SplitStrategy = HoldoutStrategy | KFoldStrategy;

export const EVALUATION_LABELS: Record<Evaluation, string> = {
  holdout: 'Holdout',
  kfold: 'Cross-validation',
};

export const STRATEGY_LABELS: Record<Evaluation, Partial<Record<SplitStrategy, string>>> = {
  holdout: {
    random: 'Random',
    stratified: 'Stratified (keep class balance)',
    group: 'Group (keep groups together)',
    time: 'Time (latest rows are the test set)',
    column: 'Split column (your own train/test)',
  },
  kfold: {
    kfold: 'K-fold',
    stratified: 'Stratified k-fold',
    group: 'Group k-fold',
    'stratified-group': 'Stratified group k-fold',
    'time-series': 'Time series (expanding window)',
  },
};

const isClassification = (task: Task | ''): boolean => task === 'binary' || task === 'multiclass';

/** Split strategies that fit an evaluation and task: stratified variants only for classification. */
export function strategiesFor(evaluation: Evaluation, task: Task | ''): SplitStrategy[] {
  const all: SplitStrategy[] =
    evaluation === 'holdout'
      ? ['random', 'stratified', 'group', 'time', 'column']
      : ['kfold', 'stratified', 'group', 'stratified-group', 'time-series'];
  return isClassification(task) ? all : all.filter((s) => s !== 'stratified' && s !== 'stratified-group');
}

/** Stratified for classification, else random (holdout) or plain k-fold. */
export function defaultStrategy(evaluation: Evaluation, task: Task | ''): SplitStrategy {
  if (isClassification(task)) return 'stratified';
  return evaluation === 'holdout' ? 'random' : 'kfold';
}

/** The closest strategy of the other evaluation family (group stays group, time becomes time-series). */
export function carryStrategy(from: SplitStrategy, to: Evaluation, task: Task | ''): SplitStrategy {
  const map: Partial<Record<SplitStrategy, SplitStrategy>> =
    to === 'kfold'
      ? { random: 'kfold', stratified: 'stratified', group: 'group', time: 'time-series' }
      : { kfold: 'random', stratified: 'stratified', group: 'group', 'stratified-group': 'group', 'time-series': 'time' };
  const next = map[from];
  return next && strategiesFor(to, task).includes(next) ? next : defaultStrategy(to, task);
}

/** Strategies that order rows by time. */
export function isTimeStrategy(s: SplitStrategy): boolean {
  return s === 'time' || s === 'time-series';
}

/** Strategies that read a column: group, time, split column. */
export function needsColumn(s: SplitStrategy): boolean {
  return s === 'group' || s === 'stratified-group' || s === 'column' || isTimeStrategy(s);
}

/** Columns a strategy can use: never the target; time strategies take datetime or numeric columns only. */
export function splitColumnsFor(strategy: SplitStrategy, columns: readonly ColumnInfo[], target: string): string[] {
  return columns
    .filter((c) => c.name !== target)
    .filter((c) => !isTimeStrategy(strategy) || c.kind === 'datetime' || c.kind === 'numeric')
    .map((c) => c.name);
}

export const MODEL_DEFAULTS = {
  mlp: { learningRate: 0.001, epochs: 100, batchSize: 32 },
  logistic: { learningRate: 0.05, epochs: 200, batchSize: 256 },
} as const;

export function parseHiddenLayers(text: string): number[] | null {
  const parts = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  const units = parts.map(Number);
  return units.every((u) => Number.isInteger(u) && u >= 1 && u <= 4096) ? units : null;
}

const isNum = (v: number | null): v is number => typeof v === 'number' && Number.isFinite(v);

/** What is wrong with the form, one message per field; empty when it can train. */
export function formProblems(v: TrainFormValues): string[] {
  const p: string[] = [];
  if (!v.target) p.push('Choose a target column.');
  if (!v.task) p.push('Choose a task.');
  if (!isNum(v.seed) || !Number.isInteger(v.seed) || v.seed < 0) p.push('Seed must be a whole number ≥ 0.');
  if (v.evaluation === 'holdout' && v.strategy !== 'column' && (!isNum(v.testSize) || v.testSize <= 0 || v.testSize >= 1))
    p.push('Test size must be between 0 and 1.');
  if (v.evaluation === 'kfold') {
    if (!isNum(v.folds) || !Number.isInteger(v.folds) || v.folds < 2 || v.folds > 100)
      p.push('Folds must be a whole number from 2 to 100.');
    if (!isNum(v.finalTest) || v.finalTest < 0 || v.finalTest >= 1)
      p.push('Final test fraction must be at least 0 and below 1 (0 = no final test set).');
  }
  if (needsColumn(v.strategy) && !v.splitColumn)
    p.push(
      isTimeStrategy(v.strategy)
        ? 'A time split needs a datetime or numeric column; this dataset has none besides the target.'
        : 'Choose a split column.',
    );
  if (v.model === 'mlp' || v.model === 'logistic') {
    if (v.model === 'mlp' && !parseHiddenLayers(v.hiddenLayers))
      p.push('Hidden layers must be whole numbers separated by commas, e.g. 64,32.');
    if (!isNum(v.learningRate) || v.learningRate <= 0) p.push('Learning rate must be a positive number.');
    if (!isNum(v.epochs) || !Number.isInteger(v.epochs) || v.epochs < 1) p.push('Epochs must be a whole number ≥ 1.');
    if (!isNum(v.batchSize) || !Number.isInteger(v.batchSize) || v.batchSize < 1)
      p.push('Batch size must be a whole number ≥ 1.');
  }
  if (v.model === 'linear' && (!isNum(v.l2) || v.l2 < 0)) p.push('Ridge penalty must be ≥ 0.');
  if (v.model === 'gbdt') {
    const n = (x: number | null | undefined) => (x === undefined ? null : x);
    if (v.rounds !== undefined && (!isWhole(n(v.rounds)) || v.rounds! < 1 || v.rounds! > 10000)) p.push('Rounds must be a whole number from 1 to 10,000.');
    if (v.treeLearningRate !== undefined && (!isNum(n(v.treeLearningRate)) || v.treeLearningRate! <= 0 || v.treeLearningRate! > 1))
      p.push('Learning rate must be above 0 and at most 1.');
    if (v.maxLeaves !== undefined && (!isWhole(n(v.maxLeaves)) || v.maxLeaves! < 2 || v.maxLeaves! > 4096)) p.push('Leaves per tree must be a whole number from 2 to 4,096.');
    if (v.treeL2 !== undefined && (!isNum(n(v.treeL2)) || v.treeL2! < 0)) p.push('L2 penalty must be ≥ 0.');
  }
  if (v.model === 'random-forest') {
    const n = (x: number | null | undefined) => (x === undefined ? null : x);
    if (v.forestTrees !== undefined && (!isWhole(n(v.forestTrees)) || v.forestTrees! < 1 || v.forestTrees! > 5000)) p.push('Trees must be a whole number from 1 to 5,000.');
    if (v.maxFeatures !== undefined && (!isNum(n(v.maxFeatures)) || v.maxFeatures! < 0 || v.maxFeatures! > 1))
      p.push('Features per split must be a fraction from 0 (auto) to 1.');
  }
  if ((v.model === 'gbdt' || v.model === 'random-forest') && v.minSamplesLeaf !== undefined && (!isWhole(v.minSamplesLeaf === undefined ? null : v.minSamplesLeaf) || v.minSamplesLeaf! < 1))
    p.push('Rows per leaf must be a whole number ≥ 1.');
  if (v.model === 'knn' && (!isWhole(v.knnK) || v.knnK < 1 || v.knnK > 1000))
    p.push('Neighbours (k) must be a whole number from 1 to 1,000.');
  if (v.model === 'naive-bayes' && (!isNum(v.varSmoothing ?? null) || (v.varSmoothing ?? 0) < 0))
    p.push('Variance smoothing must be a number ≥ 0.');
  if (v.model === 'ensemble') {
    const members = v.ensembleMembers ?? [];
    if (members.length < 2) p.push('Choose at least 2 ensemble members.');
    if (v.ensembleMethod === 'stack' && (!isWhole(v.ensembleFolds) || v.ensembleFolds < 2 || v.ensembleFolds > 10))
      p.push('Stacking folds must be a whole number from 2 to 10.');
  }
  if ((v.model === 'mlp' || v.model === 'logistic') && v.advanced) p.push(...advancedProblems(v.advanced, v.model, v.task));
  return p;
}

const isWhole = (v: number | null | undefined): v is number => isNum(v ?? null) && Number.isInteger(v);
const inRange = (v: number | null, lo: number, hi: number, loOpen = false, hiOpen = false): boolean =>
  isNum(v) && (loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi);

/** Problems of the "Advanced training" fields that are in use. */
export function advancedProblems(a: AdvancedValues, model: 'mlp' | 'logistic', task: Task | ''): string[] {
  const p: string[] = [];
  if (a.optimizer === 'sgd' && !inRange(a.momentum, 0, 1, false, true)) p.push('Momentum must be at least 0 and below 1.');
  if (!isNum(a.weightDecay) || a.weightDecay < 0) p.push('Weight decay must be a number ≥ 0.');
  if (a.scheduleKind === 'step') {
    if (!isWhole(a.stepEvery) || a.stepEvery < 1) p.push('Step every must be a whole number of epochs ≥ 1.');
    if (!inRange(a.stepFactor, 0, 1, true)) p.push('Step factor must be above 0 and at most 1.');
  } else if (a.scheduleKind === 'cosine') {
    if (!isWhole(a.cosineWarmup) || a.cosineWarmup < 0) p.push('Warm-up epochs must be a whole number ≥ 0.');
    if (!inRange(a.cosineMinFactor, 0, 1)) p.push('Minimum LR factor must be between 0 and 1.');
  } else if (a.scheduleKind === 'plateau') {
    if (!inRange(a.plateauFactor, 0, 1, true, true)) p.push('Plateau factor must be between 0 and 1 (exclusive).');
    if (!isWhole(a.plateauPatience) || a.plateauPatience < 1) p.push('Plateau patience must be a whole number ≥ 1.');
    if (!inRange(a.plateauMinFactor, 0, 1)) p.push('Minimum LR factor must be between 0 and 1.');
  }
  if (!isNum(a.clipNorm) || a.clipNorm < 0) p.push('Gradient clip norm must be a number ≥ 0 (0 = off).');
  if (model === 'mlp' && lossesFor(task).includes(a.loss)) {
    if (a.loss === 'focal' && (!isNum(a.focalGamma) || a.focalGamma < 0)) p.push('Focal gamma must be a number ≥ 0.');
    if (a.loss === 'huber' && (!isNum(a.huberDelta) || a.huberDelta <= 0)) p.push('Huber delta must be a positive number.');
  }
  if (model === 'logistic' && (!isNum(a.l1) || a.l1 < 0)) p.push('L1 penalty must be a number ≥ 0.');
  if (a.earlyStopping && (!isWhole(a.patience) || a.patience < 1)) p.push('Patience must be a whole number of epochs ≥ 1.');
  return p;
}

/** The net options the user changed from their defaults (the worker fills the rest). */
function netOptions(a: AdvancedValues, task: Task | ''): NetOptions {
  const d = ADVANCED_DEFAULTS;
  const o: NetOptions = {};
  if (a.optimizer !== d.optimizer) o.optimizer = a.optimizer;
  if (a.optimizer === 'sgd' && a.momentum !== d.momentum) o.momentum = Number(a.momentum);
  if (a.weightDecay !== defaultWeightDecay(a.optimizer)) o.weightDecay = Number(a.weightDecay);
  const schedule = buildSchedule(a);
  if (schedule) o.schedule = schedule;
  if (a.clipNorm !== d.clipNorm) o.clipNorm = Number(a.clipNorm);
  if (task !== 'regression' && a.classWeight !== d.classWeight) o.classWeight = a.classWeight;
  return o;
}

function buildSchedule(a: AdvancedValues): Schedule | undefined {
  const d = ADVANCED_DEFAULTS;
  switch (a.scheduleKind) {
    case 'step':
      return {
        kind: 'step',
        ...(a.stepEvery !== d.stepEvery ? { every: Number(a.stepEvery) } : {}),
        ...(a.stepFactor !== d.stepFactor ? { factor: Number(a.stepFactor) } : {}),
      };
    case 'cosine':
      return {
        kind: 'cosine',
        ...(a.cosineWarmup !== d.cosineWarmup ? { warmupEpochs: Number(a.cosineWarmup) } : {}),
        ...(a.cosineMinFactor !== d.cosineMinFactor ? { minFactor: Number(a.cosineMinFactor) } : {}),
      };
    case 'plateau':
      return {
        kind: 'plateau',
        ...(a.plateauFactor !== d.plateauFactor ? { factor: Number(a.plateauFactor) } : {}),
        ...(a.plateauPatience !== d.plateauPatience ? { patience: Number(a.plateauPatience) } : {}),
        ...(a.plateauMinFactor !== d.plateauMinFactor ? { minFactor: Number(a.plateauMinFactor) } : {}),
      };
    default:
      return undefined;
  }
}

/** training: early stopping and sanity checks, only where they differ from the defaults. */
function buildTraining(a: AdvancedValues, task: Task | ''): TrainingSpec | undefined {
  const d = ADVANCED_DEFAULTS;
  const es: EarlyStopping = {};
  if (!a.earlyStopping) es.enabled = false;
  else {
    if (a.monitor !== d.monitor && monitorsFor(task).includes(a.monitor)) es.monitor = a.monitor;
    if (a.patience !== d.patience) es.patience = Number(a.patience);
  }
  const t: TrainingSpec = {};
  if (Object.keys(es).length > 0) t.earlyStopping = es;
  // The studio shows the checklist on every network run it is asked for ('auto' would skip short runs).
  t.sanityChecks = a.sanityChecks ? 'always' : 'off';
  return Object.keys(t).length > 0 ? t : undefined;
}

/** A plain, JSON-serialisable spec (no reactive proxies: it crosses to the worker). */
export function buildSpec(v: TrainFormValues, data: { fingerprint: string; name: string }): ExperimentSpec {
  let model: ModelSpec;
  switch (v.model) {
    case 'mlp':
      model = {
        kind: 'mlp',
        hiddenLayers: [...(parseHiddenLayers(v.hiddenLayers) ?? [])],
        activation: v.activation,
        learningRate: Number(v.learningRate),
        epochs: Number(v.epochs),
        batchSize: Number(v.batchSize),
        ...(v.advanced ? netOptions(v.advanced, v.task) : {}),
      };
      if (v.advanced) {
        const a = v.advanced;
        const d = ADVANCED_DEFAULTS;
        if (a.batchNorm) model.batchNorm = true;
        const loss = lossesFor(v.task).includes(a.loss) ? a.loss : d.loss;
        if (loss !== d.loss) model.loss = loss;
        if (loss === 'focal' && a.focalGamma !== d.focalGamma) model.focalGamma = Number(a.focalGamma);
        if (loss === 'huber' && a.huberDelta !== d.huberDelta) model.huberDelta = Number(a.huberDelta);
      }
      break;
    case 'logistic':
      model = {
        kind: 'logistic',
        learningRate: Number(v.learningRate),
        epochs: Number(v.epochs),
        batchSize: Number(v.batchSize),
        ...(v.advanced ? netOptions(v.advanced, v.task) : {}),
        ...(v.advanced && v.advanced.l1 !== ADVANCED_DEFAULTS.l1 ? { l1: Number(v.advanced.l1) } : {}),
      };
      break;
    case 'linear':
      model = { kind: 'linear', l2: Number(v.l2) };
      break;
    case 'knn':
      model = { kind: 'knn', k: Number(v.knnK ?? ADVANCED_DEFAULTS.knnK) };
      if (v.knnWeights && v.knnWeights !== ADVANCED_DEFAULTS.knnWeights) model.weights = v.knnWeights;
      break;
    case 'gbdt': {
      const t = TREE_DEFAULTS;
      model = { kind: 'gbdt' };
      if (v.rounds != null && v.rounds !== t.rounds) model.rounds = Number(v.rounds);
      if (v.treeLearningRate != null && v.treeLearningRate !== t.treeLearningRate) model.learningRate = Number(v.treeLearningRate);
      if (v.maxLeaves != null && v.maxLeaves !== t.maxLeaves) model.maxLeaves = Number(v.maxLeaves);
      if (v.minSamplesLeaf != null && v.minSamplesLeaf !== t.minSamplesLeafGbdt) model.minSamplesLeaf = Number(v.minSamplesLeaf);
      if (v.treeL2 != null && v.treeL2 !== t.treeL2) model.l2 = Number(v.treeL2);
      break;
    }
    case 'random-forest': {
      const t = TREE_DEFAULTS;
      model = { kind: 'random-forest' };
      if (v.forestTrees != null && v.forestTrees !== t.forestTrees) model.trees = Number(v.forestTrees);
      if (v.splitter && v.splitter !== t.splitter) model.splitter = v.splitter;
      if (v.maxFeatures != null && v.maxFeatures !== t.maxFeatures) model.maxFeatures = Number(v.maxFeatures);
      if (v.minSamplesLeaf != null && v.minSamplesLeaf !== t.minSamplesLeafForest) model.minSamplesLeaf = Number(v.minSamplesLeaf);
      break;
    }
    case 'naive-bayes':
      model = { kind: 'naive-bayes' };
      if (v.varSmoothing !== undefined && v.varSmoothing !== ADVANCED_DEFAULTS.varSmoothing)
        model.varSmoothing = Number(v.varSmoothing);
      break;
    case 'ensemble': {
      const method = v.ensembleMethod ?? ADVANCED_DEFAULTS.ensembleMethod;
      const members: MemberModel[] = (v.ensembleMembers ?? []).map((kind) => ({ kind }) as MemberModel);
      model = { kind: 'ensemble', method, members };
      if (method === 'stack' && v.ensembleFolds !== undefined && v.ensembleFolds !== ADVANCED_DEFAULTS.ensembleFolds)
        model.folds = Number(v.ensembleFolds);
      break;
    }
    default: {
      const strategy = v.baselineStrategy;
      // The first strategy of the task is the worker's default: emit only a different choice.
      const choices = baselineStrategiesFor(v.task);
      model = strategy && choices.includes(strategy) && strategy !== choices[0] ? { kind: 'baseline', strategy } : { kind: 'baseline' };
    }
  }
  const spec: ExperimentSpec = {
    version: 1,
    data: { fingerprint: data.fingerprint, name: data.name },
    target: v.target,
    model,
    split: buildSplit(v),
    seed: Number(v.seed),
    backend: v.backend,
  };
  if (v.task) spec.task = v.task;
  if ((v.model === 'mlp' || v.model === 'logistic') && v.advanced) {
    const training = buildTraining(v.advanced, v.task);
    if (training) spec.training = training;
  }
  return spec;
}

/** The split object for the form's evaluation settings. */
export function buildSplit(v: TrainFormValues): SplitSpec {
  const column = needsColumn(v.strategy) && v.splitColumn ? { column: v.splitColumn } : {};
  if (v.evaluation === 'kfold') {
    const finalTest = Number(v.finalTest);
    return {
      kind: 'kfold',
      k: Number(v.folds),
      strategy: v.strategy as KFoldStrategy,
      ...column,
      ...(finalTest > 0 ? { finalTest } : {}),
    };
  }
  return {
    kind: 'holdout',
    ...(v.strategy === 'column' ? {} : { testSize: Number(v.testSize) }),
    strategy: v.strategy as HoldoutStrategy,
    ...column,
  };
}
