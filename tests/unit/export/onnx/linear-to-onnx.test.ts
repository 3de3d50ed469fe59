import { afterAll, describe, expect, it } from 'vitest';
import { linearToOnnx } from '../../../../src/core/export/onnx/linear-to-onnx.ts';
import { fromBytes } from '../../../../src/core/models/artifact-codec.ts';
import { softmaxRegression } from '../../../../src/core/models/softmax-regression.ts';
import type { TrainedNet } from '../../../../src/core/train/train-net.ts';
import type { LinearModel, LogisticModel } from '../../../../src/core/spec/types.ts';
import { diffs, expectMatches, features, fitModel, maxAbsDiff, runOnnx, targets } from './helpers.ts';

const n = 160, d = 4, m = 60;
const X = features(n, d, 11);
const Xtest = features(m, d, 12);

afterAll(() => console.info('linear max |ONNX - Benchtop|:', diffs));

describe('linear regression -> ONNX', () => {
  const y = targets(X, n, d, 'regression', 1, 13);
  const cases: [string, LinearModel][] = [
    ['least squares', { kind: 'linear' }],
    ['ridge', { kind: 'linear', l2: 0.5 }],
    ['elastic net', { kind: 'linear', l1: 0.05, l2: 0.1 }],
    ['huber', { kind: 'linear', loss: 'huber', l2: 0.01 }],
  ];
  for (const [name, spec] of cases)
    it(`${name}: ONNX Runtime predicts Benchtop's values`, async () => {
      const model = await fitModel(spec, { X, n, d, y, k: 1 }, 'regression');
      const a = await model.save!();
      const weights = fromBytes(a.blobs['weights.f64']!, Float64Array);
      const bias = fromBytes(a.blobs['bias.f64']!, Float64Array);
      const bytes = linearToOnnx({ d, k: 1, weights, bias, link: 'identity' }, { modelKind: 'linear', inputNames: ['a', 'b', 'c', 'd'] });
      const expected = await model.predict(Xtest, m);
      expectMatches(`linear ${name}`, await runOnnx(bytes, Xtest, m, d), expected, m, 1);
      // In float64 the graph is Benchtop's own arithmetic: the same values up to summation order.
      const exact = await runOnnx(linearToOnnx({ d, k: 1, weights, bias, link: 'identity' }, { outputType: 'float64' }), Xtest, m, d);
      expect(exact.types.variable).toBe('float64');
      const diff = maxAbsDiff(exact.values.variable!, expected);
      diffs[`linear ${name} (float64 output)`] = diff;
      expect(diff).toBeLessThan(1e-12);
    });
});

describe('logistic and softmax regression -> ONNX', () => {
  const logistic: LogisticModel = { kind: 'logistic', epochs: 25, learningRate: 0.1 };

  it('binary logistic regression: probabilities, label and P(class 1)', async () => {
    const y = targets(X, n, d, 'binary', 2, 14);
    const model = (await fitModel(logistic, { X, n, d, y, k: 2 }, 'binary')) as unknown as TrainedNet;
    const w = new Map((await model.getWeights()).map((v) => [v.name, v.values]));
    const bytes = linearToOnnx({ d, k: 1, weights: w.get('layer0/W')!, bias: w.get('layer0/b')!, link: 'sigmoid' }, { modelKind: 'logistic', classes: ['no', 'yes'] });
    expectMatches('logistic binary', await runOnnx(bytes, Xtest, m, d), await model.predict(Xtest, m), m, 2);
    model.dispose();
  });

  it('multiclass logistic regression (softmax), three classes', async () => {
    const y = targets(X, n, d, 'multiclass', 3, 15);
    const model = (await fitModel(logistic, { X, n, d, y, k: 3 }, 'multiclass')) as unknown as TrainedNet;
    const w = new Map((await model.getWeights()).map((v) => [v.name, v.values]));
    const bytes = linearToOnnx({ d, k: 3, weights: w.get('layer0/W')!, bias: w.get('layer0/b')!, link: 'softmax' }, { modelKind: 'logistic', classes: ['a', 'b', 'c'] });
    expectMatches('logistic multiclass', await runOnnx(bytes, Xtest, m, d), await model.predict(Xtest, m), m, 3);
    model.dispose();
  });

  it('float64 softmax regression (the L-BFGS stacker), four classes', async () => {
    const y = targets(X, n, d, 'multiclass', 4, 16) as Int32Array;
    const fit = softmaxRegression(X, y, n, d, 4, 1);
    const bytes = linearToOnnx({ d, k: 4, weights: fit.W, bias: fit.b, link: 'softmax' });
    expectMatches('softmax regression', await runOnnx(bytes, Xtest, m, d), fit.predictProba(Xtest, m), m, 4);
  });
});

describe('linearToOnnx: inconsistent parameters fail with a code', () => {
  const base = { d: 2, k: 1, weights: [1, 2], bias: [0], link: 'identity' as const };
  it.each([
    ['weights of the wrong size', { ...base, weights: [1, 2, 3] }],
    ['a bias per class missing', { ...base, k: 3, weights: [1, 2, 3, 4, 5, 6], link: 'softmax' as const }],
    ['sigmoid with two outputs', { ...base, k: 2, weights: [1, 2, 3, 4], bias: [0, 0], link: 'sigmoid' as const }],
    ['a non-finite weight', { ...base, weights: [1, NaN] }],
  ])('%s', (_, params) => {
    expect(() => linearToOnnx(params)).toThrow(expect.objectContaining({ code: 'onnx_export_invalid' }));
  });

  it('input names that do not match d', () => {
    expect(() => linearToOnnx(base, { inputNames: ['only one'] })).toThrow(expect.objectContaining({ code: 'onnx_export_invalid', location: { field: 'inputNames' } }));
  });
});
