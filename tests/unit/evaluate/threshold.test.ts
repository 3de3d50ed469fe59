/**
 * Threshold tables and choices against a brute force over every distinct score with sklearn's
 * fbeta_score / confusion_matrix, and confusion matrices against confusion_matrix(normalize=...)
 * (eval-v3.json).
 */
import { describe, expect, it } from 'vitest';
import { chooseThreshold } from '../../../src/core/evaluate/threshold/choose-threshold.ts';
import { confusionCells } from '../../../src/core/evaluate/threshold/confusion-cells.ts';
import { thresholdRowAt, thresholdTable } from '../../../src/core/evaluate/threshold/threshold-table.ts';
import { dataOf, expectArrayClose, fx, weightsOf } from './eval-v3-fixture.ts';
import { fromRows, fromScores } from './helpers.ts';
import { expectJsonSafe } from './json-safe.ts';

describe('threshold choice vs brute force with sklearn', () => {
  for (const c of fx.threshold) {
    const what = `${c.dataset} [sw=${c.sampleWeight}]`;
    it(what, () => {
      const data = dataOf(c.dataset);
      const sw = weightsOf(c.dataset, c.sampleWeight);
      const table = thresholdTable(data, sw ? { sampleWeight: sw } : {});
      expectArrayClose(table.thresholds, c.thresholds, 0, `${what} thresholds`);
      expectArrayClose(table.tp, c.tp, 1e-12, `${what} tp`);
      expectArrayClose(table.fp, c.fp, 1e-12, `${what} fp`);
      for (const ch of c.choices) {
        const r = chooseThreshold(data, ch.objective, sw ? { sampleWeight: sw } : {});
        const label = `${what} ${JSON.stringify(ch.objective)}`;
        expect(r.row, label).toBe(ch.row);
        expect(r.threshold, label).toBe(c.thresholds[ch.row]);
        const value = ch.objective.kind === 'f-beta' ? r.at.fbeta : ch.objective.kind === 'youden' ? r.at.youden : r.at.cost;
        expect(Math.abs((value as number) - ch.value), label).toBeLessThanOrEqual(1e-12);
      }
    });
  }
});

describe('threshold table', () => {
  const data = fromScores([0, 1, 0, 1, 1, 0, 1], [0.1, 0.9, 0.4, 0.4, 0.8, 0.65, 0.3]);

  it('lists "nothing positive" first, then each distinct score with its counts and rates', () => {
    const t = thresholdTable(data, { beta: 2, cost: { tp: 0, fp: 1, fn: 4, tn: 0 } });
    expect(t.thresholds).toEqual([null, 0.9, 0.8, 0.65, 0.4, 0.3, 0.1]);
    expect(t.tp).toEqual([0, 1, 2, 2, 3, 4, 4]);
    expect(t.fp).toEqual([0, 0, 0, 1, 2, 2, 3]);
    expect(t.precision[0]).toBe(0);
    expect(t.recall[6]).toBe(1);
    expect(t.fpr[6]).toBe(1);
    expect(t.costPerRow?.[0]).toBeCloseTo(16 / 7, 15);
    expectJsonSafe(t);
  });

  it('thresholdRowAt gives the row in effect for any slider value', () => {
    const t = thresholdTable(data);
    expect(thresholdRowAt(t, 0.95).threshold).toBeNull();
    expect(thresholdRowAt(t, 0.9).threshold).toBe(0.9);
    expect(thresholdRowAt(t, 0.5).threshold).toBe(0.65);
    expect(thresholdRowAt(t, 0.4).tp).toBe(3);
    expect(thresholdRowAt(t, -1).threshold).toBe(0.1);
  });

  it('a cost matrix can make "call nothing positive" the best choice', () => {
    // Acting on a positive costs more than missing it: acting on nobody is cheapest.
    const r = chooseThreshold(data, { kind: 'cost', cost: { tp: 2, fp: 100, fn: 1, tn: 0 } });
    expect(r.threshold).toBeNull();
    expect(r.at.tp).toBe(0);
    expectJsonSafe(r);
  });

  it('refuses multiclass data, one-class data and a bad cost matrix', () => {
    expect(() => thresholdTable(fromRows([0, 1, 2], [[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]]))).toThrow(/binary/);
    expect(() => thresholdTable(fromScores([1, 1], [0.2, 0.8]))).toThrow(/both classes/);
    expect(() => chooseThreshold(data, { kind: 'cost', cost: { tp: 0, fp: NaN, fn: 1, tn: 0 } })).toThrow(/fp/);
  });
});

describe('confusion matrix with row indices', () => {
  for (const c of fx.confusion) {
    const what = `${c.dataset} threshold=${c.threshold} [sw=${c.sampleWeight}]`;
    it(what, () => {
      const data = dataOf(c.dataset);
      const sw = weightsOf(c.dataset, c.sampleWeight);
      const cm = confusionCells(data, { ...(sw ? { sampleWeight: sw } : {}), ...(c.threshold !== null ? { threshold: c.threshold } : {}) });
      expectArrayClose(cm.counts.flat(), c.none.flat(), 1e-12, `${what} counts`);
      expectArrayClose(cm.normalized.true.flat(), c.true.flat(), 1e-12, `${what} true`);
      expectArrayClose(cm.normalized.pred.flat(), c.pred.flat(), 1e-12, `${what} pred`);
      expectArrayClose(cm.normalized.all.flat(), c.all.flat(), 1e-12, `${what} all`);
      // The row lists partition the rows and agree with the unweighted counts.
      const seen = new Set<number>();
      cm.rows.forEach((r, t) =>
        r.forEach((cell, p) => {
          for (const i of cell) {
            expect(data.yTrue[i]).toBe(t);
            seen.add(i);
          }
          if (!sw) expect(cell.length).toBe(cm.counts[t]?.[p]);
        }),
      );
      expect(seen.size).toBe(data.yTrue.length);
      expectJsonSafe(cm);
    });
  }

  it('an empty class row normalises to 0, as sklearn', () => {
    const cm = confusionCells(fromRows([0, 0, 1], [[0.9, 0.1, 0], [0.2, 0.8, 0], [0.1, 0.9, 0]]));
    expect(cm.normalized.true[2]).toEqual([0, 0, 0]);
    expect(cm.rows[0]?.[1]).toEqual([1]);
  });
});
