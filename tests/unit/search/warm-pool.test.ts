import { describe, expect, it } from 'vitest';
import { neverCancelled } from '../../../src/core/jobs.ts';
import { runSearch } from '../../../src/core/search/run-search.ts';
import { createTrialPool, type TrialPort } from '../../../src/core/search/trial-pool.ts';
import { createTrialWorker, type TrialPoolReply, type TrialPoolRequest } from '../../../src/core/search/trial-worker.ts';
import type { ExperimentSpec } from '../../../src/core/spec/types.ts';
import { blobsCsv, fromText } from '../../helpers/datasets.ts';
import { cpuTf } from '../../helpers/tf.ts';

/** A worker in this thread behind a structured-clone boundary that logs what it is sent. */
function loggingPort(k: number, log: { port: number; m: TrialPoolRequest }[]): TrialPort {
  let onReply: (r: TrialPoolReply) => void = () => {};
  let alive = true;
  const handle = createTrialWorker((r) => alive && setTimeout(() => alive && onReply(structuredClone(r)), 0), cpuTf);
  return {
    post: (m) => {
      if (m.type !== 'init') log.push({ port: k, m });
      const copy = structuredClone(m);
      setTimeout(() => void handle(copy), 0);
    },
    listen: (reply) => (onReply = reply),
    terminate: () => (alive = false),
  };
}

const spec: ExperimentSpec = {
  version: 1, target: 'label', model: { kind: 'gbdt', rounds: 18 }, split: { kind: 'kfold', k: 3 }, seed: 4,
  search: {
    strategy: 'asha', trials: 9, concurrency: 2,
    space: { 'model.learningRate': { kind: 'log-uniform', low: 0.02, high: 0.5 }, 'model.maxLeaves': { kind: 'int', low: 2, high: 12 } },
    asha: { minResource: 2, maxResource: 18, reductionFactor: 3 },
  },
};

describe('ASHA warm starts in a trial pool', () => {
  it('sends a promotion to the worker holding its state when free, scores as in this thread, and frees the workers’ states at the end', async () => {
    const ds = await fromText(blobsCsv(120, 2, 1.2));
    const tf = await cpuTf();
    const log: { port: number; m: TrialPoolRequest }[] = [];
    const pool = createTrialPool(ds, [loggingPort(0, log), loggingPort(1, log)]);
    const pooled = await runSearch(ds, spec, { tf, cancel: neverCancelled, executor: pool });
    pool.dispose();
    const local = await runSearch(ds, spec, { tf, cancel: neverCancelled });
    expect(pooled.trials.map((t) => [t.trial, t.rung, t.score])).toEqual(local.trials.map((t) => [t.trial, t.rung, t.score]));

    const runs = log.flatMap((e) => (e.m.type === 'run' ? [{ port: e.port, warm: e.m.request.warm! }] : []));
    expect(runs.every((r) => r.warm !== undefined)).toBe(true);
    // Top-rung jobs keep no state; lower ones do.
    const top = Math.max(...pooled.trials.map((t) => t.rung!));
    expect(runs.filter((r) => !r.warm.keep)).toHaveLength(pooled.trials.filter((t) => t.rung === top).length);
    // Most promotions went back to the worker that trained the configuration's lower rung.
    const lastPort = new Map<string, number>();
    let same = 0, promotions = 0;
    for (const r of runs) {
      const before = lastPort.get(r.warm.key);
      if (before !== undefined) {
        promotions++;
        if (before === r.port) same++;
      }
      lastPort.set(r.warm.key, r.port);
    }
    expect(promotions).toBeGreaterThan(0);
    expect(same).toBeGreaterThan(promotions / 2);
    // The search's end tells every worker to drop what it keeps.
    expect(log.filter((e) => e.m.type === 'release' && e.m.prefix === '').map((e) => e.port).sort()).toEqual([0, 1]);
  });
});
