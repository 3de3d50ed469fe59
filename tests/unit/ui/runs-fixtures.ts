/** Run records for the runs-table tests: a realistic normalized spec with the parts a test changes. */
import type { ModelSpec, NormalizedSpec } from '../../../src/core/spec/types.ts';
import type { RunRecord } from '../../../src/core/track/types.ts';
import type { RunId, DatasetId } from '../../../src/core/ids.ts';

export function spec(model: ModelSpec, extra: Partial<NormalizedSpec> = {}): NormalizedSpec {
  return {
    version: 1,
    data: { name: 'penguins' },
    target: 'species',
    task: 'multiclass',
    features: ['bill', 'flipper'],
    split: { kind: 'holdout', testSize: 0.2, strategy: 'stratified', gap: 0 },
    model,
    pipeline: [],
    training: { validationFraction: 0.1, earlyStopping: { enabled: true, monitor: 'loss', patience: 10, minDelta: 1e-4 }, sanityChecks: 'auto' },
    seed: 42,
    backend: 'auto',
    ...extra,
  };
}

export function run(id: string, over: Partial<RunRecord> = {}): RunRecord {
  return {
    id: id as RunId,
    spec: spec({ kind: 'gbdt', rounds: 100, learningRate: 0.1 }),
    datasetId: 'ds1' as DatasetId,
    datasetName: 'penguins',
    status: 'done',
    startedAt: Date.UTC(2025, 0, 1),
    durationMs: 1500,
    seed: 42,
    env: { backend: 'cpu', userAgent: 'test', benchtop: '0.1.0', tfjs: '4.22.0' },
    metrics: { accuracy: 0.9, roc_auc: 0.95 },
    history: [],
    ...over,
  };
}
