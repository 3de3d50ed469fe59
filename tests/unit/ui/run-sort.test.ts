/** Sorting runs: numbers by value, words naturally, missing values last in either direction, stable ties. */
import { describe, expect, it } from 'vitest';
import { flattenRun } from '../../../src/ui/components/runs/run-fields.ts';
import { compareValues, sortRuns } from '../../../src/ui/components/runs/run-sort.ts';
import { run } from './runs-fixtures.ts';

const rows = [
  flattenRun(run('a', { metrics: { accuracy: 0.7, roc_auc: 0.8 }, datasetName: 'run 10' })),
  flattenRun(run('b', { metrics: { accuracy: 0.9 }, datasetName: 'run 2' })),
  flattenRun(run('c', { metrics: { accuracy: 0.8, roc_auc: 0.9 }, datasetName: 'Run 1' })),
  flattenRun(run('d', { metrics: { accuracy: 0.8, roc_auc: Number.NaN }, datasetName: 'run 2' })),
];
const order = (key: string, dir: 'asc' | 'desc'): string[] => sortRuns(rows, { key, dir }).map((r) => r.id);

describe('sortRuns', () => {
  it('sorts numbers both ways; equal values keep their order', () => {
    expect(order('metrics.accuracy', 'asc')).toEqual(['a', 'c', 'd', 'b']);
    expect(order('metrics.accuracy', 'desc')).toEqual(['b', 'c', 'd', 'a']);
  });

  it('puts missing values (absent or NaN) last whichever the direction', () => {
    expect(order('metrics.roc_auc', 'asc')).toEqual(['a', 'c', 'b', 'd']);
    expect(order('metrics.roc_auc', 'desc')).toEqual(['c', 'a', 'b', 'd']);
    expect(order('no.such.key', 'desc')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('sorts words naturally and ignoring case', () => {
    expect(order('dataset', 'asc')).toEqual(['c', 'b', 'd', 'a']);
    expect(order('dataset', 'desc')).toEqual(['a', 'b', 'd', 'c']);
  });

  it('does not change the input', () => {
    const before = rows.map((r) => r.id);
    sortRuns(rows, { key: 'metrics.accuracy', dir: 'desc' });
    expect(rows.map((r) => r.id)).toEqual(before);
  });
});

describe('compareValues', () => {
  it('orders numbers before booleans before words', () => {
    expect(compareValues(1, true)).toBeLessThan(0);
    expect(compareValues(false, true)).toBeLessThan(0);
    expect(compareValues(true, 'a')).toBeLessThan(0);
    expect(compareValues('b', 'a')).toBeGreaterThan(0);
  });
});
