import { afterAll, describe, expect, it } from 'vitest';
import { mlpParams } from '../../../../src/core/export/onnx/mlp-params.ts';
import { mlpToOnnx } from '../../../../src/core/export/onnx/mlp-to-onnx.ts';
import { targetScale } from '../../../../src/core/train/net-setup.ts';
import type { TrainedNet } from '../../../../src/core/train/train-net.ts';
import type { MlpModel, Task } from '../../../../src/core/spec/types.ts';
import { diffs, expectMatches, features, fitModel, runOnnx, targets } from './helpers.ts';

const n = 150, d = 5, m = 50;
const X = features(n, d, 21);
const Xtest = features(m, d, 22);

afterAll(() => console.info('mlp max |ONNX - Benchtop|:', diffs));

const cases: { name: string; task: Task; k: number; spec: MlpModel }[] = [
  { name: 'binary, relu, dropout', task: 'binary', k: 2, spec: { kind: 'mlp', hiddenLayers: [8, 6], activation: 'relu', dropout: 0.2 } },
  { name: 'binary, sigmoid', task: 'binary', k: 2, spec: { kind: 'mlp', hiddenLayers: [6], activation: 'sigmoid' } },
  { name: 'multiclass, tanh, batch norm', task: 'multiclass', k: 3, spec: { kind: 'mlp', hiddenLayers: [8, 4], activation: 'tanh', batchNorm: true } },
  { name: 'regression, gelu', task: 'regression', k: 1, spec: { kind: 'mlp', hiddenLayers: [8], activation: 'gelu' } },
  { name: 'regression, elu, batch norm, dropout', task: 'regression', k: 1, spec: { kind: 'mlp', hiddenLayers: [6, 6], activation: 'elu', batchNorm: true, dropout: 0.1 } },
];

describe('MLP -> ONNX: ONNX Runtime predicts what the trained TF.js network predicts', () => {
  for (const c of cases)
    it(c.name, async () => {
      const y = targets(X, n, d, c.task, c.k, 23);
      const model = (await fitModel({ epochs: 12, learningRate: 0.01, batchSize: 32, ...c.spec }, { X, n, d, y, k: c.k }, c.task)) as unknown as TrainedNet;
      try {
        const weights = await model.getWeights();
        // Batch norm moved its running statistics away from the initial 0 / 1, so the test sees them.
        if (c.spec.batchNorm) expect(Array.from(weights.find((w) => w.name === 'layer0/runMean')!.values).some((v) => v !== 0)).toBe(true);
        const params = mlpParams(weights, { d, task: c.task, activation: c.spec.activation!, ...(c.task === 'regression' ? { targetScale: targetScale(y as Float64Array) } : {}) });
        expect(params.layers).toHaveLength(c.spec.hiddenLayers!.length + 1);
        const bytes = mlpToOnnx(params, { modelKind: 'mlp', ...(c.k > 1 ? { classes: Array.from({ length: c.k }, (_, i) => `class ${i}`) } : {}) });
        expectMatches(`mlp ${c.name}`, await runOnnx(bytes, Xtest, m, d), await model.predict(Xtest, m), m, c.k);
      } finally {
        model.dispose();
      }
    });
});

describe('mlpToOnnx: what it refuses', () => {
  const layer = (inputs: number, units: number) => ({ inputs, units, weights: new Float32Array(inputs * units), bias: new Float32Array(units) });

  it('an activation Benchtop does not have is onnx_unsupported', () => {
    const params = { d: 2, layers: [{ ...layer(2, 3), activation: 'swish' as never }, layer(3, 1)], head: 'identity' as const };
    expect(() => mlpToOnnx(params)).toThrow(expect.objectContaining({ code: 'onnx_unsupported' }));
  });

  it('layers whose widths do not chain', () => {
    const params = { d: 2, layers: [{ ...layer(2, 3), activation: 'relu' as const }, layer(4, 1)], head: 'identity' as const };
    expect(() => mlpToOnnx(params)).toThrow(expect.objectContaining({ code: 'onnx_export_invalid', location: { field: 'layers[1].inputs' } }));
  });

  it('a softmax head on one output', () => {
    expect(() => mlpToOnnx({ d: 2, layers: [layer(2, 1)], head: 'softmax' })).toThrow(expect.objectContaining({ code: 'onnx_export_invalid' }));
  });
});
