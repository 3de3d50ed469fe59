import { describe, expect, it } from 'vitest';
import { CancelSource, neverCancelled } from '../../../src/core/jobs.ts';
import { evaluateTrial } from '../../../src/core/search/evaluate-trial.ts';
import { runSearch } from '../../../src/core/search/run-search.ts';
import { createTrialPool, type TrialPort } from '../../../src/core/search/trial-pool.ts';
import { createTrialWorker, type TrialPoolReply, type TrialPoolRequest } from '../../../src/core/search/trial-worker.ts';
import type { ExperimentSpec } from '../../../src/core/spec/types.ts';
import { blobsCsv, fromText } from '../../helpers/datasets.ts';
import { cpuTf } from '../../helpers/tf.ts';

/** A worker in this thread behind a message boundary: every message is structured-cloned, as postMessage does. */
function fakePort(stats: { running: number; most: number }, replyDelayMs = 0): TrialPort {
  let onReply: (r: TrialPoolReply) => void = () => {};
  let alive = true;
  const handle = createTrialWorker(
    (r) =>
      alive &&
      setTimeout(() => {
        if (!alive) return;
        if (r.type !== 'ready') stats.running--;
        onReply(structuredClone(r));
      }, r.type === 'ready' ? 0 : replyDelayMs),
    cpuTf,
  );
  return {
    post: (m: TrialPoolRequest) => {
      // Trials handed out and not yet answered: more than one means the pool used several workers at once.
      if (m.type === 'run') stats.most = Math.max(stats.most, ++stats.running);
      const copy = structuredClone(m);
      setTimeout(() => void handle(copy), 0);
    },
    listen: (reply) => (onReply = reply),
    terminate: () => (alive = false),
  };
}

const spec: ExperimentSpec = {
  version: 1, target: 'label', model: { kind: 'knn' }, split: { kind: 'kfold', k: 3 }, seed: 1,
  search: { strategy: 'random', trials: 6, space: { 'model.k': { kind: 'int', low: 1, high: 30 }, 'model.weights': { kind: 'categorical', choices: ['uniform', 'distance'] } } },
};

describe('trial pool', () => {
  it('runs trials on its workers, several at once, with the same results as in this thread', async () => {
    const ds = await fromText(blobsCsv(90, 6, 1.5));
    const tf = await cpuTf();
    const stats = { running: 0, most: 0 };
    const pool = createTrialPool(ds, [fakePort(stats), fakePort(stats), fakePort(stats)]);
    const pooled = await runSearch(ds, spec, { tf, cancel: neverCancelled, executor: pool });
    pool.dispose();
    const local = await runSearch(ds, spec, { tf, cancel: neverCancelled });
    expect(pooled.trials.map((t) => [t.params, t.score, t.std])).toEqual(local.trials.map((t) => [t.params, t.score, t.std]));
    expect(pool.slots).toBe(3);
    expect(stats.most).toBeGreaterThan(1);
  });

  it('a trial error comes back coded; a cancel rejects the running trials and ends the pool', async () => {
    const ds = await fromText(blobsCsv(90, 6, 1.5));
    const tf = await cpuTf();
    const stats = { running: 0, most: 0 };
    const pool = createTrialPool(ds, [fakePort(stats), fakePort(stats)]);
    const good = (await runSearch(ds, spec, { tf, cancel: neverCancelled })).best!.spec;
    const bad = { ...good, features: ['nope'] };
    // The worker's error arrives with the code and message the same trial fails with in this thread.
    const here = await evaluateTrial(ds, { index: 0, spec: bad }, { tf, cancel: neverCancelled }).catch((e: unknown) => e as { code: string; message: string });
    expect(here).toMatchObject({ code: expect.stringMatching(/^[a-z_]+$/) });
    await expect(pool.run({ index: 0, spec: bad }, neverCancelled)).rejects.toMatchObject({ code: (here as { code: string }).code, message: (here as { message: string }).message });
    pool.dispose();
    // Slow workers: the cancel lands while both trials run, and stops them long before they would answer.
    const slow = createTrialPool(ds, [fakePort(stats, 5000), fakePort(stats, 5000)]);
    const cancel = new CancelSource();
    const t0 = performance.now();
    const running = [slow.run({ index: 1, spec: good }, cancel), slow.run({ index: 2, spec: good }, cancel)];
    setTimeout(() => cancel.cancel(), 100);
    for (const r of running) await expect(r).rejects.toMatchObject({ code: 'cancelled' });
    expect(performance.now() - t0).toBeLessThan(2000);
    await expect(slow.run({ index: 3, spec: good }, neverCancelled)).rejects.toMatchObject({ code: 'cancelled' });
  });
});
