import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/random.ts';
import { gridPoints } from '../../../src/core/search/grid.ts';
import { createProposer, type FinishedJob } from '../../../src/core/search/propose.ts';
import type { JobSpec } from '../../../src/core/search/types.ts';
import { randomConfig } from '../../../src/core/search/random-sampler.ts';
import { isActive } from '../../../src/core/search/space.ts';
import { tpeConfig, type Observation } from '../../../src/core/search/tpe.ts';
import { normalizeSearch } from '../../../src/core/spec/normalize-search.ts';
import type { ParamSpec, SearchSpace } from '../../../src/core/spec/search-types.ts';

/** A conditional space: depth gates width, an optimiser choice gates momentum. */
const SPACE: SearchSpace = {
  'model.learningRate': { kind: 'log-uniform', low: 1e-4, high: 1 },
  'model.dropout': { kind: 'uniform', low: 0, high: 0.5 },
  'model.layers': { kind: 'int', low: 0, high: 3 },
  'model.units': { kind: 'int', low: 4, high: 512, log: true, when: { param: 'model.layers', gt: 0 } },
  'model.optimizer': { kind: 'categorical', choices: ['adam', 'sgd'] },
  'model.momentum': { kind: 'uniform', low: 0.5, high: 0.99, when: { param: 'model.optimizer', in: ['sgd'] } },
};

function inBounds(p: ParamSpec, v: unknown): boolean {
  if (p.kind === 'categorical') return p.choices.includes(v as never);
  if (typeof v !== 'number' || v < p.low || v > p.high) return false;
  return p.kind !== 'int' || Number.isInteger(v);
}

function respectsSpace(space: SearchSpace, config: Record<string, unknown>): void {
  for (const [name, p] of Object.entries(space)) {
    const active = isActive(space, name, config as never);
    expect(name in config, `${name} present iff active`).toBe(active);
    if (active) expect(inBounds(p, config[name]), `${name} = ${String(config[name])}`).toBe(true);
  }
}

/** Arbitrary numeric parameters: bounds, log and int variants. */
const numericParam: fc.Arbitrary<ParamSpec> = fc.oneof(
  fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e6, noNaN: true })).map(([low, w]): ParamSpec => ({ kind: 'uniform', low, high: low + w })),
  fc.tuple(fc.double({ min: 1e-8, max: 1e3, noNaN: true }), fc.double({ min: 1.001, max: 1e6, noNaN: true })).map(([low, f]): ParamSpec => ({ kind: 'log-uniform', low, high: low * f })),
  fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 5000 }), fc.boolean()).map(([low, w, log]): ParamSpec =>
    log ? { kind: 'int', low: Math.abs(low) + 1, high: Math.abs(low) + 1 + w, log } : { kind: 'int', low, high: low + w, log }),
);

describe('samplers respect the space', () => {
  it('random draws stay in bounds, integers are integers, inactive parameters are absent (property)', () => {
    fc.assert(
      fc.property(numericParam, fc.nat(), (p, seed) => {
        const space: SearchSpace = { x: p, gate: { kind: 'categorical', choices: ['on', 'off'] }, y: { ...p, when: { param: 'gate', in: ['on'] } } };
        for (let t = 0; t < 5; t++) respectsSpace(space, randomConfig(space, createRng(seed).fork(`t${t}`)));
      }),
      { numRuns: 200 },
    );
  });

  it('TPE proposals stay in bounds and respect conditions whatever it has seen (property)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 40 }), (seed, n) => {
        const rng = createRng(seed);
        const obs: Observation[] = Array.from({ length: n }, (_, i) => ({ params: randomConfig(SPACE, rng.fork(`o${i}`)), loss: rng.normal() }));
        for (let t = 0; t < 3; t++) respectsSpace(SPACE, tpeConfig(SPACE, obs, { candidates: 24, gamma: 0.25 }, rng.fork(`p${t}`)));
      }),
      { numRuns: 100 },
    );
  });

  it('log-uniform and log integers spread evenly over orders of magnitude', () => {
    const space: SearchSpace = { lr: { kind: 'log-uniform', low: 1e-4, high: 1 }, units: { kind: 'int', low: 1, high: 1000, log: true } };
    const rng = createRng(7);
    const draws = Array.from({ length: 4000 }, (_, i) => randomConfig(space, rng.fork(`t${i}`)));
    // Each decade of [1e-4, 1] should hold about a quarter of the draws.
    for (let d = -4; d < 0; d++) {
      const share = draws.filter((c) => (c.lr as number) >= 10 ** d && (c.lr as number) < 10 ** (d + 1)).length / draws.length;
      expect(share).toBeGreaterThan(0.21);
      expect(share).toBeLessThan(0.29);
    }
    const small = draws.filter((c) => (c.units as number) <= 31).length / draws.length;
    // P(units <= 31) = log(31.5/0.5) / log(1000.5/0.5), about 0.545, far from the uniform 0.031.
    expect(small).toBeGreaterThan(0.5);
    expect(small).toBeLessThan(0.59);
  });

  it('conditional parameters appear exactly when their condition holds', () => {
    const rng = createRng(1);
    let withUnits = 0, withMomentum = 0;
    for (let i = 0; i < 300; i++) {
      const c = randomConfig(SPACE, rng.fork(`t${i}`));
      respectsSpace(SPACE, c);
      expect('model.units' in c).toBe((c['model.layers'] as number) > 0);
      expect('model.momentum' in c).toBe(c['model.optimizer'] === 'sgd');
      if ('model.units' in c) withUnits++;
      if ('model.momentum' in c) withMomentum++;
    }
    expect(withUnits).toBeGreaterThan(180);
    expect(withMomentum).toBeGreaterThan(100);
    expect(withMomentum).toBeLessThan(200);
  });
});

describe('grid', () => {
  it('crosses every value and leaves conditional parameters out where inactive', () => {
    const space: SearchSpace = {
      layers: { kind: 'int', low: 0, high: 2 },
      units: { kind: 'categorical', choices: [16, 64], when: { param: 'layers', gt: 0 } },
      lr: { kind: 'log-uniform', low: 0.001, high: 0.1, steps: 3 },
    };
    const points = gridPoints(space);
    // layers 0: 3 lrs; layers 1 and 2: 2 units x 3 lrs each.
    expect(points).toHaveLength(3 + 2 * 2 * 3);
    expect(new Set(points.map((p) => JSON.stringify(p))).size).toBe(points.length);
    expect(points.filter((p) => p.layers === 0).every((p) => !('units' in p))).toBe(true);
    const lrs = [...new Set(points.map((p) => p.lr as number))].sort((a, b) => a - b);
    expect(lrs[0]).toBeCloseTo(0.001, 12);
    expect(lrs[1]).toBeCloseTo(0.01, 12);
    expect(lrs[2]).toBeCloseTo(0.1, 12);
  });

  it('a grid search runs each point once, then stops', () => {
    const search = normalizeSearch({ strategy: 'grid', space: { a: { kind: 'categorical', choices: ['x', 'y', 'z'] }, b: { kind: 'int', low: 1, high: 4 } } });
    const p = createProposer(search, 3);
    const jobs: JobSpec[] = [];
    for (let i = 0; ; i++) {
      const j = p.propose(i, [], jobs);
      if (!j) break;
      jobs.push(j);
    }
    expect(jobs).toHaveLength(12);
    expect(new Set(jobs.map((j) => JSON.stringify(j.params))).size).toBe(12);
  });
});

describe('determinism', () => {
  const propose = (strategy: 'random' | 'tpe' | 'grid', seed: number, n: number) => {
    const search = normalizeSearch({ strategy, trials: n, space: { ...SPACE, 'model.dropout': { kind: 'uniform', low: 0, high: 0.5, steps: 3 }, 'model.learningRate': { kind: 'log-uniform', low: 1e-4, high: 1, steps: 4 }, 'model.momentum': { kind: 'uniform', low: 0.5, high: 0.99, steps: 2, when: { param: 'model.optimizer', in: ['sgd'] } } } });
    const p = createProposer(search, seed);
    const jobs: JobSpec[] = [];
    const finished: FinishedJob[] = [];
    for (let i = 0; i < n; i++) {
      const job = p.propose(i, finished, jobs)!;
      jobs.push(job);
      // A deterministic objective of the proposal, so TPE's later proposals depend on results.
      finished.push({ ...job, loss: Math.abs(Math.log10(job.params['model.learningRate'] as number) + 2) + (job.params['model.dropout'] as number) });
    }
    return jobs.map((j) => j.params);
  };

  for (const strategy of ['random', 'tpe', 'grid'] as const) {
    it(`${strategy}: the same seed proposes the same trials; another seed others`, () => {
      const a = propose(strategy, 11, 25);
      expect(propose(strategy, 11, 25)).toEqual(a);
      expect(propose(strategy, 12, 25)).not.toEqual(a);
    });
  }

  it('the order the space lists its parameters in does not change the proposals', () => {
    const reversed = Object.fromEntries(Object.entries(SPACE).reverse());
    const a = randomConfig(SPACE, createRng(5).fork('t'));
    const b = randomConfig(reversed, createRng(5).fork('t'));
    expect(b).toEqual(a);
  });
});
