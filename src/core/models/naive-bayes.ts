import { benchtopError } from '../errors.ts';
import type { NaiveBayesModel } from '../spec/types.ts';
import { ArtifactReader, toBytes, type ArtifactHeader } from './artifact-codec.ts';
import type { ModelDef, TrainedModel } from './types.ts';

const FORMAT = 1;

/**
 * Gaussian naive Bayes exactly as scikit-learn's GaussianNB (float64): per-class means and
 * variances (ddof 0), every variance increased by varSmoothing * the largest feature variance
 * over all training rows, class priors from training frequencies, and probabilities from the
 * joint log likelihood normalised with log-sum-exp. A class absent from the training rows
 * (possible inside a fold) gets probability 0. If every variance is 0 (constant features and
 * varSmoothing 0), variances are floored at the smallest positive double to stay finite.
 */
export const naiveBayes: ModelDef<NaiveBayesModel> = {
  name: 'naive-bayes',
  tasks: ['binary', 'multiclass'],
  describe: 'Gaussian naive Bayes (per-class normal features), as scikit-learn GaussianNB.',
  async fit(spec, data, ctx) {
    if (ctx.task === 'regression') throw benchtopError('model_task_mismatch', { model: 'naive-bayes', task: ctx.task });
    const varSmoothing = spec.varSmoothing ?? 1e-9;
    if (!(varSmoothing >= 0)) throw benchtopError('spec_invalid', { field: 'model.varSmoothing', reason: `must be >= 0, got ${varSmoothing}` });
    const { X, n, d, k } = data;
    const y = data.y as Int32Array;
    const counts = new Float64Array(k);
    const theta = new Float64Array(k * d);
    const sigma = new Float64Array(k * d);
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const c = y[i]!;
      counts[c]! += 1;
      for (let j = 0; j < d; j++) {
        theta[c * d + j]! += X[i * d + j]!;
        mean[j]! += X[i * d + j]!;
      }
    }
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) if (counts[c]! > 0) theta[c * d + j]! /= counts[c]!;
    for (let j = 0; j < d; j++) mean[j]! /= Math.max(1, n);
    const totalVar = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const c = y[i]!;
      for (let j = 0; j < d; j++) {
        const x = X[i * d + j]!;
        sigma[c * d + j]! += (x - theta[c * d + j]!) ** 2;
        totalVar[j]! += (x - mean[j]!) ** 2;
      }
    }
    let maxVar = 0;
    for (let j = 0; j < d; j++) maxVar = Math.max(maxVar, totalVar[j]! / Math.max(1, n));
    const epsilon = varSmoothing * maxVar;
    for (let c = 0; c < k; c++)
      for (let j = 0; j < d; j++) {
        const v = (counts[c]! > 0 ? sigma[c * d + j]! / counts[c]! : 0) + epsilon;
        sigma[c * d + j] = v > 0 ? v : Number.MIN_VALUE;
      }
    return gaussianNb(counts, theta, sigma, { kind: 'naive-bayes', task: ctx.task, d, k });
  },

  async load(artifact) {
    const r = new ArtifactReader(artifact, 'naive-bayes', FORMAT, ['binary', 'multiclass']);
    const { d, k } = r;
    const counts = r.f64('class-count.f64', k);
    counts.forEach((c, i) => {
      if (!(Number.isInteger(c) && c >= 0)) throw r.fail('blobs.class-count.f64', `class ${i} has count ${c}, expected a whole number >= 0`);
    });
    const theta = r.f64('mean.f64', k * d);
    const sigma = r.f64('var.f64', k * d);
    sigma.forEach((v, i) => {
      if (!(v > 0)) throw r.fail('blobs.var.f64', `value ${i} is ${v}, expected a variance > 0`);
    });
    r.done();
    return gaussianNb(counts, theta, sigma, { kind: 'naive-bayes', task: r.task, d, k });
  },
};

/**
 * The fitted classifier from per-class counts, means and (smoothed) variances. The per-class
 * constant is derived here, from the counts, for both a fit and a load, so both predict alike.
 */
function gaussianNb(counts: Float64Array, theta: Float64Array, sigma: Float64Array, header: ArtifactHeader): TrainedModel {
  const { d, k } = header;
  const n = counts.reduce((a, b) => a + b, 0);
  // per-class constant: log prior - 0.5 * sum log(2 pi var)
  const base = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let s = Math.log(counts[c]! / Math.max(1, n));
    for (let j = 0; j < d; j++) s -= 0.5 * Math.log(2 * Math.PI * sigma[c * d + j]!);
    base[c] = s;
  }
  return {
    history: [],
    async predict(Q, m) {
      const out = new Float64Array(m * k);
      const jll = new Float64Array(k);
      for (let i = 0; i < m; i++) {
        let max = -Infinity;
        for (let c = 0; c < k; c++) {
          if (counts[c] === 0) {
            jll[c] = -Infinity;
            continue;
          }
          let s = 0;
          for (let j = 0; j < d; j++) s += (Q[i * d + j]! - theta[c * d + j]!) ** 2 / sigma[c * d + j]!;
          jll[c] = base[c]! - 0.5 * s;
          if (jll[c]! > max) max = jll[c]!;
        }
        let total = 0;
        for (let c = 0; c < k; c++) total += Math.exp(jll[c]! - max);
        const lse = max + Math.log(total);
        for (let c = 0; c < k; c++) out[i * k + c] = Math.exp(jll[c]! - lse);
      }
      return out;
    },
    dispose() {},
    /**
     * Artifact layout (format 1): meta `{}`, blobs `class-count.f64` (k training rows per
     * class), `mean.f64` and `var.f64` (k x d row-major per-class feature means and smoothed
     * variances). The class prior is count / total count.
     */
    save: async () => ({
      ...header,
      format: FORMAT,
      meta: {},
      blobs: { 'class-count.f64': toBytes(counts), 'mean.f64': toBytes(theta), 'var.f64': toBytes(sigma) },
    }),
  };
}
