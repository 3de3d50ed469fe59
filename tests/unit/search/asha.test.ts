import { describe, expect, it } from 'vitest';
import { neverCancelled } from '../../../src/core/jobs.ts';
import { createRng } from '../../../src/core/random.ts';
import { ashaNext, ashaRungs } from '../../../src/core/search/asha.ts';
import { createProposer } from '../../../src/core/search/propose.ts';
import { searchLoop } from '../../../src/core/search/search-loop.ts';
import type { JobSpec, TrialRecord } from '../../../src/core/search/types.ts';
import { normalizeSearch } from '../../../src/core/spec/normalize-search.ts';

describe('ashaRungs', () => {
  it('divides the full resource by the reduction factor down to the minimum', () => {
    expect(ashaRungs(1, 27, 3)).toEqual([1, 3, 9, 27]);
    expect(ashaRungs(2, 20, 3)).toEqual([2, 7, 20]);
    expect(ashaRungs(11, 100, 3)).toEqual([11, 33, 100]);
    expect(ashaRungs(5, 5, 3)).toEqual([5]);
    expect(ashaRungs(1, 16, 2)).toEqual([1, 2, 4, 8, 16]);
  });
});

describe('ashaNext', () => {
  const results = (losses: number[], rung = 0) => losses.map((loss, trial) => ({ trial, rung, loss }));

  it('promotes the best 1/eta of a rung, best first, once each, then starts new configurations', () => {
    const finished = results([5, 1, 7, 3, 9, 2, 8, 6, 4]);
    const decided: { trial: number; rung: number }[] = finished.map((f) => ({ trial: f.trial, rung: 0 }));
    const promoted: number[] = [];
    for (;;) {
      const step = ashaNext(3, 3, finished, decided, true)!;
      if (step.kind === 'new') break;
      expect(step.rung).toBe(1);
      promoted.push(step.trial);
      decided.push({ trial: step.trial, rung: 1 });
    }
    // 9 finished, eta 3: the three lowest losses (trials 1, 5, 3), in that order.
    expect(promoted).toEqual([1, 5, 3]);
  });

  it('does not promote before a rung holds eta results, nor failed trials; returns null when no new trial may start', () => {
    expect(ashaNext(3, 3, results([1, 2]), [{ trial: 0, rung: 0 }, { trial: 1, rung: 0 }], true)).toEqual({ kind: 'new' });
    expect(ashaNext(3, 3, results([Infinity, Infinity, Infinity]), [0, 1, 2].map((trial) => ({ trial, rung: 0 })), false)).toBeNull();
  });

  it('a small budget still ends with one configuration trained fully: the best of the highest rung goes up', () => {
    // Two configurations on rung 0 (fewer than eta): the rule promotes nothing, but the top rung is empty.
    const finished = results([0.4, 0.2]);
    const decided = [{ trial: 0, rung: 0 }, { trial: 1, rung: 0 }];
    expect(ashaNext(3, 3, finished, decided, true)).toEqual({ kind: 'new' });
    expect(ashaNext(3, 3, finished, decided, false)).toEqual({ kind: 'promote', trial: 1, rung: 1 });
    // Not while a chosen job is still running: its result may change the pick.
    expect(ashaNext(3, 3, finished, [...decided, { trial: 2, rung: 0 }], false)).toBeNull();
    const onTop = [...finished, { trial: 1, rung: 1, loss: 0.1 }];
    const decided2 = [...decided, { trial: 1, rung: 1 }];
    expect(ashaNext(3, 3, onTop, decided2, false)).toEqual({ kind: 'promote', trial: 1, rung: 2 });
    expect(ashaNext(3, 3, [...onTop, { trial: 1, rung: 2, loss: 0.05 }], [...decided2, { trial: 1, rung: 2 }], false)).toBeNull();
  });

  it('prefers the highest rung with a promotable configuration', () => {
    const finished = [...results([1, 2, 3]), ...results([0.5, 0.7, 0.9], 1).map((r, i) => ({ ...r, trial: i }))];
    const decided = [0, 1, 2].flatMap((trial) => [{ trial, rung: 0 }, { trial, rung: 1 }]);
    expect(ashaNext(3, 3, finished, decided, true)).toEqual({ kind: 'promote', trial: 0, rung: 2 });
  });
});

/** A synthetic training curve: loss falls with the resource, scaled by a quality only the configuration sets. */
const quality = (p: Record<string, unknown>) => ((p.x as number) - 0.3) ** 2 + 0.1 * (p.y as number);
const lossAt = (job: JobSpec) => quality(job.params) + 1 / Math.sqrt(job.resource!);

function ashaSearch(trials: number, opts: { lag?: number; slots?: number; delays?: number; finishOrder?: number[] } = {}) {
  const search = normalizeSearch({
    strategy: 'asha', trials, space: { x: { kind: 'uniform', low: 0, high: 1 }, y: { kind: 'int', low: 0, high: 5 } },
    asha: { minResource: 1, maxResource: 27, reductionFactor: 3 },
  });
  const proposer = createProposer(search, 9);
  const timing = createRng(opts.delays ?? 0);
  let clock = 0;
  return searchLoop({
    proposer, lag: opts.lag ?? 1, slots: opts.slots ?? 1, loss: (s) => s, cancel: neverCancelled, now: () => clock,
    onTrial: (t) => opts.finishOrder?.push(t.index),
    run: async (job) => {
      // Random completion order when delays are on: results arrive out of proposal order.
      if (opts.delays !== undefined) for (let i = timing.int(20); i > 0; i--) await Promise.resolve();
      clock += job.resource!;
      return { score: lossAt(job) };
    },
  });
}

const byRung = (trials: TrialRecord[], rung: number) => trials.filter((t) => t.rung === rung);

describe('ASHA in the search loop', () => {
  it('every rung promotes at least its best 1/eta, and about that fraction overall', async () => {
    const { trials, stopReason } = await ashaSearch(81);
    expect(stopReason).toBe('completed');
    expect(byRung(trials, 0)).toHaveLength(81);
    for (let k = 0; k < 3; k++) {
      const here = byRung(trials, k).sort((a, b) => a.score! - b.score!);
      const up = new Set(byRung(trials, k + 1).map((t) => t.trial));
      const top = Math.floor(here.length / 3);
      for (const t of here.slice(0, top)) expect(up.has(t.trial), `rung ${k}: trial ${t.trial} is in the top 1/3`).toBe(true);
      // Asynchronous promotion may promote a configuration that a later one pushes out of the top third, but not many.
      expect(up.size).toBeGreaterThanOrEqual(top);
      expect(up.size).toBeLessThanOrEqual(Math.ceil(here.length / 3) + 3);
      for (const t of byRung(trials, k + 1)) expect(t.resource).toBe([1, 3, 9, 27][k + 1]);
    }
    // A promoted configuration keeps its values.
    for (const t of byRung(trials, 3)) expect(t.params).toEqual(byRung(trials, 0).find((r) => r.trial === t.trial)!.params);
  });

  it('spends far less than running every configuration fully', async () => {
    const { trials } = await ashaSearch(81);
    const spent = trials.reduce((s, t) => s + t.resource!, 0);
    expect(spent).toBeLessThan(0.25 * 81 * 27);
  });

  it('is deterministic, and in parallel the same whatever order the results arrive in', async () => {
    const key = (ts: TrialRecord[]) => ts.map((t) => `${t.index}:${t.trial}:${t.rung}:${JSON.stringify(t.params)}`);
    expect(key((await ashaSearch(30)).trials)).toEqual(key((await ashaSearch(30)).trials));
    const orders: number[][] = [[], [], []];
    const parallel = await Promise.all([1, 2, 3].map((d, i) => ashaSearch(30, { lag: 4, slots: 4, delays: d, finishOrder: orders[i]! })));
    // The runs really did finish out of order, and differently.
    expect(orders[0]).not.toEqual([...orders[0]!].sort((a, b) => a - b));
    expect(orders[1]).not.toEqual(orders[0]);
    expect(key(parallel[1]!.trials)).toEqual(key(parallel[0]!.trials));
    expect(key(parallel[2]!.trials)).toEqual(key(parallel[0]!.trials));
  });
});
