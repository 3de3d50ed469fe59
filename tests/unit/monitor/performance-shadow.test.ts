import { describe, expect, it } from 'vitest';
import { computeReport } from '../../../src/core/evaluate/report.ts';
import { performanceReport } from '../../../src/core/monitor/performance.ts';
import { predictionColumns } from '../../../src/core/monitor/prediction-reference.ts';
import { shadowComparison } from '../../../src/core/monitor/shadow.ts';
import { predictedLabels } from '../../../src/core/export/score/score-with-bundle.ts';
import { createRng } from '../../../src/core/random.ts';

const rng = createRng(3);
const classes = ['no', 'yes'];

/** n rows of a binary classifier whose P(yes) is right `skill` of the time. */
function scored(n: number, skill: number): { output: Float64Array; truth: string[] } {
  const output = new Float64Array(n * 2);
  const truth: string[] = [];
  for (let i = 0; i < n; i++) {
    const y = i % 2;
    const right = rng.next() < skill;
    const p = 0.55 + 0.4 * rng.next();
    const pYes = (y === 1) === right ? p : 1 - p;
    output[i * 2] = 1 - pYes;
    output[i * 2 + 1] = pYes;
    truth.push(classes[y]!);
  }
  return { output, truth };
}

describe('performanceReport', () => {
  const card = (value: number, ci: [number, number]) => ({ level: 0.95, metrics: [{ key: 'accuracy', value, ci }, { key: 'roc_auc', value: 0.9, ci: [0.85, 0.95] as [number, number] }, { key: 'log_loss', value: null, ci: null }] });

  it('compares each card metric with the batch, computed on the labelled rows only', () => {
    const { output, truth } = scored(400, 0.9);
    const withGaps: (string | null)[] = truth.map((t, i) => (i === 0 ? null : i === 1 ? 'maybe' : t));
    const r = performanceReport({ task: 'binary', classes, target: 'label', output, truth: { kind: 'labels', values: withGaps }, card: card(0.9, [0.86, 0.94]), minRows: 50 });
    expect([r.rows, r.skipped, r.headline]).toEqual([398, 2, 'roc_auc']);
    // Only what the card has a number for; log_loss has none.
    expect(r.metrics.map((m) => m.metric)).toEqual(['accuracy', 'roc_auc']);
    const acc = r.metrics[0]!;
    const expected = computeReport({ yTrue: Int32Array.from(truth.slice(2), (t) => classes.indexOf(t)), proba: output.slice(4), k: 2 }, { task: 'binary', classes }).find((e) => e.key === 'accuracy')!.value!;
    expect(acc.current).toBeCloseTo(expected, 12);
    expect(acc.delta).toBeCloseTo(expected - 0.9, 12);
    expect(acc.currentCi![0]).toBeLessThanOrEqual(expected);
    expect(acc.currentCi![1]).toBeGreaterThanOrEqual(expected);
  });

  it('worse outside the card interval (a concept-drift signal); better on the other side', () => {
    const bad = scored(600, 0.6);
    const worse = performanceReport({ task: 'binary', classes, target: 'label', output: bad.output, truth: { kind: 'labels', values: bad.truth }, card: card(0.9, [0.86, 0.94]), minRows: 50 });
    expect(worse.metrics[0]!.verdict).toBe('worse');
    expect(worse.metrics[0]!.delta).toBeLessThan(-0.2);
    const good = scored(600, 0.99);
    const better = performanceReport({ task: 'binary', classes, target: 'label', output: good.output, truth: { kind: 'labels', values: good.truth }, card: card(0.8, [0.75, 0.85]), minRows: 50 });
    expect(better.metrics[0]!.verdict).toBe('better');
  });

  it('a card interval collapsed to a point does not flag a batch whose own interval holds the card value', () => {
    const { output, truth } = scored(300, 0.995);
    const r = performanceReport({ task: 'binary', classes, target: 'label', output, truth: { kind: 'labels', values: truth }, card: card(1, [1, 1]), minRows: 50 });
    const acc = r.metrics[0]!;
    expect(acc.current).toBeLessThan(1);
    expect(acc.currentCi![1]).toBe(1);
    expect(acc.verdict).toBe('ok');
  });

  it('too few labelled rows is insufficient; regression reads numbers', () => {
    const { output, truth } = scored(20, 0.9);
    expect(performanceReport({ task: 'binary', classes, target: 'label', output, truth: { kind: 'labels', values: truth }, card: card(0.9, [0.8, 1]), minRows: 50 }).verdict).toBe('insufficient');
    const y = Float64Array.from({ length: 200 }, (_, i) => i / 10);
    const pred = y.map((v) => v + 0.5);
    const r = performanceReport({ task: 'regression', target: 'y', output: pred, truth: { kind: 'numbers', values: y }, card: { level: 0.95, metrics: [{ key: 'rmse', value: 0.1, ci: [0.08, 0.12] }] }, minRows: 50 });
    expect(r.metrics[0]).toMatchObject({ metric: 'rmse', verdict: 'worse', higherIsBetter: false });
    expect(r.metrics[0]!.current).toBeCloseTo(0.5, 12);
  });
});

describe('shadowComparison', () => {
  it('agreement, probability gaps and a label confusion; with labels the paired test', () => {
    const a = scored(300, 0.9);
    const b = { output: a.output.map((v, i) => (Math.floor(i / 2) % 10 === 0 ? 1 - v : v)) };
    const s = shadowComparison({ task: 'binary', primary: { id: 'm@1', output: a.output, classes }, shadow: { id: 'm@2', output: b.output, classes }, rows: 300, truth: { kind: 'labels', values: a.truth }, minRows: 50, resamples: 200 });
    const la = predictedLabels(a.output, classes);
    const lb = predictedLabels(b.output, classes);
    const same = la.filter((l, i) => l === lb[i]).length;
    expect(s.agreement).toBeCloseTo(same / 300, 12);
    expect(same).toBeLessThan(300);
    expect(s.confusion!.labels).toEqual(classes);
    expect(s.confusion!.counts[0]![0]! + s.confusion!.counts[1]![1]!).toBe(same);
    expect(s.meanAbsDelta).toBeGreaterThan(0);
    expect(s.maxAbsDelta).toBeLessThanOrEqual(1);
    expect(s.paired).toMatchObject({ metric: 'roc_auc', rows: 300 });
    expect(s.paired!.difference).toBeCloseTo(s.paired!.primary! - s.paired!.shadow!, 12);
    expect(s.paired!.mcnemarP).not.toBeNull();
  });

  it('regression: mean and max |difference|, no labels to agree on', () => {
    const s = shadowComparison({ task: 'regression', primary: { id: 'r@1', output: Float64Array.of(1, 2, 3, 4) }, shadow: { id: 'r@2', output: Float64Array.of(1, 2.5, 2, 4) }, rows: 4, minRows: 50 });
    expect([s.agreement, s.confusion, s.paired, s.meanAbsDelta, s.maxAbsDelta]).toEqual([null, null, null, 0.375, 1]);
  });
});

describe('prediction columns', () => {
  it('label rows by the most probable class (first on ties), or by the binary threshold', () => {
    expect(predictedLabels(Float64Array.of(0.2, 0.5, 0.3, 0.4, 0.4, 0.2), ['a', 'b', 'c'])).toEqual(['b', 'a']);
    expect(predictedLabels(Float64Array.of(0.65, 0.35, 0.75, 0.25), ['no', 'yes'], { threshold: 0.3, posLabel: 1 })).toEqual(['yes', 'no']);
    const two = Float64Array.from({ length: 40 }, (_, i) => (i % 2 ? 0.3 + i / 100 : 0.7 - i / 100));
    expect(predictionColumns('binary', two, classes, { threshold: 0.31, posLabel: 1 })[0]!.values.filter((l) => l === 'yes').length).toBe(20);
  });
});
