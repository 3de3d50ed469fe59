import { describe, expect, it } from 'vitest';
import { neverCancelled } from '../../../../src/core/jobs.ts';
import { plan } from '../../../../src/core/spec/plan.ts';
import { normalize } from '../../../../src/core/spec/normalize.ts';
import type { ExperimentSpec } from '../../../../src/core/spec/types.ts';
import type { TrainEvent } from '../../../../src/core/train/events.ts';
import { runExperiment } from '../../../../src/core/train/run-experiment.ts';
import { blobsCsv, fromText, linearCsv } from '../../../helpers/datasets.ts';
import { cpuTf } from '../../../helpers/tf.ts';

async function run(csv: string, spec: Omit<ExperimentSpec, 'version'>, events?: TrainEvent[]) {
  const ds = await fromText(csv);
  return runExperiment(ds, plan({ version: 1, ...spec }, ds), { tf: await cpuTf(), cancel: neverCancelled, onEvent: (e) => events?.push(e) });
}

describe('tree models through runExperiment', () => {
  it('gbdt: beats the baseline, reports one epoch per round on the carved validation rows', async () => {
    const events: TrainEvent[] = [];
    const r = await run(blobsCsv(300, 1), { target: 'label', model: { kind: 'gbdt', rounds: 20, minSamplesLeaf: 5 } }, events);
    expect(r.metrics.accuracy).toBeGreaterThan(0.9);
    expect(r.metrics.accuracy).toBeGreaterThan(r.baselineMetrics.accuracy!);
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.length).toBe(r.history.length);
    expect(r.history.length).toBeGreaterThan(0);
    expect(r.history.every((h) => h.valLoss !== undefined)).toBe(true);
  });

  it('random forest (and extra-trees) on regression beat the mean baseline', async () => {
    for (const splitter of ['best', 'random'] as const) {
      const r = await run(linearCsv(200, 3), { target: 'y', model: { kind: 'random-forest', trees: 30, splitter } });
      expect(r.metrics.r2).toBeGreaterThan(0.5);
      expect(r.baselineMetrics.r2).toBeLessThan(0.05);
    }
  });

  it('normalize fills the tree defaults and is idempotent', () => {
    const a = normalize({ version: 1, target: 'y', model: { kind: 'random-forest', splitter: 'random' } });
    expect(a.model).toMatchObject({ kind: 'random-forest', trees: 100, bootstrap: false, maxFeatures: 0, minSamplesLeaf: 1 });
    expect(normalize(a)).toEqual(a);
    const g = normalize({ version: 1, target: 'y', model: { kind: 'gbdt' } });
    expect(g.model).toMatchObject({ kind: 'gbdt', rounds: 100, learningRate: 0.1, maxLeaves: 31, maxDepth: 0, minSamplesLeaf: 20, l2: 0, maxBins: 255 });
  });
});
