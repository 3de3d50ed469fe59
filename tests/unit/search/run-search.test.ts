import { describe, expect, it } from 'vitest';
import { CancelSource, neverCancelled } from '../../../src/core/jobs.ts';
import { runSearch } from '../../../src/core/search/run-search.ts';
import type { SearchEvent } from '../../../src/core/search/types.ts';
import { plan } from '../../../src/core/spec/plan.ts';
import type { ExperimentSpec, SearchSpec } from '../../../src/core/spec/types.ts';
import { runExperiment } from '../../../src/core/train/run-experiment.ts';
import { blobsCsv, fromText } from '../../helpers/datasets.ts';
import { cpuTf } from '../../helpers/tf.ts';

const data = () => fromText(blobsCsv(120, 3, 1.2));

const knnSearch = (search: Partial<SearchSpec> = {}, extra: Partial<ExperimentSpec> = {}): ExperimentSpec => ({
  version: 1,
  target: 'label',
  model: { kind: 'knn' },
  split: { kind: 'kfold', k: 3 },
  seed: 5,
  ...extra,
  search: {
    strategy: 'random',
    trials: 6,
    space: { 'model.k': { kind: 'int', low: 1, high: 40, log: true }, 'model.weights': { kind: 'categorical', choices: ['uniform', 'distance'] } },
    ...search,
  },
});

describe('runSearch', () => {
  it("scores each trial with the experiment's cross-validation: a trial's score is what a run of its spec reports", async () => {
    const ds = await data();
    const tf = await cpuTf();
    const r = await runSearch(ds, knnSearch(), { tf, cancel: neverCancelled });
    expect(r.trials).toHaveLength(6);
    expect(r.metric).toBe('roc_auc');
    expect(r.direction).toBe('maximize');
    for (const t of r.trials.slice(0, 3)) {
      const spec = plan({ version: 1, target: 'label', model: { kind: 'knn', k: t.params['model.k'] as number, weights: t.params['model.weights'] as 'uniform' }, split: { kind: 'kfold', k: 3 }, seed: 5 }, ds);
      const run = await runExperiment(ds, spec, { tf, cancel: neverCancelled });
      expect(t.score).toBeCloseTo(run.metrics.roc_auc!, 12);
      expect(t.std).toBeCloseTo(run.cv!.std.roc_auc!, 12);
    }
    const best = Math.max(...r.trials.map((t) => t.score!));
    expect(r.best!.score).toBe(best);
    expect(r.best!.spec.model).toMatchObject({ kind: 'knn', k: r.best!.params['model.k'] });
    expect(r.best!.spec.search).toBeUndefined();
    expect(r.bestSoFar.map((p) => p.best)).toEqual(r.trials.map((_, i) => Math.max(...r.trials.slice(0, i + 1).map((t) => t.score!))));
    expect(r.importance.map((p) => p.param).sort()).toEqual(['model.k', 'model.weights']);
    expect(r.finalTest).toBeUndefined();
  });

  it('is reproducible: the same spec and seed give the same trials and scores; another seed other trials', async () => {
    const ds = await data();
    const tf = await cpuTf();
    const spec = knnSearch({ strategy: 'tpe', trials: 8, tpe: { startupTrials: 3 } });
    const a = await runSearch(ds, spec, { tf, cancel: neverCancelled });
    const b = await runSearch(ds, spec, { tf, cancel: neverCancelled });
    expect(b.trials.map((t) => [t.params, t.score])).toEqual(a.trials.map((t) => [t.params, t.score]));
    const c = await runSearch(ds, { ...spec, seed: 6 }, { tf, cancel: neverCancelled });
    expect(c.trials.map((t) => t.params)).not.toEqual(a.trials.map((t) => t.params));
  });

  it('ASHA over boosting rounds: trials train on the rungs, the best comes from the top rung', async () => {
    const ds = await data();
    const r = await runSearch(
      ds,
      { version: 1, target: 'label', model: { kind: 'gbdt' }, split: { kind: 'kfold', k: 3 }, search: { strategy: 'asha', trials: 9, asha: { minResource: 2, maxResource: 18, reductionFactor: 3 }, space: { 'model.learningRate': { kind: 'log-uniform', low: 0.01, high: 0.5 }, 'model.maxLeaves': { kind: 'int', low: 2, high: 16 } } } },
      { tf: await cpuTf(), cancel: neverCancelled },
    );
    expect(new Set(r.trials.map((t) => t.resource))).toEqual(new Set([2, 6, 18]));
    expect(r.trials.filter((t) => t.rung === 0)).toHaveLength(9);
    expect(r.trials.filter((t) => t.rung === 1).length).toBeGreaterThanOrEqual(3);
    expect(r.best!.spec.model).toMatchObject({ kind: 'gbdt', rounds: 18 });
    const top = r.trials.filter((t) => t.rung === 2);
    expect(r.best!.score).toBe(Math.max(...top.map((t) => t.score!)));
  });

  it('a time budget stops it after the trials then running; cancel stops it and skips the final test', async () => {
    const ds = await data();
    const tf = await cpuTf();
    let clock = 0;
    const timed = await runSearch(ds, knnSearch({ trials: 50, timeBudgetS: 3 }), {
      tf, cancel: neverCancelled, now: () => clock,
      onEvent: (e) => {
        if (e.type === 'trial') clock += 1000;
      },
    });
    expect(timed.stopReason).toBe('time');
    expect(timed.trials).toHaveLength(3);

    const cancel = new CancelSource();
    const events: SearchEvent[] = [];
    const r = await runSearch(ds, knnSearch({ trials: 50 }, { split: { kind: 'kfold', k: 3, finalTest: 0.2 } }), {
      tf, cancel,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'trial' && e.trial.index === 2) cancel.cancel();
      },
    });
    expect(r.stopReason).toBe('cancelled');
    expect(r.trials).toHaveLength(3);
    expect(r.finalTest).toBeUndefined();
    expect(events.some((e) => e.type === 'phase' && e.phase === 'final-test')).toBe(false);
  });

  it('resumes after a reload from its saved state: the same trials, only the missing ones run', async () => {
    const ds = await data();
    const tf = await cpuTf();
    const spec = knnSearch({ strategy: 'tpe', trials: 8, tpe: { startupTrials: 3 } });
    const full = await runSearch(ds, spec, { tf, cancel: neverCancelled });
    const cancel = new CancelSource();
    const first = await runSearch(ds, spec, { tf, cancel, onEvent: (e) => e.type === 'trial' && e.trial.index === 4 && cancel.cancel() });
    const saved = JSON.parse(JSON.stringify(first.state));
    let ran = 0;
    const resumed = await runSearch(ds, spec, { tf, cancel: neverCancelled, resume: saved, onEvent: (e) => e.type === 'trial' && !e.resumed && ran++ });
    expect(ran).toBe(3);
    expect(resumed.trials.map((t) => [t.params, t.score])).toEqual(full.trials.map((t) => [t.params, t.score]));
    expect(resumed.best!.params).toEqual(full.best!.params);
    await expect(runSearch(ds, { ...spec, seed: 9 }, { tf, cancel: neverCancelled, resume: saved })).rejects.toMatchObject({ code: 'search_resume_mismatch' });
    const other = await fromText(blobsCsv(120, 4, 1.2));
    await expect(runSearch(other, spec, { tf, cancel: neverCancelled, resume: saved })).rejects.toMatchObject({ code: 'search_resume_mismatch' });
  });

  it('fails at once with spec_invalid on a bad space, before any trial', async () => {
    const ds = await data();
    let trials = 0;
    await expect(
      runSearch(ds, knnSearch({ space: { 'model.neighbours': { kind: 'int', low: 1, high: 5 } } }), { tf: await cpuTf(), cancel: neverCancelled, onEvent: () => trials++ }),
    ).rejects.toMatchObject({ code: 'spec_invalid', location: { field: 'search.space.model.neighbours' } });
    expect(trials).toBe(0);
  });

  it('searches pipeline choices and conditional parameters', async () => {
    const ds = await data();
    const r = await runSearch(
      ds,
      {
        version: 1, target: 'label', model: { kind: 'knn' }, split: { kind: 'kfold', k: 3 },
        pipeline: [{ kind: 'one-hot', columns: ['colour'] }, { kind: 'scale', method: 'standard' } as never],
        search: {
          strategy: 'grid',
          space: {
            'pipeline.1': { kind: 'categorical', choices: [{ kind: 'scale', method: 'standard' }, { kind: 'scale', method: 'min-max' }, { kind: 'scale', method: 'robust' }] },
            'model.weights': { kind: 'categorical', choices: ['uniform', 'distance'] },
            'model.k': { kind: 'categorical', choices: [3, 9], when: { param: 'model.weights', in: ['uniform'] } },
          },
        },
      },
      { tf: await cpuTf(), cancel: neverCancelled },
    );
    // 3 pipelines x (distance + uniform x 2 k) = 9 configurations.
    expect(r.trials).toHaveLength(9);
    expect(r.trials.every((t) => t.status === 'done')).toBe(true);
    expect(r.trials.filter((t) => t.params['model.weights'] === 'distance').every((t) => !('model.k' in t.params))).toBe(true);
  });
});
