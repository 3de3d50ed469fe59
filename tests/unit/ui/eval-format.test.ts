/** The evaluation page's pure helpers: metric keys as words, intervals and axes, thresholds, slices, slice filters, geometry, heat maps. */
import { describe, expect, it } from 'vitest';
import type { ErrorRow } from '../../../workers/api.ts';
import type { Slice, SliceColumn } from '../../../src/core/evaluate/slices/index.ts';
import { filterRows } from '../../../src/core/evaluate/slices/slice-filter.ts';
import { partialDependence } from '../../../src/core/evaluate/explain/partial-dependence.ts';
import type { HeldOutMetric } from '../../../src/core/evaluate/held-out-report.ts';
import { niceTicks } from '../../../src/ui/components/chart-scale.ts';
import { progressText } from '../../../src/ui/format.ts';
import {
  cellShade,
  ciDomain,
  filterableSlices,
  formatCi,
  formatFeatureValue,
  formatPercent,
  formatThreshold,
  formatValue,
  headlineKeys,
  isFirstBin,
  linePath,
  lowerIsBetter,
  metricKeyLabel,
  objectiveRule,
  parseMetricKey,
  parseThreshold,
  rowInSlice,
  swarmOffsets,
} from '../../../src/ui/components/evaluation/eval-format.ts';
import { heatColour, labelIndices, pdHeatmap } from '../../../src/ui/components/evaluation/pd-heatmap.ts';
import { describePredicate, slicePredicate } from '../../../src/ui/components/evaluation/slice-predicate.ts';

const metric = (key: string): HeldOutMetric => ({ key, value: 0.5, ci: [0.4, 0.6] });

describe('metric keys', () => {
  it('splits a report key into its name and parameters', () => {
    expect(parseMetricKey('f1(average=binary, pos_label=1)')).toEqual({ name: 'f1', params: { average: 'binary', pos_label: '1' } });
    expect(parseMetricKey('accuracy')).toEqual({ name: 'accuracy', params: {} });
    expect(parseMetricKey('fbeta(beta=0.5, average=macro)').params).toEqual({ beta: '0.5', average: 'macro' });
  });

  it('reads keys as words, naming the positive class', () => {
    expect(metricKeyLabel('f1(average=binary, pos_label=1)', ['no', 'yes'])).toBe('F1 (binary, positive: yes)');
    expect(metricKeyLabel('f1(average=macro)')).toBe('F1 (macro)');
    expect(metricKeyLabel('balanced_accuracy(adjusted=true)')).toBe('Balanced accuracy (adjusted)');
    expect(metricKeyLabel('balanced_accuracy(adjusted=false)')).toBe('Balanced accuracy');
    expect(metricKeyLabel('average_precision(pos_label=1)', ['no', 'yes'])).toBe('Average precision (positive: yes)');
    expect(metricKeyLabel('fbeta(beta=0.5, average=binary, pos_label=0)', ['no', 'yes'])).toBe('F-beta (β = 0.5, binary, positive: no)');
    expect(metricKeyLabel('expected_calibration_error(n_bins=10)')).toBe('Expected calibration error (10 bins)');
    expect(metricKeyLabel('cohen_kappa(weights=none)')).toBe('Cohen’s kappa');
    expect(metricKeyLabel('r2')).toBe('R²');
    expect(metricKeyLabel('some_new_metric')).toBe('some new metric');
  });

  it('knows which metrics are better when smaller', () => {
    expect(lowerIsBetter('log_loss')).toBe(true);
    expect(lowerIsBetter('expected_calibration_error(n_bins=10)')).toBe(true);
    expect(lowerIsBetter('rmse')).toBe(true);
    expect(lowerIsBetter('roc_auc')).toBe(false);
    expect(lowerIsBetter('f1(average=macro)')).toBe(false);
  });

  it('leads with the headline metrics of the task, in order, from what the report holds', () => {
    const binary = [
      'accuracy',
      'balanced_accuracy(adjusted=false)',
      'balanced_accuracy(adjusted=true)',
      'roc_auc',
      'log_loss',
      'f1(average=binary, pos_label=1)',
      'f1(average=macro)',
      'average_precision(pos_label=1)',
      'brier_score',
      'expected_calibration_error(n_bins=10)',
      'matthews_corrcoef',
    ].map(metric);
    expect(headlineKeys('binary', binary)).toEqual([
      'accuracy',
      'balanced_accuracy(adjusted=false)',
      'roc_auc',
      'average_precision(pos_label=1)',
      'f1(average=binary, pos_label=1)',
      'log_loss',
      'brier_score',
      'expected_calibration_error(n_bins=10)',
    ]);
    expect(headlineKeys('multiclass', binary)).toEqual([
      'accuracy',
      'balanced_accuracy(adjusted=false)',
      'roc_auc',
      'f1(average=macro)',
      'log_loss',
      'expected_calibration_error(n_bins=10)',
    ]);
    expect(headlineKeys('regression', ['r2', 'mae', 'mse', 'rmse'].map(metric))).toEqual(['rmse', 'mae', 'r2']);
  });
});

describe('numbers as text', () => {
  it('formats values, intervals, thresholds and shares', () => {
    expect(formatValue(0.91234)).toBe('0.912');
    expect(formatValue(12.3456)).toBe('12.35');
    expect(formatValue(-0.5)).toBe('−0.500');
    expect(formatValue(123456)).toBe('123,456');
    expect(formatValue(0.00012)).toBe('1.20e-4');
    expect(formatValue(null)).toBe('—');
    expect(formatValue(Number.NaN)).toBe('—');
    expect(formatCi([0.81, 0.87])).toBe('[0.810, 0.870]');
    expect(formatCi(null)).toBe('');
    expect(formatThreshold(0.5)).toBe('0.500');
    expect(formatThreshold(null)).toBe('above every score');
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(progressText({ phase: 'bootstrap', fraction: 0.5, message: '500 of 1000' })).toBe('Bootstrap (500 of 1000) · 50%');
    expect(progressText({ phase: 'slices', fraction: -1 })).toBe('Slices');
    expect(progressText(null)).toBe('Starting');
  });

  it('reads a typed threshold only when it is a number in [0, 1]', () => {
    expect(parseThreshold('0.25')).toBe(0.25);
    expect(parseThreshold(' 1 ')).toBe(1);
    expect(parseThreshold('0')).toBe(0);
    expect(parseThreshold('1.2')).toBeNull();
    expect(parseThreshold('-0.1')).toBeNull();
    expect(parseThreshold('abc')).toBeNull();
    expect(parseThreshold('')).toBeNull();
  });

  it('says how a threshold was chosen', () => {
    expect(objectiveRule('f-beta', 1)).toBe('maximises F1 on the held-out rows');
    expect(objectiveRule('f-beta', 2)).toBe('maximises F2 on the held-out rows');
    expect(objectiveRule('youden')).toMatch(/Youden/);
    expect(objectiveRule('cost')).toMatch(/minimises the expected cost/);
  });
});

describe('interval axes', () => {
  it('uses 0..1 for bounded metrics and a padded range otherwise', () => {
    expect(ciDomain('accuracy', [0.8, 0.75, 0.85, 0.5])).toEqual([0, 1]);
    expect(ciDomain('roc_auc', [null, 0.9])).toEqual([0, 1]);
    const [lo, hi] = ciDomain('log_loss', [0.3, 0.69, 0.25, 0.35]);
    expect(lo).toBe(0.25 - 0.44 * 0.08);
    expect(hi).toBeCloseTo(0.69 + 0.44 * 0.08, 12);
    // A non-negative metric never pads below zero.
    expect(ciDomain('rmse', [0.01, 10])[0]).toBe(0);
    // Correlation-like metrics may be negative: no floor.
    expect(ciDomain('matthews_corrcoef', [-0.2, 0.4])[0]).toBeLessThan(-0.2);
    expect(ciDomain('mae', [3, 3])).toEqual([2.7, 3.3]);
    expect(ciDomain('mae', [])).toEqual([0, 1]);
  });
});

describe('slices and error rows', () => {
  const base = { support: 40, weight: 40, enoughSupport: true, metrics: [] };
  const slices: Slice[] = [
    { ...base, id: 'segment=A', label: 'A', column: 'segment', kind: 'value', value: 'A' },
    { ...base, id: 'age#0', label: '18 – 30', column: 'age', kind: 'bin', low: 18, high: 30 },
    { ...base, id: 'age#1', label: '30 – 45', column: 'age', kind: 'bin', low: 30, high: 45 },
    { ...base, id: 'age:missing', label: 'missing', column: 'age', kind: 'missing' },
    { ...base, id: 'segment:other', label: 'other', column: 'segment', kind: 'other' },
    { ...base, id: 'f0', label: 'young A', column: null, kind: 'filter' },
  ];
  const row = (values: Record<string, string>): ErrorRow => ({ row: 0, fold: 0, actual: 'yes', predicted: 'no', confidence: 0.9, loss: 2.3, values });

  it('judges categories, bins (first bin closed on both ends) and missing values from the row text', () => {
    const [a, bin0, bin1, missing, other, filter] = slices as [Slice, Slice, Slice, Slice, Slice, Slice];
    expect(rowInSlice(row({ segment: 'A', age: '20' }), a)).toBe(true);
    expect(rowInSlice(row({ segment: 'B', age: '20' }), a)).toBe(false);
    expect(isFirstBin(bin0, slices)).toBe(true);
    expect(isFirstBin(bin1, slices)).toBe(false);
    expect(rowInSlice(row({ age: '18' }), bin0, true)).toBe(true);
    expect(rowInSlice(row({ age: '18' }), bin0, false)).toBe(false);
    expect(rowInSlice(row({ age: '30' }), bin0, true)).toBe(true);
    expect(rowInSlice(row({ age: '30' }), bin1, false)).toBe(false);
    expect(rowInSlice(row({ age: '31.5' }), bin1, false)).toBe(true);
    expect(rowInSlice(row({ age: '' }), bin1, false)).toBe(false);
    expect(rowInSlice(row({ age: '' }), missing)).toBe(true);
    expect(rowInSlice(row({ age: '40' }), missing)).toBe(false);
    expect(rowInSlice(row({ segment: 'Z' }), other)).toBeNull();
    expect(rowInSlice(row({ segment: 'A' }), filter)).toBeNull();
    expect(filterableSlices(slices).map((s) => s.id)).toEqual(['segment=A', 'age#0', 'age#1', 'age:missing']);
  });
});

describe('geometry', () => {
  it('draws a path that lifts the pen at gaps', () => {
    expect(linePath([
      [0, 0],
      [10, 5],
      [Number.NaN, 3],
      [20, 1],
      [30, 2],
    ])).toBe('M0.0,0.0L10.0,5.0M20.0,1.0L30.0,2.0');
    expect(linePath([])).toBe('');
  });

  it('shades confusion cells by share, with light text on dark cells', () => {
    expect(cellShade(0)).toEqual({ background: 'var(--surface)', dark: false });
    expect(cellShade(1)).toEqual({ background: 'color-mix(in srgb, var(--accent) 88%, var(--surface))', dark: true });
    expect(cellShade(0.2).dark).toBe(false);
    expect(cellShade(Number.NaN).background).toBe('var(--surface)');
  });

  it('spreads overlapping swarm points without moving isolated ones, the same way every time', () => {
    const xs = [10, 10, 10, 50, 10.5];
    const a = swarmOffsets(xs, 3, 12);
    expect(a).toEqual(swarmOffsets(xs, 3, 12));
    expect(a[3]).toBe(0);
    expect(Math.max(...a.map(Math.abs))).toBeLessThanOrEqual(12);
    // The points stacked at x = 10 end up at distinct heights.
    expect(new Set([a[0], a[1], a[2]]).size).toBe(3);
  });
});

describe('axis ticks and feature values', () => {
  it('niceTicks gives a clean zero and round steps across zero', () => {
    const ticks = niceTicks(-0.55, 0.15, 4);
    expect(ticks).toContain(0);
    expect(ticks.every((t) => t === 0 || Math.abs(t) >= 0.1 - 1e-12)).toBe(true);
    expect(niceTicks(0.1, 0.3, 2)).toEqual([0.1, 0.2, 0.3]);
  });

  it('shows a categorical code as its label, integers as integers, and missing values as such', () => {
    expect(formatFeatureValue(1, ['A', 'B', 'C'])).toBe('B');
    expect(formatFeatureValue(7, ['A', 'B'])).toBe('7');
    expect(formatFeatureValue(24)).toBe('24');
    expect(formatFeatureValue(75.3456)).toBe('75.35');
    expect(formatFeatureValue(Number.NaN)).toBe('missing');
  });
});

describe('the slice filter form', () => {
  const ok = (r: ReturnType<typeof slicePredicate>) => {
    if (!('predicate' in r)) throw new Error(r.error);
    return r.predicate;
  };

  it('sends numbers to ordering operators and to numeric columns, and says why it refuses', () => {
    expect(ok(slicePredicate('age', '>=', ' 40 ', true))).toEqual({ column: 'age', op: '>=', value: 40 });
    expect(ok(slicePredicate('age', '==', '40.5', true))).toEqual({ column: 'age', op: '==', value: 40.5 });
    expect(slicePredicate('age', '<', 'old', undefined)).toEqual({ error: '“<” compares numbers: type a number.' });
    expect(slicePredicate('segment', '>', 'A', false)).toEqual({ error: '“>” orders numbers, and segment is categorical: use == or !=.' });
    expect(slicePredicate('age', '==', 'old', true)).toEqual({ error: 'age is numeric: type a number.' });
    expect(slicePredicate('age', '==', '   ', true)).toEqual({ error: 'Type a value.' });
    expect(slicePredicate('', '==', '1')).toEqual({ error: 'Choose a column.' });
    expect(describePredicate({ column: 'age', op: '<', value: 40 })).toBe('age < 40');
  });

  it('keeps a category as typed, so the core selects exactly the rows that show that text', () => {
    const zip: SliceColumn = { name: 'zip', values: ['03', '3', '3.0', null, '03'], kind: 'categorical' };
    const columns = new Map([['zip', zip]]);
    const rowsOf = (text: string, numeric?: boolean) => filterRows(ok(slicePredicate('zip', '==', text, numeric)), 0, columns, 5).rows;
    expect(rowsOf('03', false)).toEqual([0, 4]);
    expect(rowsOf('3.0', false)).toEqual([2]);
    // Kind unknown: "3" prints as the number 3, which the core matches to the category "3" only.
    expect(ok(slicePredicate('zip', '==', '3'))).toEqual({ column: 'zip', op: '==', value: 3 });
    expect(rowsOf('3')).toEqual([1]);
    expect(ok(slicePredicate('zip', '!=', '03'))).toEqual({ column: 'zip', op: '!=', value: '03' });
    // A filter built by the form on a numeric column splits the rows with its complement.
    const age: SliceColumn = { name: 'age', values: [18, 39.5, 40, 77, Number.NaN], kind: 'numeric' };
    const ages = new Map([['age', age]]);
    const below = filterRows(ok(slicePredicate('age', '<', '40', true)), 0, ages, 5).rows;
    const above = filterRows(ok(slicePredicate('age', '>=', '40', true)), 1, ages, 5).rows;
    expect(below).toEqual([0, 1]);
    expect(above).toEqual([2, 3]);
  });
});

describe('the 2-D partial dependence heat map', () => {
  it('reads the core layout: cell (a, b) is the average at (grid[0][a], grid[1][b]) for the chosen output', async () => {
    // Two outputs, the second an exact function of the two features, so every cell is known.
    const model = {
      features: [{ name: 'x' }, { name: 'y' }],
      outputs: 2,
      predict: async (rows: Float64Array, n: number) => {
        const out = new Float64Array(n * 2);
        for (let i = 0; i < n; i++) {
          const v = (rows[i * 2] as number) + 10 * (rows[i * 2 + 1] as number);
          out[i * 2] = -v;
          out[i * 2 + 1] = v;
        }
        return out;
      },
    };
    const X = new Float64Array([0, 0, 1, 2, 2, 1, 3, 3]);
    const pd = await partialDependence({ model, X, n: 4, features: [0, 1] });
    const map = pdHeatmap(pd, 1);
    const gx = pd.grid[0] as Float64Array;
    const gy = pd.grid[1] as Float64Array;
    expect([map.nx, map.ny]).toEqual([gx.length, gy.length]);
    expect(map.cells).toHaveLength(gx.length * gy.length);
    for (const c of map.cells) expect(c.value).toBeCloseTo((gx[c.a] as number) + 10 * (gy[c.b] as number), 12);
    expect(map.lowest).toMatchObject({ a: 0, b: 0 });
    expect(map.highest).toMatchObject({ a: gx.length - 1, b: gy.length - 1 });
    expect(map.min).toBeCloseTo((gx[0] as number) + 10 * (gy[0] as number), 12);
    // Output 0 is the negation: the extremes swap corners.
    expect(pdHeatmap(pd, 0).highest).toMatchObject({ a: 0, b: 0 });
  });

  it('colours from viridis dark purple to yellow, grey when missing, and labels a readable subset of the axis', () => {
    expect(heatColour(0)).toBe('#440154');
    expect(heatColour(1)).toBe('#fde725');
    expect(heatColour(0.5)).toBe('#21918c');
    expect(heatColour(-3)).toBe('#440154');
    expect(heatColour(Number.NaN)).toBe('#8a93a1');
    expect(labelIndices(4, 6)).toEqual([0, 1, 2, 3]);
    expect(labelIndices(20, 6)).toEqual([0, 4, 8, 12, 16, 19]);
    expect(labelIndices(0, 6)).toEqual([]);
    const many = labelIndices(101, 6);
    expect(many.length).toBeLessThanOrEqual(6);
    expect([many[0], many.at(-1)]).toEqual([0, 100]);
  });
});
