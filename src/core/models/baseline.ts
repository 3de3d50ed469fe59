import { benchtopError } from '../errors.ts';
import { createRng } from '../random.ts';
import type { BaselineModel } from '../spec/types.ts';
import type { ModelArtifact } from './artifact.ts';
import { ArtifactReader, toBytes, type ArtifactHeader } from './artifact-codec.ts';
import type { ModelDef, TrainedModel } from './types.ts';

type Strategy = NonNullable<BaselineModel['strategy']>;
const CLASSIFICATION: readonly Strategy[] = ['prior', 'most-frequent', 'stratified'];
const REGRESSION: readonly Strategy[] = ['mean', 'median'];

/**
 * The number every model must beat, as scikit-learn's DummyClassifier / DummyRegressor:
 * - prior: the training class frequencies as probabilities;
 * - most-frequent: probability 1 on the majority class (ties -> lowest class index, numpy's argmax);
 * - stratified: each predicted row is a one-hot of a class drawn with the training frequencies.
 *   The draws come from a generator seeded at fit time from ctx.rng and restarted on every
 *   predict call, so predicting the same rows twice gives the same answer (like sklearn with an
 *   integer random_state), and a saved model keeps its seed;
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
    const header: ArtifactHeader = { kind: 'baseline', task: ctx.task, d: data.d, k: regression ? 1 : data.k };
    if (regression) {
      const y = Float64Array.from(data.y);
      if (y.length === 0) return constant(Float64Array.of(0), strategy, header);
      if (strategy === 'mean') return constant(Float64Array.of(y.reduce((a, b) => a + b, 0) / y.length), strategy, header);
      y.sort();
      const h = y.length >> 1;
      return constant(Float64Array.of(y.length % 2 ? y[h]! : (y[h - 1]! + y[h]!) / 2), strategy, header);
    }
    const k = data.k;
    const prior = new Float64Array(k);
    for (const c of data.y) prior[c]! += 1;
    for (let c = 0; c < k; c++) prior[c]! /= Math.max(1, data.n);
    if (strategy === 'prior') return constant(prior, strategy, header);
    if (strategy === 'most-frequent') {
      let best = 0;
      for (let c = 1; c < k; c++) if (prior[c]! > prior[best]!) best = c;
      const p = new Float64Array(k);
      p[best] = 1;
      return constant(p, strategy, header);
    }
    const cdf = new Float64Array(k);
    prior.reduce((acc, v, c) => (cdf[c] = acc + v), 0);
    return stratified(cdf, ctx.rng.fork('baseline-stratified').int(2 ** 32), header);
  },

  async load(artifact) {
    const r = new ArtifactReader(artifact, 'baseline', FORMAT, ['binary', 'multiclass', 'regression']);
    const header: ArtifactHeader = { kind: 'baseline', task: r.task, d: r.d, k: r.k };
    const strategy = r.meta.str('strategy', r.task === 'regression' ? REGRESSION : CLASSIFICATION);
    let model: TrainedModel;
    if (strategy === 'stratified') model = stratified(r.f64('cdf.f64', r.k), r.meta.int('seed', 0, 2 ** 32 - 1), header);
    else model = constant(r.f64('row.f64', r.k), strategy, header);
    r.done();
    return model;
  },
};

const FORMAT = 1;

/**
 * Artifact layout (format 1), meta `{strategy}` plus:
 * - prior / most-frequent / mean / median: blob `row.f64`, the k values (1 for regression)
 *   every row predicts;
 * - stratified: blob `cdf.f64`, the k cumulative training class frequencies, and meta `seed`
 *   (uint32): predict draws u = sfc32(seed).next() * cdf[k-1] per row and one-hots the first
 *   class c with u < cdf[c] (the last class if none).
 */
function baselineArtifact(header: ArtifactHeader, strategy: Strategy, blobs: Record<string, Uint8Array>, extra: { seed?: number } = {}): ModelArtifact {
  return { ...header, format: FORMAT, meta: { strategy, ...extra }, blobs };
}

function stratified(cdf: Float64Array, seed: number, header: ArtifactHeader): TrainedModel {
  const k = cdf.length;
  return {
    history: [],
    async predict(_X, n) {
      const rng = createRng(seed);
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
    save: async () => baselineArtifact(header, 'stratified', { 'cdf.f64': toBytes(cdf) }, { seed }),
  };
}

function constant(row: Float64Array, strategy: Strategy, header: ArtifactHeader): TrainedModel {
  const width = row.length;
  return {
    history: [],
    async predict(_X, n) {
      const p = new Float64Array(n * width);
      for (let i = 0; i < n; i++) p.set(row, i * width);
      return p;
    },
    dispose() {},
    save: async () => baselineArtifact(header, strategy, { 'row.f64': toBytes(row) }),
  };
}
