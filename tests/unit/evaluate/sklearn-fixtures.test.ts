import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { binaryAuc } from '../../../src/core/evaluate/binary-auc.ts';
import { confusionMatrix } from '../../../src/core/evaluate/confusion-matrix.ts';
import { getMetric } from '../../../src/core/evaluate/registry.ts';
import { rocAuc } from '../../../src/core/evaluate/roc-auc.ts';
import { rocCurve } from '../../../src/core/evaluate/roc-curve.ts';
import type { ClassificationData, RegressionData } from '../../../src/core/evaluate/types.ts';
import { expectClose, expectRepr, fromLabels, fromRows, fromScores } from './helpers.ts';

/** One reference case copied from scikit-learn's docs or tests; see each file's `source`. */
interface Fixture {
  metric: string;
  source: string;
  call: string;
  k?: number;
  yTrue: number[];
  yPred?: number[];
  proba?: number[][];
  scores?: number[];
  expected?: unknown;
  expectedRepr?: string;
  expectedPerClass?: number[];
  expectedAuc?: number;
  absTolerance?: number;
}

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/sklearn');
// One case per file here; metrics-v*.json and eval-v*.json hold whole suites and have their own tests
// (metrics-v2.test.ts; eval-v3-fixture.ts and the uncertainty/curves/calibration/threshold/slices tests).
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !/^(metrics|eval)-v\d+\.json$/.test(f))
  .sort();
const fixtures = files.map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture] as const);

/** JSON has no Infinity; fixtures spell sklearn's `inf` as the string "inf". */
const num = (v: unknown): number => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : (v as number));

function classificationData(fx: Fixture): ClassificationData {
  if (fx.proba) return fromRows(fx.yTrue, fx.proba);
  if (fx.scores) return fromScores(fx.yTrue, fx.scores);
  if (fx.yPred && fx.k) return fromLabels(fx.yTrue, fx.yPred, fx.k);
  throw new Error(`fixture for ${fx.metric} has no predictions`);
}

function checkScalar(actual: number, fx: Fixture): void {
  if (fx.expectedRepr !== undefined) expectRepr(actual, fx.expectedRepr);
  if (typeof fx.expected === 'number') {
    if (fx.absTolerance !== undefined) expect(Math.abs(actual - fx.expected)).toBeLessThan(fx.absTolerance);
    else expectClose(actual, fx.expected);
  }
}

describe('scikit-learn reference values (tests/fixtures/sklearn)', () => {
  it('has at least one fixture per metric and helper', () => {
    const covered = new Set(fixtures.map(([, fx]) => fx.metric));
    for (const m of [
      'accuracy', 'balanced_accuracy', 'roc_auc', 'log_loss', 'f1_macro', 'precision_macro', 'recall_macro',
      'rmse', 'mae', 'r2', 'mse', 'roc_curve', 'confusion_matrix',
    ]) {
      expect(covered, m).toContain(m);
    }
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
  });

  for (const [file, fx] of fixtures) {
    it(`${file}: ${fx.call}`, () => {
      expect(fx.source).toMatch(/scikit-learn/);
      if (fx.metric === 'confusion_matrix') {
        expect(confusionMatrix(Int32Array.from(fx.yTrue), Int32Array.from(fx.yPred ?? []), fx.k ?? 2)).toEqual(fx.expected);
        return;
      }
      if (fx.metric === 'roc_curve') {
        const curve = rocCurve(Int32Array.from(fx.yTrue), Float64Array.from(fx.scores ?? []));
        const exp = fx.expected as { fpr: number[]; tpr: number[]; thresholds?: unknown[] };
        expect(curve.fpr).toEqual(exp.fpr);
        expect(curve.tpr).toEqual(exp.tpr);
        if (exp.thresholds) expect(curve.thresholds).toEqual(exp.thresholds.map(num));
        if (fx.expectedAuc !== undefined) {
          expectClose(binaryAuc(fx.yTrue, fx.scores ?? []), fx.expectedAuc);
          expectClose(rocAuc(classificationData(fx)), fx.expectedAuc);
        }
        return;
      }
      const metric = getMetric(fx.metric);
      if (metric.task === 'regression') {
        const data: RegressionData = { yTrue: Float64Array.from(fx.yTrue), yPred: Float64Array.from(fx.yPred ?? []) };
        checkScalar(metric.compute(data), fx);
      } else {
        const data = classificationData(fx);
        checkScalar(metric.compute(data), fx);
        if (fx.metric === 'roc_auc' && fx.expectedPerClass) {
          fx.expectedPerClass.forEach((auc, c) => {
            const y = fx.yTrue.map((t) => (t === c ? 1 : 0));
            expectClose(binaryAuc(y, (fx.proba ?? []).map((row) => row[c] as number)), auc);
          });
        }
      }
    });
  }
});
