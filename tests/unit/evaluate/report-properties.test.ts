import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { f1Macro } from '../../../src/core/evaluate/f1-macro.ts';
import { precisionMacro } from '../../../src/core/evaluate/precision-macro.ts';
import { recallMacro } from '../../../src/core/evaluate/recall-macro.ts';
import { computeReport, evaluateMetric } from '../../../src/core/evaluate/report.ts';
import type { ClassificationData, RegressionData, ReportEntry, Task } from '../../../src/core/evaluate/types.ts';

// Fixed seed: a failure reproduces on every machine (DESIGN: determinism).
const params = { seed: 20240607, numRuns: 150 };

/** Same value, both unavailable, or within 1e-12 (1e-12 relative beyond 1). */
function expectSame(a: ReportEntry | undefined, b: ReportEntry | undefined, what: string): void {
  expect(a, what).toBeDefined();
  expect(b?.key, what).toBe(a?.key);
  if (a?.value === null || b?.value === null) {
    expect([a?.value, b?.value], `${what}: ${a?.reason} / ${b?.reason}`).toEqual([null, null]);
    return;
  }
  const x = a?.value as number;
  const y = b?.value as number;
  expect(Math.abs(x - y), `${what}: ${x} vs ${y}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x)));
}

/** Random probability rows over k classes on a 1/1000 grid (ties are common), with integer weights 1..3. */
const weightedClassification = fc.integer({ min: 2, max: 5 }).chain((k) =>
  fc
    .array(
      fc.tuple(
        fc.integer({ min: 0, max: k - 1 }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: k, maxLength: k }),
        fc.integer({ min: 1, max: 3 }),
      ),
      { minLength: 2, maxLength: 30 },
    )
    .map((rows) => {
      const proba: number[] = [];
      for (const [, w] of rows) {
        const total = w.reduce((a, b) => a + b, 0);
        for (const x of w) proba.push(total === 0 ? 1 / k : x / total);
      }
      const data: ClassificationData = { yTrue: Int32Array.from(rows.map(([y]) => y)), proba: Float64Array.from(proba), k };
      return { data, weights: rows.map(([, , w]) => w), task: (k === 2 ? 'binary' : 'multiclass') as Task };
    }),
);

const weightedRegression = fc
  .array(fc.tuple(fc.integer({ min: -40, max: 40 }), fc.integer({ min: -40, max: 40 }), fc.integer({ min: 1, max: 3 })), {
    minLength: 2,
    maxLength: 30,
  })
  .map((rows) => ({
    data: { yTrue: Float64Array.from(rows, ([t]) => t / 4), yPred: Float64Array.from(rows, ([, p]) => p / 4) } as RegressionData,
    weights: rows.map(([, , w]) => w),
    task: 'regression' as Task,
  }));

/** Each row repeated weight times: what an integer weight means. */
function repeatRows(data: ClassificationData | RegressionData, weights: number[]): ClassificationData | RegressionData {
  const idx = weights.flatMap((w, i) => Array<number>(w).fill(i));
  if ('proba' in data) {
    const { k } = data;
    return {
      k,
      yTrue: Int32Array.from(idx, (i) => data.yTrue[i] as number),
      proba: Float64Array.from(idx.flatMap((i) => Array.from(data.proba.subarray(i * k, i * k + k)))),
    };
  }
  return { yTrue: Float64Array.from(idx, (i) => data.yTrue[i] as number), yPred: Float64Array.from(idx, (i) => data.yPred[i] as number) };
}

const anyTask = fc.oneof(weightedClassification, weightedRegression);
/** sklearn's weighted median is the lower one while np.median averages the middle two: the one documented exception. */
const MEDIAN = 'median_absolute_error';

describe('report identities', () => {
  it('weights all 1 give the unweighted report (median_absolute_error aside on even n, as sklearn)', () => {
    fc.assert(
      fc.property(anyTask, ({ data, task }) => {
        const plain = computeReport(data, { task });
        const ones = computeReport(data, { task, sampleWeight: new Float64Array(data.yTrue.length).fill(1) });
        plain.forEach((e, i) => {
          if (e.name === MEDIAN && data.yTrue.length % 2 === 0) return;
          expectSame(e, ones[i], e.key);
        });
      }),
      params,
    );
  });

  it('an integer weight is the same as repeating the row (median_absolute_error aside)', () => {
    fc.assert(
      fc.property(anyTask, ({ data, weights, task }) => {
        const weighted = computeReport(data, { task, sampleWeight: weights });
        const repeated = computeReport(repeatRows(data, weights), { task });
        weighted.forEach((e, i) => {
          if (e.name !== MEDIAN) expectSame(e, repeated[i], e.key);
        });
      }),
      params,
    );
  });

  it('single-label micro precision = micro recall = micro F1 = accuracy, weighted or not', () => {
    fc.assert(
      fc.property(weightedClassification, fc.boolean(), ({ data, weights }, useWeights) => {
        const sampleWeight = useWeights ? weights : undefined;
        const acc = evaluateMetric('accuracy', data, { sampleWeight });
        for (const name of ['precision', 'recall', 'f1']) {
          expectSame({ ...acc, key: name }, { ...evaluateMetric(name, data, { sampleWeight, params: { average: 'micro' } }), key: name }, name);
        }
      }),
      params,
    );
  });

  it('f1 = fbeta(beta = 1) for every average, and = 2PR / (P + R) for binary and micro', () => {
    fc.assert(
      fc.property(weightedClassification, ({ data, weights }) => {
        const averages = data.k === 2 ? ['binary', 'macro', 'micro', 'weighted'] : ['macro', 'micro', 'weighted'];
        for (const average of averages) {
          const f1 = evaluateMetric('f1', data, { sampleWeight: weights, params: { average } });
          const fb = evaluateMetric('fbeta', data, { sampleWeight: weights, params: { average, beta: 1 } });
          expectSame({ ...f1, key: average }, { ...fb, key: average }, average);
          if (average !== 'binary' && average !== 'micro') continue;
          const p = evaluateMetric('precision', data, { sampleWeight: weights, params: { average } }).value as number;
          const r = evaluateMetric('recall', data, { sampleWeight: weights, params: { average } }).value as number;
          expect(Math.abs((f1.value as number) - (p + r === 0 ? 0 : (2 * p * r) / (p + r)))).toBeLessThanOrEqual(1e-12);
        }
      }),
      params,
    );
  });

  it("the default set's f1_macro / precision_macro / recall_macro equal the report's macro averages", () => {
    fc.assert(
      fc.property(weightedClassification, ({ data }) => {
        const pairs = [['f1', f1Macro(data)], ['precision', precisionMacro(data)], ['recall', recallMacro(data)]] as const;
        for (const [name, v] of pairs) {
          const e = evaluateMetric(name, data, { params: { average: 'macro' } });
          expect(Math.abs((e.value as number) - v), name).toBeLessThanOrEqual(1e-12);
        }
      }),
      params,
    );
  });
});
