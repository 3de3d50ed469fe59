import { describe, expect, it } from 'vitest';
import { applyParams } from '../../../src/core/spec/apply-params.ts';
import type { ExperimentSpec } from '../../../src/core/spec/types.ts';

const base: ExperimentSpec = {
  version: 1,
  target: 'y',
  model: { kind: 'gbdt', rounds: 50, learningRate: 0.1 },
  pipeline: [{ kind: 'impute', select: 'numeric' }, { kind: 'scale', method: 'standard' } as never],
};

describe('applyParams', () => {
  it('sets dotted paths into the model, the pipeline and training without touching the input', () => {
    const copy = JSON.parse(JSON.stringify(base));
    const out = applyParams(base, { 'model.learningRate': 0.3, 'pipeline.1': { kind: 'scale', method: 'robust' }, 'training.validationFraction': 0.2 });
    expect(out.model).toEqual({ kind: 'gbdt', rounds: 50, learningRate: 0.3 });
    expect((out.pipeline as unknown[])[1]).toEqual({ kind: 'scale', method: 'robust' });
    expect(out.training).toEqual({ validationFraction: 0.2 });
    expect(base).toEqual(copy);
  });

  it('a new kind starts its object afresh, and its own fields come from the other parameters', () => {
    const out = applyParams(base, { 'model.kind': 'random-forest', 'model.trees': 20 });
    expect(out.model).toEqual({ kind: 'random-forest', trees: 20 });
  });

  it('model.layers and model.units build an mlp’s hidden layers (width only when there is depth)', () => {
    const mlp: ExperimentSpec = { version: 1, target: 'y', model: { kind: 'mlp', hiddenLayers: [64, 32] } };
    expect(applyParams(mlp, { 'model.layers': 3, 'model.units': 16 }).model).toMatchObject({ hiddenLayers: [16, 16, 16] });
    expect(applyParams(mlp, { 'model.layers': 0 }).model).toMatchObject({ hiddenLayers: [] });
    expect(applyParams(mlp, { 'model.units': 8 }).model).toMatchObject({ hiddenLayers: [8, 8] });
  });

  it('names the parameter when a path does not lead anywhere', () => {
    expect(() => applyParams(base, { 'pipeline.5.method': 'robust' })).toThrow(/search\.space\.pipeline\.5\.method.*has 2 entries/);
    expect(() => applyParams(base, { 'model.learningRate.x': 1 })).toThrow(/"model\.learningRate" is 0\.1, not an object or list/);
    expect(() => applyParams(base, { seed: 3 })).toThrow(/only fields under model, pipeline, training/);
  });
});
