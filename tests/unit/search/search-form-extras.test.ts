import { describe, expect, it } from 'vitest';
import { buildSearchSpec, defaultConcurrency, extraProblems, searchMetrics } from '../../../src/ui/components/search/search-format.ts';
import { trialWorkerCount } from '../../../workers/search-handlers.ts';

const form = { target: 'Species', task: 'multiclass' as const, model: 'gbdt' as const, space: { 'model.l2': { kind: 'uniform' as const, low: 0, high: 1 } }, strategy: 'tpe' as const, trials: 10, timeBudgetS: 0, seed: 1, folds: 3 };

describe('search form: metric, parallel trials, nested CV', () => {
  it('puts the chosen metric, concurrency and nested CV into the search spec, and leaves them out when unset', () => {
    const s = buildSearchSpec({ ...form, metric: 'accuracy', concurrency: 3, nestedOuter: 4 });
    expect(s.search).toMatchObject({ metric: 'accuracy', concurrency: 3, nestedCv: { outer: 4 } });
    const plain = buildSearchSpec(form);
    expect(plain.search).not.toHaveProperty('metric');
    expect(plain.search).not.toHaveProperty('concurrency');
    expect(plain.search).not.toHaveProperty('nestedCv');
  });

  it('offers the task’s metrics only', () => {
    expect(searchMetrics('regression')).toContain('rmse');
    expect(searchMetrics('regression')).not.toContain('roc_auc');
    expect(searchMetrics('binary')).toContain('roc_auc');
    expect(searchMetrics('')).toEqual([]);
  });

  it('suggests every core but one, and says what is wrong with the parallel and nested fields', () => {
    expect(defaultConcurrency(8)).toBe(7);
    expect(defaultConcurrency(1)).toBe(1);
    expect(defaultConcurrency(undefined)).toBe(1);
    expect(extraProblems({ concurrency: 2, nested: false, nestedOuter: 1, maxConcurrency: 4 })).toEqual([]);
    expect(extraProblems({ concurrency: 0, nested: false, nestedOuter: 3, maxConcurrency: 4 })[0]).toMatch(/Parallel trials .* 1 to 4/);
    expect(extraProblems({ concurrency: 5, nested: false, nestedOuter: 3, maxConcurrency: 4 })).toHaveLength(1);
    expect(extraProblems({ concurrency: 1.5, nested: false, nestedOuter: 3, maxConcurrency: 4 })).toHaveLength(1);
    expect(extraProblems({ concurrency: 1, nested: true, nestedOuter: 1, maxConcurrency: 4 })[0]).toMatch(/Outer folds .* 2 to 20/);
    expect(extraProblems({ concurrency: 1, nested: true, nestedOuter: 5, maxConcurrency: 4 })).toEqual([]);
  });

  it('sizes the worker pool by the search’s concurrency when it sets one', () => {
    expect(trialWorkerCount(8, 3)).toBe(3);
    expect(trialWorkerCount(8)).toBe(7);
    expect(trialWorkerCount(1, 3)).toBe(0);
  });
});
