/**
 * The proposers: what job comes next, from the finished jobs the loop shows them. Every
 * random choice draws from a generator forked from the search seed by the trial's number, so
 * a trial's values depend on the seed, the trial number and the results shown, never on
 * timing.
 */
import { createRng, type Rng } from '../random.ts';
import type { NormalizedSearch } from '../spec/search-types.ts';
import { ashaNext, ashaRungs } from './asha.ts';
import { gridOrder } from './grid.ts';
import { randomConfig } from './random-sampler.ts';
import { tpeConfig } from './tpe.ts';
import type { JobSpec } from './types.ts';

/** A finished job as a proposer sees it: loss is lower-is-better, Infinity for a failed trial. */
export interface FinishedJob extends JobSpec {
  loss: number;
}

export interface Proposer {
  /** Whether proposals depend on results (tpe, asha); if not, the loop never waits to propose. */
  readonly usesResults: boolean;
  /** ASHA's rung resources; absent for the other strategies (every trial trains fully). */
  readonly rungs?: number[];
  /**
   * Job `index`, given the finished jobs the loop shows (index order) and every job decided
   * so far; null when there is nothing to run on this information.
   */
  propose(index: number, finished: readonly FinishedJob[], decided: readonly JobSpec[]): JobSpec | null;
}

export function searchRng(seed: number): Rng {
  return createRng(seed).fork('search');
}

const trialRng = (rng: Rng, trial: number) => rng.fork(`trial:${trial}`);

export function createProposer(search: NormalizedSearch, seed: number): Proposer {
  const rng = searchRng(seed);
  const cap = search.trials ?? Infinity;
  const space = search.space;
  switch (search.strategy) {
    case 'grid': {
      const points = gridOrder(space, rng.fork('grid'));
      const n = Math.min(cap, points.length);
      return { usesResults: false, propose: (i) => (i < n ? { index: i, trial: i, params: points[i]! } : null) };
    }
    case 'random':
      return { usesResults: false, propose: (i) => (i < cap ? { index: i, trial: i, params: randomConfig(space, trialRng(rng, i)) } : null) };
    case 'tpe':
      return {
        usesResults: true,
        propose(i, finished) {
          if (i >= cap) return null;
          const observations = finished.filter((f) => Number.isFinite(f.loss)).map((f) => ({ params: f.params, loss: f.loss }));
          const params =
            i < search.tpe.startupTrials || observations.length === 0
              ? randomConfig(space, trialRng(rng, i))
              : tpeConfig(space, observations, search.tpe, trialRng(rng, i));
          return { index: i, trial: i, params };
        },
      };
    case 'asha': {
      const a = search.asha!;
      const eta = a.reductionFactor!;
      const rungs = ashaRungs(a.minResource!, a.maxResource!, eta);
      return {
        usesResults: true,
        rungs,
        propose(i, finished, decided) {
          const started = decided.filter((d) => d.rung === 0).length;
          const step = ashaNext(rungs.length, eta, finished.map((f) => ({ trial: f.trial, rung: f.rung!, loss: f.loss })), decided.map((d) => ({ trial: d.trial, rung: d.rung! })), started < cap);
          if (!step) return null;
          if (step.kind === 'new') return { index: i, trial: started, params: randomConfig(space, trialRng(rng, started)), rung: 0, resource: rungs[0]! };
          const first = decided.find((d) => d.trial === step.trial)!;
          return { index: i, trial: step.trial, params: first.params, rung: step.rung, resource: rungs[step.rung]! };
        },
      };
    }
  }
}
