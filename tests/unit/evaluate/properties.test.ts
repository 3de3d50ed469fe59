import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accuracy } from '../../../src/core/evaluate/accuracy.ts';
import { binaryAuc } from '../../../src/core/evaluate/binary-auc.ts';
import { logLoss } from '../../../src/core/evaluate/log-loss.ts';
import { r2 } from '../../../src/core/evaluate/r2.ts';
import { rocAuc, rocAucOvr } from '../../../src/core/evaluate/roc-auc.ts';
import { rocCurve } from '../../../src/core/evaluate/roc-curve.ts';
import type { ClassificationData } from '../../../src/core/evaluate/types.ts';
import { expectClose } from './helpers.ts';

// Fixed seed: a failure reproduces on every machine (DESIGN: determinism).
const params = { seed: 20240601, numRuns: 200 };

/*
 * Scores are drawn from a coarse integer grid on purpose: ties are frequent (the case that
 * breaks naive AUCs), and monotone transforms keep distinct values distinct in floating
 * point, so the invariants are exact rather than "up to rounding collisions".
 */
const labelledScores = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: -20, max: 20 })), { minLength: 2, maxLength: 60 })
  .filter((rows) => rows.some(([y]) => y === 1) && rows.some(([y]) => y === 0));

/** Random probability rows over k classes, each row normalised; values on a 1/1000 grid. */
const probaData = (kMin: number, kMax: number) =>
  fc.integer({ min: kMin, max: kMax }).chain((k) =>
    fc
      .array(
        fc.tuple(
          fc.integer({ min: 0, max: k - 1 }),
          fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: k, maxLength: k }),
        ),
        { minLength: 1, maxLength: 40 },
      )
      .map((rows): ClassificationData => {
        const proba: number[] = [];
        for (const [, w] of rows) {
          const total = w.reduce((a, b) => a + b, 0);
          for (const x of w) proba.push(total === 0 ? 1 / k : x / total);
        }
        return { yTrue: Int32Array.from(rows.map(([y]) => y)), proba: Float64Array.from(proba), k };
      }),
  );

/** Mann–Whitney U / (P N) with average ranks, computed by brute force over all pairs. */
function pairwiseAuc(y: number[], s: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    for (let j = 0; j < y.length; j++) {
      if (y[i] !== 1 || y[j] !== 0) continue;
      pairs++;
      const si = s[i] as number;
      const sj = s[j] as number;
      wins += si > sj ? 1 : si === sj ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

describe('roc_auc invariants', () => {
  it('equals the pairwise Mann–Whitney statistic, ties counted as 1/2', () => {
    fc.assert(
      fc.property(labelledScores, (rows) => {
        const y = rows.map(([a]) => a);
        const s = rows.map(([, b]) => b);
        expectClose(binaryAuc(y, s), pairwiseAuc(y, s), 1e-12);
      }),
      params,
    );
  });

  it('is unchanged by a strictly increasing transform of the scores', () => {
    const transforms = [(x: number) => Math.exp(x / 7), (x: number) => x * x * x + 3 * x, (x: number) => 1 / (1 + Math.exp(-x / 5))];
    fc.assert(
      fc.property(labelledScores, fc.constantFrom(...transforms), (rows, f) => {
        const y = rows.map(([a]) => a);
        const s = rows.map(([, b]) => b);
        expect(binaryAuc(y, s.map(f))).toBe(binaryAuc(y, s));
      }),
      params,
    );
  });

  it('becomes 1 - auc when the scores are negated', () => {
    fc.assert(
      fc.property(labelledScores, (rows) => {
        const y = rows.map(([a]) => a);
        const s = rows.map(([, b]) => b);
        expectClose(binaryAuc(y, s.map((x) => -x)), 1 - binaryAuc(y, s), 1e-12);
      }),
      params,
    );
  });

  it('equals the trapezoid area under rocCurve', () => {
    fc.assert(
      fc.property(labelledScores, (rows) => {
        const y = rows.map(([a]) => a);
        const s = rows.map(([, b]) => b);
        const { fpr, tpr } = rocCurve(Int32Array.from(y), Float64Array.from(s));
        let area = 0;
        for (let i = 1; i < fpr.length; i++) {
          area += (((fpr[i] as number) - (fpr[i - 1] as number)) * ((tpr[i] as number) + (tpr[i - 1] as number))) / 2;
        }
        expectClose(binaryAuc(y, s), area, 1e-12);
      }),
      params,
    );
  });

  it('one-vs-rest macro with k = 2 equals the binary AUC', () => {
    fc.assert(
      fc.property(
        probaData(2, 2).filter((d) => d.yTrue.includes(0) && d.yTrue.includes(1)),
        (d) => {
          expectClose(rocAucOvr(d), rocAuc(d), 1e-12);
        },
      ),
      params,
    );
  });
});

describe('other invariants', () => {
  it('accuracy of a perfect prediction is 1', () => {
    fc.assert(
      fc.property(probaData(2, 6), (d) => {
        // Put all mass on the true class.
        const proba = new Float64Array(d.proba.length);
        d.yTrue.forEach((y, i) => (proba[i * d.k + y] = 1));
        expect(accuracy({ ...d, proba })).toBe(1);
      }),
      params,
    );
  });

  it('log_loss is non-negative and finite, even with zero probabilities', () => {
    fc.assert(
      fc.property(probaData(2, 6), (d) => {
        const v = logLoss(d);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(v)).toBe(true);
      }),
      params,
    );
  });

  it('r2 of predicting the mean of a non-constant target is 0', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 50 }).filter((a) => new Set(a).size > 1),
        (ints) => {
          const yTrue = Float64Array.from(ints, (x) => x / 8);
          const mean = yTrue.reduce((a, b) => a + b, 0) / yTrue.length;
          const v = r2({ yTrue, yPred: new Float64Array(yTrue.length).fill(mean) });
          expect(Math.abs(v)).toBeLessThan(1e-12);
        },
      ),
      params,
    );
  });
});
