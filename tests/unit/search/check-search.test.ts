import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalize } from '../../../src/core/spec/normalize.ts';
import { parseSpec } from '../../../src/core/spec/parse.ts';
import { plan } from '../../../src/core/spec/plan.ts';
import type { ExperimentSpec, SearchSpec } from '../../../src/core/spec/types.ts';
import { blobsCsv, fromText } from '../../helpers/datasets.ts';

const spec = (search: Partial<SearchSpec>, model: ExperimentSpec['model'] = { kind: 'gbdt' }, extra: Partial<ExperimentSpec> = {}): ExperimentSpec =>
  ({ version: 1, target: 'label', model, ...extra, search: { space: {}, ...search } as SearchSpec });

function failure(s: unknown): { code?: string; field?: string; message?: string } {
  try {
    parseSpec(s);
  } catch (e) {
    const err = e as { code?: string; location?: { field?: string }; message?: string };
    return { code: err.code, field: err.location?.field, message: err.message };
  }
  return {};
}

describe('search spec: validation', () => {
  it('accepts a well-formed conditional space', () => {
    const s = spec(
      {
        strategy: 'tpe',
        space: {
          'model.layers': { kind: 'int', low: 0, high: 3 },
          'model.units': { kind: 'int', low: 8, high: 256, log: true, when: { param: 'model.layers', gt: 0 } },
          'model.optimizer': { kind: 'categorical', choices: ['adam', 'sgd'] },
          'model.momentum': { kind: 'uniform', low: 0.5, high: 0.99, when: { param: 'model.optimizer', in: ['sgd'] } },
          'model.learningRate': { kind: 'log-uniform', low: 1e-4, high: 0.1 },
          'training.earlyStopping.patience': { kind: 'int', low: 2, high: 20 },
        },
      },
      { kind: 'mlp' },
    );
    expect(parseSpec(s)).toBe(s);
  });

  const cases: [string, unknown, string, RegExp][] = [
    ['an unknown model field', spec({ space: { 'model.depth': { kind: 'int', low: 1, high: 5 } } }), 'search.space.model.depth', /unknown property "depth"/],
    ['a value the model refuses', spec({ space: { 'model.learningRate': { kind: 'uniform', low: 0.1, high: 3 } } }), 'search.space.model.learningRate', /model\.learningRate = 3/],
    ['low above high', spec({ space: { 'model.l2': { kind: 'uniform', low: 2, high: 1 } } }), 'search.space.model.l2', /low \(2\) must be below high \(1\)/],
    ['a non-positive log-uniform bound', spec({ space: { 'model.l2': { kind: 'log-uniform', low: 0, high: 1 } } }), 'search.space.model.l2.low', /must be > 0/],
    ['a fractional integer bound', spec({ space: { 'model.maxLeaves': { kind: 'int', low: 2.5, high: 8 } } }), 'search.space.model.maxLeaves.low', /multiple of 1/],
    ['a condition on an unknown parameter', spec({ space: { 'model.l2': { kind: 'uniform', low: 0, high: 1, when: { param: 'model.nope', gt: 0 } } } }), 'search.space.model.l2.when', /"model\.nope" is not a parameter/],
    ['a condition the parent never meets', spec({ space: { 'model.loss': { kind: 'categorical', choices: ['squared', 'absolute'] }, 'model.huberAlpha': { kind: 'uniform', low: 0.5, high: 0.9, when: { param: 'model.loss', in: ['huber'] } } } }), 'search.space.model.huberAlpha.when', /never takes "huber"/],
    ['a cycle of conditions', spec({ space: { 'model.l2': { kind: 'uniform', low: 0, high: 1, when: { param: 'model.minGainToSplit', gt: 0.5 } }, 'model.minGainToSplit': { kind: 'uniform', low: 0, high: 1, when: { param: 'model.l2', gt: 0.5 } } } }), 'search.space.model.l2.when', /cycle/],
    ['a grid over a continuous parameter without steps', spec({ strategy: 'grid', space: { 'model.l2': { kind: 'uniform', low: 0, high: 1 } } }), 'search.space.model.l2.steps', /needs "steps"/],
    ['asha on a model without a training length', spec({ strategy: 'asha', space: { 'model.k': { kind: 'int', low: 1, high: 9 } } }, { kind: 'knn' }), 'search.strategy', /"knn" has none/],
    ['asha searching its own resource', spec({ strategy: 'asha', space: { 'model.rounds': { kind: 'int', low: 10, high: 100 } } }), 'search.space.model.rounds', /asha sets rounds itself/],
    ['a path outside model, pipeline and training', spec({ space: { 'split.k': { kind: 'int', low: 2, high: 5 } } }), 'search.space.split.k', /only fields under model, pipeline, training/],
    ['a pipeline step while the pipeline is auto', spec({ space: { 'pipeline.0.kind': { kind: 'categorical', choices: ['scale'] } } }), 'search.space.pipeline.0.kind', /pipeline is "auto"/],
    ['a model field that only one searched kind has', spec({ space: { 'model.kind': { kind: 'categorical', choices: ['gbdt', 'random-forest'] }, 'model.rounds': { kind: 'int', low: 10, high: 50 } } }), 'search.space.model.rounds', /model\.kind = "random-forest".*"when": \{"param": "model\.kind"/],
    ['a duplicate choice', spec({ space: { 'model.maxBins': { kind: 'categorical', choices: [16, 32, 16] } } }), 'search.space.model.maxBins.choices', /listed twice/],
    ['an unknown distribution', spec({ space: { 'model.l2': { kind: 'normal', low: 0, high: 1 } as never } }), 'search.space.model.l2.kind', /allowed values/],
    ['an empty space', spec({ space: {} }), 'search.space', /empty/],
    ['model.units on a model that is not an mlp', spec({ space: { 'model.units': { kind: 'int', low: 4, high: 8 } } }), 'search.space.model.units', /shape an mlp/],
  ];
  for (const [what, s, field, message] of cases) {
    it(`refuses ${what} with spec_invalid at ${field}`, () => {
      const f = failure(s);
      expect(f.code).toBe('spec_invalid');
      expect(f.field).toBe(field);
      expect(f.message).toMatch(message);
    });
  }

  it('conditional fields of a searched model kind pass when made conditional', () => {
    const s = spec({ space: { 'model.kind': { kind: 'categorical', choices: ['gbdt', 'random-forest'] }, 'model.rounds': { kind: 'int', low: 10, high: 50, when: { param: 'model.kind', in: ['gbdt'] } }, 'model.maxDepth': { kind: 'int', low: 0, high: 8 } } });
    expect(failure(s)).toEqual({});
  });

  it('refuses a metric of another task once the task is known', async () => {
    const ds = await fromText(blobsCsv(40, 1));
    expect(() => plan(spec({ metric: 'rmse', space: { 'model.l2': { kind: 'uniform', low: 0, high: 1 } } }), ds)).toThrow(/search\.metric.*"rmse" is not a binary metric/);
  });
});

describe('search spec: normalize and plan', () => {
  it('fills the documented defaults', async () => {
    const s = normalize(spec({ space: { 'model.l2': { kind: 'int', low: 0, high: 3 } } }));
    expect(s.search).toEqual({ space: { 'model.l2': { kind: 'int', low: 0, high: 3, log: false } }, strategy: 'tpe', trials: 20, concurrency: 1, tpe: { startupTrials: 10, candidates: 24, gamma: 0.25 } });
    expect(normalize(spec({ timeBudgetS: 60, space: {} })).search!.trials).toBeUndefined();
    expect(normalize(spec({ strategy: 'grid', space: {} })).search!.trials).toBeUndefined();
    const ds = await fromText(blobsCsv(40, 1));
    const planned = plan(spec({ strategy: 'asha', space: { 'model.l2': { kind: 'uniform', low: 0, high: 1 } } }, { kind: 'gbdt', rounds: 90 }), ds);
    expect(planned.search).toMatchObject({ metric: 'roc_auc', direction: 'maximize', asha: { minResource: 10, maxResource: 90, reductionFactor: 3 } });
    expect(plan(spec({ metric: 'log_loss', space: { 'model.l2': { kind: 'uniform', low: 0, high: 1 } } }), ds).search!.direction).toBe('minimize');
  });

  it('a spec without a search normalizes and plans exactly as before', async () => {
    const ds = await fromText(blobsCsv(40, 1));
    const s: ExperimentSpec = { version: 1, target: 'label', model: { kind: 'gbdt' } };
    expect('search' in normalize(s)).toBe(false);
    expect('search' in plan(s, ds)).toBe(false);
  });

  it('normalize and plan are idempotent with a search (property)', async () => {
    const ds = await fromText(blobsCsv(40, 1));
    fc.assert(
      fc.property(
        fc.constantFrom('grid' as const, 'random' as const, 'tpe' as const, 'asha' as const, undefined),
        fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
        fc.option(fc.double({ min: 1, max: 1e4, noNaN: true }), { nil: undefined }),
        fc.option(fc.integer({ min: 2, max: 10 }), { nil: undefined }),
        (strategy, trials, timeBudgetS, outer) => {
          const s = spec({
            ...(strategy ? { strategy } : {}), ...(trials ? { trials } : {}), ...(timeBudgetS ? { timeBudgetS } : {}), ...(outer ? { nestedCv: { outer } } : {}),
            space: { 'model.l2': { kind: 'uniform', low: 0, high: 1, steps: 3 }, 'model.maxLeaves': { kind: 'int', low: 2, high: 8, when: { param: 'model.l2', gt: 0.1 } } },
          });
          const copy = JSON.parse(JSON.stringify(s));
          const once = normalize(s);
          expect(normalize(once)).toEqual(once);
          expect(s).toEqual(copy);
          const planned = plan(s, ds);
          expect(plan(planned, ds)).toEqual(planned);
        },
      ),
      { numRuns: 40 },
    );
  });
});
