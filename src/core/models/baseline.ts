import { benchtopError } from '../errors.ts';
import type { BaselineModel } from '../spec/types.ts';
import type { ModelDef, TrainedModel } from './types.ts';

type Strategy = NonNullable<BaselineModel['strategy']>;
const CLASSIFICATION: readonly Strategy[] = ['prior', 'most-frequent', 'stratified'];
const REGRESSION: readonly Strategy[] = ['mean', 'median'];

/**
 * The number every model must beat, as scikit-learn's DummyClassifier / DummyRegressor:
 * - prior: the training class frequencies as probabilities;
 * - most-frequent: probability 1 on the majority class (ties -> lowest class index, numpy's argmax);
 * - stratified: each predicted row is a one-hot of a class drawn with the training frequencies.
 *   The draws come from a generator forked from ctx.rng at fit time and restarted on every
 *   predict call, so predicting the same rows twice gives the same answer (like sklearn with an
 *   integer random_state);
 * - mean / median: the training target's mean / median (numpy's median: mean of the two middle values).
 * A missing strategy means 'prior' (classification) or 'mean' (regression).
 */
export const baseline: ModelDef<BaselineModel> = {
  name: 'baseline',
  tasks: ['binary', 'multiclass', 'regression'],
  describe: 'Predicts the training class frequencies, majority class or random draws, or the training mean / median.',
  async fit(spec, data, ctx) {
    const regression = ctx.task === 'regression';
    const strategy: Strategy = spec.strategy ?? (regression ? 'mean' : 'prior');
    if (regression ? !REGRESSION.includes(strategy) : !CLASSIFICATION.includes(strategy))
      throw benchtopError('spec_invalid', {
        field: 'model.strategy',
        reason: `baseline strategy "${strategy}" is for ${regression ? 'classification' : 'regression'}; use ${(regression ? REGRESSION : CLASSIFICATION).join(' or ')}`,
      });
    if (regression) {
      const y = Float64Array.from(data.y);
      if (y.length === 0) return constant(Float64Array.of(0));
      if (strategy === 'mean') return constant(Float64Array.of(y.reduce((a, b) => a + b, 0) / y.length));
      y.sort();
      const h = y.length >> 1;
      return constant(Float64Array.of(y.length % 2 ? y[h]! : (y[h - 1]! + y[h]!) / 2));
    }
    const k = data.k;
    const prior = new Float64Array(k);
    for (const c of data.y) prior[c]! += 1;
    for (let c = 0; c < k; c++) prior[c]! /= Math.max(1, data.n);
    if (strategy === 'prior') return constant(prior);
    if (strategy === 'most-frequent') {
      let best = 0;
      for (let c = 1; c < k; c++) if (prior[c]! > prior[best]!) best = c;
      const p = new Float64Array(k);
      p[best] = 1;
      return constant(p);
    }
    const base = ctx.rng.fork('baseline-stratified');
    const cdf = new Float64Array(k);
    prior.reduce((acc, v, c) => (cdf[c] = acc + v), 0);
    return {
      history: [],
      async predict(_X, n) {
        const rng = base.fork('predict');
        const out = new Float64Array(n * k);
        for (let i = 0; i < n; i++) {
          const u = rng.next() * cdf[k - 1]!;
          let c = 0;
          while (c < k - 1 && !(u < cdf[c]!)) c++;
          out[i * k + c] = 1;
        }
        return out;
      },
      dispose() {},
    };
  },
};

function constant(row: Float64Array): TrainedModel {
  const width = row.length;
  return {
    history: [],
    async predict(_X, n) {
      const p = new Float64Array(n * width);
      for (let i = 0; i < n; i++) p.set(row, i * width);
      return p;
    },
    dispose() {},
  };
}
