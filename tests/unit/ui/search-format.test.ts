/**
 * The search panel's helpers: every default space the form offers must be a search the worker's
 * schema accepts and plan() resolves on real data; trials read as the table shows them.
 */
import { describe, expect, it } from 'vitest';
import type { TrialRecord } from '../../../src/core/search/types.ts';
import { parseSpec } from '../../../src/core/spec/parse.ts';
import { plan } from '../../../src/core/spec/plan.ts';
import type { Task } from '../../../src/core/spec/types.ts';
import {
  axisScale,
  bestSoFarPoints,
  buildSearchSpec,
  defaultMetric,
  defaultSpace,
  formatNumber,
  formatParam,
  formatScore,
  paramNames,
  parseSpaceText,
  quickModelFields,
  resumable,
  searchAxis,
  searchFraction,
  searchModelsFor,
  spaceText,
} from '../../../src/ui/components/search/search-format.ts';
import { trialWorkerCount } from '../../../workers/search-handlers.ts';
import { sample } from '../../helpers/datasets.ts';

const trial = (index: number, score: number | undefined, extra: Partial<TrialRecord> = {}): TrialRecord => ({
  index,
  trial: index,
  params: { 'model.k': index + 1 },
  status: score === undefined ? 'failed' : 'done',
  ...(score !== undefined ? { score, std: 0.01 } : {}),
  durationMs: 100,
  finishedAtMs: 100 * (index + 1),
  ...extra,
});

describe('default spaces', () => {
  const cases: [file: 'penguins.json' | 'cars.json', target: string, task: Task][] = [
    ['penguins.json', 'Species', 'multiclass'],
    ['cars.json', 'Miles_per_Gallon', 'regression'],
  ];
  for (const [file, target, task] of cases) {
    it(`every model offered for ${task} gets a space the schema accepts and plan() resolves`, async () => {
      const ds = await sample(file);
      for (const model of searchModelsFor(task)) {
        const space = defaultSpace(model);
        expect(Object.keys(space).length, model).toBeGreaterThan(0);
        const spec = buildSearchSpec({ target, task, model, space, strategy: 'random', trials: 3, timeBudgetS: 0, seed: 7, folds: 3, modelFields: quickModelFields(model) });
        const planned = plan(parseSpec(spec), ds);
        expect(Object.keys(planned.search?.space ?? {}), model).toEqual(Object.keys(space));
        expect(planned.search?.metric).toBe(defaultMetric(task).metric);
        expect(planned.search?.direction).toBe(defaultMetric(task).direction);
        expect(planned.split).toMatchObject({ kind: 'kfold', k: 3 });
      }
    });
  }

  it('a time budget is set only when positive', () => {
    const base = { target: 't', task: 'binary' as const, model: 'knn' as const, space: defaultSpace('knn'), strategy: 'tpe' as const, trials: 5, seed: 1, folds: 2 };
    expect(buildSearchSpec({ ...base, timeBudgetS: 0 }).search).not.toHaveProperty('timeBudgetS');
    expect(buildSearchSpec({ ...base, timeBudgetS: 30 }).search?.timeBudgetS).toBe(30);
  });

  it('the editor text round-trips and bad text says what is wrong', () => {
    expect(parseSpaceText(spaceText(defaultSpace('gbdt')))).toEqual({ space: defaultSpace('gbdt') });
    expect(parseSpaceText('{"model.k": ')).toMatchObject({ error: expect.stringMatching(/not valid JSON/) });
    expect(parseSpaceText('[1]')).toMatchObject({ error: expect.stringMatching(/JSON object/) });
    expect(parseSpaceText('{}')).toMatchObject({ error: expect.stringMatching(/empty/) });
  });
});

describe('formatting', () => {
  it('numbers, params and scores', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(0.0000123)).toBe('1.23e-5');
    expect(formatNumber(undefined)).toBe('—');
    expect(formatParam(12)).toBe('12');
    expect(formatParam('distance')).toBe('distance');
    expect(formatParam([64, 32])).toBe('[64,32]');
    expect(formatScore(0.9, 0.01)).toBe('0.9 ± 0.01');
    expect(formatScore(undefined, undefined)).toBe('—');
  });

  it('parameter columns: the space first, then any other a trial set', () => {
    const trials = [trial(0, 0.5, { params: { 'model.k': 3, 'model.extra': 'x' } })];
    expect(paramNames({ 'model.weights': { kind: 'categorical', choices: ['uniform'] }, 'model.k': { kind: 'int', low: 1, high: 9 } }, trials)).toEqual([
      'model.weights',
      'model.k',
      'model.extra',
    ]);
  });
});

describe('best so far', () => {
  it('keeps the best score in finishing order, skipping failures', () => {
    const trials = [trial(0, 0.5), trial(1, undefined), trial(2, 0.4), trial(3, 0.7)];
    expect(bestSoFarPoints(trials, 'maximize')).toEqual([
      [1, 0.5],
      [2, 0.5],
      [3, 0.5],
      [4, 0.7],
    ]);
    expect(bestSoFarPoints(trials, 'minimize').map(([, b]) => b)).toEqual([0.5, 0.5, 0.4, 0.4]);
  });

  it('under ASHA only full trainings count', () => {
    const trials = [trial(0, 0.9, { rung: 0 }), trial(1, 0.6, { rung: 1 })];
    expect(bestSoFarPoints(trials, 'maximize', 1)).toEqual([[2, 0.6]]);
  });
});

describe('progress, resume and pool size', () => {
  it('fraction of the trial cap, indeterminate without one', () => {
    expect(searchFraction(3, 12)).toBe(0.25);
    expect(searchFraction(20, 12)).toBe(1);
    expect(searchFraction(3, undefined)).toBe(-1);
  });

  it('a search is resumable when it stopped with finished trials', () => {
    const state = { version: 1 as const, spec: { version: 1 as const, target: 't' }, datasetFingerprint: 'f', elapsedMs: 1, trials: [trial(0, 0.5)] };
    expect(resumable('cancelled', state)).toBe(true);
    expect(resumable('interrupted', state)).toBe(true);
    expect(resumable('done', state)).toBe(false);
    expect(resumable('running', state)).toBe(false);
    expect(resumable('cancelled', { ...state, trials: [] })).toBe(false);
    expect(resumable('cancelled', undefined)).toBe(false);
  });

  it('trial workers: every core but one, none on a single core', () => {
    expect(trialWorkerCount(8)).toBe(7);
    expect(trialWorkerCount(2)).toBe(1);
    expect(trialWorkerCount(1)).toBe(0);
    expect(trialWorkerCount(undefined)).toBe(0);
  });
});

describe('parallel axes', () => {
  it('log-scaled spaces sit on the log scale; categories spread evenly; missing values stay missing', () => {
    expect(axisScale({ kind: 'int', low: 1, high: 64, log: true })).toBe('log');
    expect(axisScale({ kind: 'uniform', low: 0, high: 1 })).toBe('linear');
    expect(axisScale({ kind: 'categorical', choices: ['a'] })).toBe('category');
    const log = searchAxis('k', 'k', [1, 10, 100, undefined], 'log');
    expect(log.positions[0]).toBe(0);
    expect(log.positions[1]).toBeCloseTo(0.5, 10);
    expect(log.positions[2]).toBe(1);
    expect(log.positions[3]).toBeUndefined();
    const cat = searchAxis('w', 'w', ['uniform', 'distance', 'uniform'], 'category');
    expect(cat.positions).toEqual([1, 0, 1]);
    expect(cat.ticks.map((t) => t.label)).toEqual(['distance', 'uniform']);
  });
});
