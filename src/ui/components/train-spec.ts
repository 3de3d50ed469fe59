import type { Activation, BackendName, ExperimentSpec, ModelKind, ModelSpec, Task } from '../../core/spec/types.ts';

export const TASKS: Task[] = ['binary', 'multiclass', 'regression'];
export const ACTIVATIONS: Activation[] = ['relu', 'tanh', 'sigmoid', 'elu', 'gelu'];
export const BACKENDS: (BackendName | 'auto')[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

export const MODEL_LABELS: Record<ModelKind, string> = {
  baseline: 'Baseline (majority class / mean)',
  logistic: 'Logistic regression',
  linear: 'Linear regression',
  mlp: 'Neural network (MLP)',
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
  backend: BackendName | 'auto';
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
  if (!isNum(v.testSize) || v.testSize <= 0 || v.testSize >= 1) p.push('Test size must be between 0 and 1.');
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
    split: { kind: 'holdout', testSize: Number(v.testSize) },
    seed: Number(v.seed),
    backend: v.backend,
  };
  if (v.task) spec.task = v.task;
  return spec;
}
