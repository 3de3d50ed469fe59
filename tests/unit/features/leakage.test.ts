/**
 * Leakage: nothing fitted may depend on a row the model is evaluated on. We run the same
 * experiment on two datasets that differ only in the held-out rows (their features, and for a
 * random split their labels too) and require identical fitted pipelines, step by step.
 */
import { describe, expect, it } from 'vitest';
import { neverCancelled } from '../../../src/core/jobs.ts';
import { createRng } from '../../../src/core/random.ts';
import { plan } from '../../../src/core/spec/plan.ts';
import type { ExperimentSpec } from '../../../src/core/spec/types.ts';
import { runExperiment } from '../../../src/core/train/run-experiment.ts';
import { holdoutSplit } from '../../../src/core/split/stratified-holdout.ts';
import { createRng as rngFor } from '../../../src/core/random.ts';
import { fromText } from '../../helpers/datasets.ts';
import { cpuTf } from '../../helpers/tf.ts';

const N = 120;

function rowsCsv(perturb: Set<number>): string {
  const rng = createRng(11);
  const lines = ['num,skewed,city,code,when,note,label'];
  for (let i = 0; i < N; i++) {
    const noisy = perturb.has(i);
    // Draw every random value whether or not the row is perturbed, so unperturbed rows are identical.
    const r1 = rng.normal(), r2 = rng.normal();
    const num = noisy ? 1e6 + i : i % 7 === 0 ? '' : (r1 * 3).toFixed(3);
    const skewed = noisy ? 9e9 : Math.exp(r2).toFixed(4);
    const city = noisy ? `unseen${i}` : ['oslo', 'lima', 'pune', 'rome'][i % 4];
    const code = noisy ? `zz${i}` : `c${i % 40}`;
    const when = noisy ? '2099-12-31' : `2021-0${1 + (i % 9)}-1${i % 10}`;
    const note = noisy ? 'totally different words here' : ['good fast', 'slow bad', 'good', 'bad'][i % 4];
    const label = noisy ? (i % 2 ? 'b' : 'a') : i % 3 === 0 ? 'a' : 'b';
    lines.push([num, skewed, city, code, when, note, label].join(','));
  }
  return lines.join('\n') + '\n';
}

const everyStep: ExperimentSpec['pipeline'] = [
  { kind: 'datetime-parts', columns: ['when'] },
  { kind: 'impute', select: 'numeric', strategy: 'median' },
  { kind: 'transform', columns: ['skewed'], method: 'yeo-johnson' },
  { kind: 'bin', columns: ['num'], strategy: 'quantile', bins: 4, encode: 'one-hot' },
  { kind: 'target-encode', columns: ['code'] },
  { kind: 'one-hot', columns: ['city'] },
  { kind: 'text', columns: ['note'], method: 'tfidf', width: 8 },
  { kind: 'scale', select: 'numeric', method: 'robust' },
  { kind: 'select-features', method: 'variance' },
];

async function fittedPipeline(csv: string, spec: Omit<ExperimentSpec, 'version'>) {
  const ds = await fromText(csv);
  const normalized = plan({ version: 1, ...spec }, ds);
  const r = await runExperiment(ds, normalized, { tf: await cpuTf(), cancel: neverCancelled });
  return r.pipeline;
}

describe('no leakage from held-out rows into fitted state', () => {
  it('a random holdout: changing test rows (features and labels) changes nothing fitted', async () => {
    const { test } = holdoutSplit(N, 0.25, rngFor(5).fork('split').int(2 ** 31));
    const spec = {
      target: 'label', features: ['num', 'skewed', 'city', 'code', 'when', 'note'], model: { kind: 'baseline' as const },
      split: { kind: 'holdout' as const, strategy: 'random' as const, testSize: 0.25 }, pipeline: everyStep, seed: 5,
    };
    const clean = await fittedPipeline(rowsCsv(new Set()), spec);
    const dirty = await fittedPipeline(rowsCsv(new Set(test)), spec);
    expect(clean.steps.length).toBe(everyStep!.length);
    expect(dirty).toEqual(clean);
  });

  it('the same split really moves when the held-out rows are the ones perturbed (the check above can fail)', async () => {
    const spec = {
      target: 'label', features: ['num', 'skewed', 'city', 'code', 'when', 'note'], model: { kind: 'baseline' as const },
      split: { kind: 'holdout' as const, strategy: 'random' as const, testSize: 0.25 }, pipeline: everyStep, seed: 5,
    };
    const clean = await fittedPipeline(rowsCsv(new Set()), spec);
    const trainRowChanged = await fittedPipeline(rowsCsv(new Set([0, 1, 2, 3, 4, 5, 6, 7].filter((i) => !holdoutSplit(N, 0.25, rngFor(5).fork('split').int(2 ** 31)).test.includes(i)))), spec);
    expect(trainRowChanged).not.toEqual(clean);
  });
});
