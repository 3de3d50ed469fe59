import { describe, expect, it } from 'vitest';
import { createProposer } from '../../../src/core/search/propose.ts';
import type { FinishedJob } from '../../../src/core/search/propose.ts';
import type { JobSpec } from '../../../src/core/search/types.ts';
import { normalizeSearch } from '../../../src/core/spec/normalize-search.ts';
import type { SearchSpace } from '../../../src/core/spec/search-types.ts';
import { binomialCdf } from '../../../src/core/stats/distributions.ts';

/** A shifted quadratic bowl over mixed parameters: two floats, an integer, a log-scale rate and a categorical. */
const SPACE: SearchSpace = {
  a: { kind: 'uniform', low: -5, high: 5 },
  b: { kind: 'uniform', low: -5, high: 5 },
  c: { kind: 'int', low: -20, high: 20 },
  lr: { kind: 'log-uniform', low: 1e-5, high: 1 },
  opt: { kind: 'categorical', choices: ['x', 'y', 'z', 'w'] },
};
const objective = (p: Record<string, unknown>): number =>
  ((p.a as number) - 1.3) ** 2 + ((p.b as number) + 2.1) ** 2 + (((p.c as number) - 7) / 4) ** 2 + (Math.log10(p.lr as number) + 2.5) ** 2 + (p.opt === 'z' ? 0 : 1);

/** Best loss after each trial. */
function curve(strategy: 'random' | 'tpe', seed: number, n: number): number[] {
  const p = createProposer(normalizeSearch({ strategy, trials: n, space: SPACE }), seed);
  const jobs: JobSpec[] = [], done: FinishedJob[] = [];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const job = p.propose(i, done, jobs)!;
    jobs.push(job);
    const loss = objective(job.params);
    done.push({ ...job, loss });
    out.push(Math.min(loss, out[i - 1] ?? Infinity));
  }
  return out;
}

describe('TPE against random search on a synthetic quadratic', () => {
  const N = 60, SEEDS = 40;
  const runs = Array.from({ length: SEEDS }, (_, s) => ({ random: curve('random', s, N), tpe: curve('tpe', s, N) }));

  it('finds a better optimum on most seeds (one-sided sign test, p < 0.01) and by a wide margin on average', () => {
    const wins = runs.filter((r) => r.tpe[N - 1]! < r.random[N - 1]!).length;
    // P(X >= wins) under "no difference" (each seed a fair coin).
    const pValue = 1 - binomialCdf(wins - 1, SEEDS, 0.5);
    expect(pValue).toBeLessThan(0.01);
    const meanLog = (k: 'random' | 'tpe') => runs.reduce((s, r) => s + Math.log(r[k][N - 1]!), 0) / SEEDS;
    // At least 2.5x lower final loss (geometric mean over seeds).
    expect(meanLog('tpe')).toBeLessThan(meanLog('random') - Math.log(2.5));
  });

  it("reaches random search's final score in fewer trials on most seeds", () => {
    const reached = runs.map((r) => r.tpe.findIndex((v) => v <= r.random[N - 1]!) + 1).filter((t) => t > 0);
    const sorted = [...reached].sort((a, b) => a - b);
    expect(reached.length).toBeGreaterThan(SEEDS * 0.75);
    // The median seed gets there in at most half of random's trials.
    expect(sorted[Math.floor(SEEDS / 2)] ?? Infinity).toBeLessThanOrEqual(N / 2);
  });

  it('starts with the documented random trials: the first 10 proposals equal random search’s', () => {
    for (const r of runs.slice(0, 5)) expect(r.tpe.slice(0, 10)).toEqual(r.random.slice(0, 10));
  });
});
