/**
 * The studio's form -> ExperimentSpec mapping: whatever the form lets through must be a spec
 * the worker's schema accepts and plan() can resolve, for every model and split it offers.
 */
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../../src/core/spec/parse.ts';
import { plan } from '../../../src/core/spec/plan.ts';
import {
  buildSpec,
  defaultAdvanced,
  formProblems,
  memberModelsFor,
  modelsFor,
  strategiesFor,
  type TrainFormValues,
} from '../../../src/ui/components/train-spec.ts';
import { sample } from '../../helpers/datasets.ts';

const base: TrainFormValues = {
  target: 'Species', task: 'multiclass', model: 'mlp', hiddenLayers: '16,8', activation: 'relu', learningRate: 0.01,
  epochs: 5, batchSize: 32, l2: 0, seed: 42, testSize: 0.2, evaluation: 'holdout', strategy: 'stratified', splitColumn: '',
  folds: 5, finalTest: 0, backend: 'cpu',
  // What the form holds once a model is picked (its per-model fields start at the defaults).
  baselineStrategy: 'prior', knnK: 5, knnWeights: 'uniform', varSmoothing: 1e-9, ensembleMethod: 'soft-vote', ensembleFolds: 5,
};
const data = { fingerprint: 'f'.repeat(64), name: 'penguins' };

describe('buildSpec', () => {
  it('every model the form offers builds a schema-valid, plannable spec', async () => {
    const ds = await sample('penguins.json');
    for (const model of modelsFor('multiclass')) {
      const v: TrainFormValues = { ...base, model, ensembleMembers: memberModelsFor('multiclass').slice(0, 2), advanced: defaultAdvanced() };
      expect(formProblems(v), model).toEqual([]);
      const spec = parseSpec(JSON.parse(JSON.stringify(buildSpec(v, data))));
      expect(plan(spec, ds).model.kind).toBe(model);
    }
  });

  it('every split the form offers builds a plannable spec', async () => {
    const ds = await sample('seattle-weather.csv');
    const v0 = { ...base, target: 'weather', model: 'baseline' as const };
    for (const evaluation of ['holdout', 'kfold'] as const) {
      for (const strategy of strategiesFor(evaluation, 'multiclass')) {
        const splitColumn = strategy.includes('time') ? 'date' : strategy.includes('group') ? 'wind' : strategy === 'column' ? '' : '';
        if (strategy === 'column') continue; // needs a train/test column the sample does not have
        const v = { ...v0, evaluation, strategy, splitColumn, folds: 3 };
        expect(formProblems(v), `${evaluation}/${strategy}`).toEqual([]);
        const planned = plan(parseSpec(buildSpec(v, data)), ds);
        expect(planned.split.kind).toBe(evaluation);
        expect(planned.split.strategy).toBe(strategy);
      }
    }
  });

  it('writes advanced options only when they differ from the defaults', () => {
    const plain = buildSpec({ ...base, advanced: defaultAdvanced() }, data);
    expect(plain.model).toEqual({ kind: 'mlp', hiddenLayers: [16, 8], activation: 'relu', learningRate: 0.01, epochs: 5, batchSize: 32 });
    const tuned = buildSpec({ ...base, advanced: { ...defaultAdvanced(), optimizer: 'adamw', weightDecay: 0.05, scheduleKind: 'cosine', sanityChecks: false } }, data);
    expect(tuned.model).toMatchObject({ optimizer: 'adamw', weightDecay: 0.05, schedule: { kind: 'cosine' } });
    expect(tuned.training).toMatchObject({ sanityChecks: 'off' });
  });

  it('reports form problems instead of building a broken spec', () => {
    expect(formProblems({ ...base, hiddenLayers: '16,x' })).not.toEqual([]);
    expect(formProblems({ ...base, model: 'ensemble', ensembleMembers: ['knn'] })).not.toEqual([]);
    expect(formProblems({ ...base, evaluation: 'kfold', strategy: 'group', splitColumn: '' })).not.toEqual([]);
  });
});
