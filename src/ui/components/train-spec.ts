import type { ColumnInfo } from '../../core/data/types.ts';
import type {
  Activation,
  BackendName,
  ExperimentSpec,
  HoldoutStrategy,
  KFoldStrategy,
  ModelKind,
  ModelSpec,
  SplitSpec,
  Task,
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
  ensemble: 'Ensemble (soft vote / stacking)',
};

/** Models that fit a task: logistic for classification, linear for regression. */
export function modelsFor(task: Task | ''): ModelKind[] {
  if (task === 'regression') return ['mlp', 'linear', 'baseline'];
  return ['mlp', 'logistic', 'baseline'];
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
  return p;
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
      };
      break;
    case 'logistic':
      model = {
        kind: 'logistic',
        learningRate: Number(v.learningRate),
        epochs: Number(v.epochs),
        batchSize: Number(v.batchSize),
      };
      break;
    case 'linear':
      model = { kind: 'linear', l2: Number(v.l2) };
      break;
    default:
      model = { kind: 'baseline' };
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
