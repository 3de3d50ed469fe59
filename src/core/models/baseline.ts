import type { BaselineModel } from '../spec/types.ts';
import type { ModelDef } from './types.ts';

/**
 * The number every model must beat: the training class distribution (so accuracy is that of
 * the most frequent class, and log loss that of the prior, like DummyClassifier(strategy='prior'))
 * or the training mean (DummyRegressor).
 */
export const baseline: ModelDef<BaselineModel> = {
  name: 'baseline',
  tasks: ['binary', 'multiclass', 'regression'],
  describe: 'Predicts the training class frequencies (most frequent class) or the training mean.',
  async fit(_spec, data, ctx) {
    const out: number[] = [];
    if (ctx.task === 'regression') {
      const y = data.y as Float64Array;
      out.push(y.reduce((a, b) => a + b, 0) / Math.max(1, y.length));
    } else {
      const counts = new Array<number>(data.k).fill(0);
      for (const c of data.y) counts[c]! += 1;
      for (const c of counts) out.push(c / Math.max(1, data.n));
    }
    const width = out.length;
    return {
      history: [],
      async predict(_X, n) {
        const p = new Float64Array(n * width);
        for (let i = 0; i < n; i++) p.set(out, i * width);
        return p;
      },
      dispose() {},
    };
  },
};
