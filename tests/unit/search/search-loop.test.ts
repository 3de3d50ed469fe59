import { describe, expect, it } from 'vitest';
import { benchtopError } from '../../../src/core/errors.ts';
import { CancelSource, neverCancelled, type CancelToken } from '../../../src/core/jobs.ts';
import { createRng } from '../../../src/core/random.ts';
import { createProposer } from '../../../src/core/search/propose.ts';
import { searchLoop, type LoopOptions } from '../../../src/core/search/search-loop.ts';
import type { JobSpec, TrialRecord } from '../../../src/core/search/types.ts';
import { normalizeSearch } from '../../../src/core/spec/normalize-search.ts';
import type { SearchStrategy } from '../../../src/core/spec/search-types.ts';

const SPACE = {
  x: { kind: 'uniform' as const, low: -2, high: 2 },
  n: { kind: 'int' as const, low: 1, high: 64, log: true },
};
const score = (job: JobSpec) => -(((job.params.x as number) - 0.5) ** 2) - Math.abs(Math.log2(job.params.n as number) - 3) / 6 + (job.resource ? -1 / job.resource : 0);

interface Run {
  strategy: SearchStrategy;
  trials?: number;
  cancel?: CancelToken;
  budgetMs?: number;
  resumed?: Map<number, TrialRecord>;
  lag?: number;
  slots?: number;
  /** Milliseconds each job takes on the fake clock. */
  cost?: number;
  run?: LoopOptions['run'];
  onTrial?: LoopOptions['onTrial'];
}

function loop(r: Run) {
  const search = normalizeSearch({ strategy: r.strategy, trials: r.trials ?? 24, space: SPACE, tpe: { startupTrials: 5 }, ...(r.strategy === 'asha' ? { asha: { minResource: 1, maxResource: 9, reductionFactor: 3 } } : {}) });
  let clock = 0;
  const calls: number[] = [];
  const result = searchLoop({
    proposer: createProposer(search, 4),
    lag: r.lag ?? 1,
    slots: r.slots ?? 1,
    loss: (s) => -s,
    cancel: r.cancel ?? neverCancelled,
    now: () => clock,
    ...(r.budgetMs !== undefined ? { budgetMs: r.budgetMs } : {}),
    ...(r.resumed ? { resumed: r.resumed } : {}),
    ...(r.onTrial ? { onTrial: r.onTrial } : {}),
    run:
      r.run ??
      (async (job) => {
        calls.push(job.index);
        clock += r.cost ?? 10;
        return { score: score(job), std: 0.01 };
      }),
  });
  return { result, calls };
}

const proposals = (ts: TrialRecord[]) => ts.map((t) => ({ index: t.index, trial: t.trial, rung: t.rung, params: t.params }));

describe('search loop: budgets', () => {
  it('stops after the trial cap', async () => {
    const { result } = loop({ strategy: 'random', trials: 7 });
    const r = await result;
    expect(r.trials).toHaveLength(7);
    expect(r.stopReason).toBe('completed');
  });

  it('stops proposing once the time budget is spent; the trials run are the start of the unbudgeted sequence', async () => {
    const full = await loop({ strategy: 'tpe', trials: 24 }).result;
    const timed = await loop({ strategy: 'tpe', trials: 24, budgetMs: 95, cost: 10 }).result;
    expect(timed.stopReason).toBe('time');
    // Proposals stop at the first check past 95 ms: 10 trials of 10 ms.
    expect(timed.trials).toHaveLength(10);
    expect(proposals(timed.trials)).toEqual(proposals(full.trials).slice(0, 10));
  });

  it('counts the time an earlier session spent', async () => {
    const search = normalizeSearch({ strategy: 'random', trials: 50, space: SPACE });
    let clock = 0;
    const r = await searchLoop({
      proposer: createProposer(search, 1), lag: 1, slots: 1, loss: (s) => -s, cancel: neverCancelled, now: () => clock,
      budgetMs: 100, elapsedBefore: 60,
      run: async (job) => ((clock += 10), { score: score(job) }),
    });
    expect(r.trials).toHaveLength(4);
    expect(r.elapsedMs).toBe(100);
  });
});

describe('search loop: cancel', () => {
  it('stops every running trial and proposes no more; cancelled trials are not recorded', async () => {
    const cancel = new CancelSource();
    let started = 0;
    const { result } = loop({
      strategy: 'random', trials: 40, slots: 4, cancel,
      run: async (job) => {
        started++;
        if (job.index === 5) cancel.cancel();
        // Give the cancel a moment to land, as a training loop checking its token between batches would.
        await new Promise((r) => setTimeout(r, 5));
        if (cancel.cancelled) throw benchtopError('cancelled');
        return { score: score(job) };
      },
    });
    const r = await result;
    expect(r.stopReason).toBe('cancelled');
    expect(started).toBeLessThanOrEqual(6 + 3);
    expect(r.trials.every((t) => t.status === 'done')).toBe(true);
    expect(r.trials.length).toBeLessThan(6);
  });

  it('fails with the reason when a cancel carries one (a lost GPU)', async () => {
    const cancel = new CancelSource();
    const { result } = loop({
      strategy: 'random', cancel,
      run: async (job) => {
        if (job.index === 2) cancel.cancel(benchtopError('gpu_device_lost', { reason: 'test' }));
        throw benchtopError('cancelled');
      },
    });
    await expect(result).rejects.toMatchObject({ code: 'gpu_device_lost' });
  });
});

describe('search loop: failures', () => {
  it('records a failed trial and goes on', async () => {
    const { result } = loop({
      strategy: 'tpe', trials: 12,
      run: async (job) => {
        if (job.index % 4 === 1) throw benchtopError('training_diverged', { epoch: 3, loss: 'NaN' });
        return { score: score(job) };
      },
    });
    const r = await result;
    expect(r.trials).toHaveLength(12);
    expect(r.trials.filter((t) => t.status === 'failed').map((t) => t.index)).toEqual([1, 5, 9]);
    expect(r.trials[1]!.error).toMatchObject({ code: 'training_diverged' });
  });

  it('gives up when the first five trials all fail', async () => {
    let calls = 0;
    const { result } = loop({
      strategy: 'random', trials: 30,
      run: async () => {
        calls++;
        throw benchtopError('no_features');
      },
    });
    await expect(result).rejects.toMatchObject({ code: 'search_trials_failed' });
    expect(calls).toBe(5);
  });
});

describe('search loop: resume', () => {
  for (const strategy of ['random', 'tpe', 'asha', 'grid'] as const) {
    it(`${strategy}: a search resumed from its finished trials proposes and scores exactly what the uninterrupted one did`, async () => {
      const grid = strategy === 'grid';
      const space = grid ? { x: { kind: 'uniform' as const, low: -2, high: 2, steps: 5 }, n: { kind: 'int' as const, low: 1, high: 6 } } : SPACE;
      const make = (extra: Partial<Run>) => {
        const search = normalizeSearch({ strategy, trials: 20, space, tpe: { startupTrials: 5 }, ...(strategy === 'asha' ? { asha: { minResource: 1, maxResource: 9, reductionFactor: 3 } } : {}) });
        const calls: number[] = [];
        let clock = 0;
        const result = searchLoop({
          proposer: createProposer(search, 4), lag: 1, slots: 1, loss: (s) => -s, cancel: extra.cancel ?? neverCancelled, now: () => clock,
          ...(extra.resumed ? { resumed: extra.resumed } : {}),
          ...(extra.onTrial ? { onTrial: extra.onTrial } : {}),
          run: async (job) => {
            calls.push(job.index);
            clock += 10;
            if (extra.cancel?.cancelled) throw benchtopError('cancelled');
            return { score: score(job) };
          },
        });
        return { result, calls };
      };
      const full = await make({}).result;
      // First session: cancelled after 8 trials.
      const cancel = new CancelSource();
      const first = await make({ cancel, onTrial: (t) => t.index === 7 && cancel.cancel() }).result;
      expect(first.trials.length).toBe(8);
      // The state survives JSON (a reload).
      const saved = JSON.parse(JSON.stringify(first.trials)) as TrialRecord[];
      const second = make({ resumed: new Map(saved.map((t) => [t.index, t])) });
      const resumed = await second.result;
      expect(second.calls[0]).toBe(8);
      expect(second.calls).toHaveLength(full.trials.length - 8);
      expect(proposals(resumed.trials)).toEqual(proposals(full.trials));
      expect(resumed.trials.map((t) => t.score)).toEqual(full.trials.map((t) => t.score));
    });
  }

  it('refuses a saved trial that the search would not propose again', async () => {
    const first = await loop({ strategy: 'random', trials: 5 }).result;
    const tampered = first.trials.map((t) => (t.index === 2 ? { ...t, params: { ...t.params, x: 0 } } : t));
    const { result } = loop({ strategy: 'random', trials: 5, resumed: new Map(tampered.map((t) => [t.index, t])) });
    await expect(result).rejects.toMatchObject({ code: 'search_resume_mismatch' });
  });
});

describe('search loop: parallel TPE', () => {
  it('proposes the same trials whatever order results arrive in; with lag 1 the pool is not used', async () => {
    const runWith = async (timingSeed: number, lag: number, slots: number) => {
      const timing = createRng(timingSeed);
      let inFlight = 0, most = 0;
      const { result } = loop({
        strategy: 'tpe', trials: 20, lag, slots,
        run: async (job) => {
          inFlight++;
          most = Math.max(most, inFlight);
          for (let i = timing.int(30); i > 0; i--) await Promise.resolve();
          inFlight--;
          return { score: score(job) };
        },
      });
      return { trials: proposals((await result).trials), most };
    };
    const a = await runWith(1, 3, 8), b = await runWith(2, 3, 8);
    expect(b.trials).toEqual(a.trials);
    expect(a.most).toBe(3);
    expect((await runWith(3, 1, 8)).most).toBe(1);
  });
});
