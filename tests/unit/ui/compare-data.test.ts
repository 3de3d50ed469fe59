/** The compare view's pure parts: the side-by-side rows, the curves, the parallel-coordinate axes, the run styles and the route. */
import { describe, expect, it } from 'vitest';
import { compareRows, curveSeries, parallelAxes, runStyle } from '../../../src/ui/components/runs/compare-data.ts';
import { flattenRun, runColumns } from '../../../src/ui/components/runs/run-fields.ts';
import { hrefs, parseHash } from '../../../src/ui/state/Router.svelte.ts';
import { run, spec } from './runs-fixtures.ts';

const a = flattenRun(
  run('a', {
    spec: spec({ kind: 'gbdt', rounds: 20, learningRate: 0.1 }),
    metrics: { accuracy: 0.8, log_loss: 0.5 },
    history: [
      { epoch: 1, trainLoss: 0.7, valLoss: 0.72, elapsedMs: 1 },
      { epoch: 2, trainLoss: 0.5, valLoss: 0.6, elapsedMs: 2 },
    ],
  }),
);
const b = flattenRun(
  run('b', {
    spec: spec({ kind: 'gbdt', rounds: 40, learningRate: 0.1 }),
    metrics: { accuracy: 0.85, log_loss: 0.4 },
    history: [{ epoch: 1, trainLoss: 0.6, elapsedMs: 1 }],
  }),
);
const c = flattenRun(run('c', { spec: spec({ kind: 'naive-bayes' }), metrics: { accuracy: 0.85, log_loss: 0.7 } }));
const columns = runColumns([a, b, c]);

describe('compareRows', () => {
  it('marks the rows whose values differ, a missing value included', () => {
    const rows = compareRows([a, b], columns);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    expect(byKey.get('model.rounds')?.differs).toBe(true);
    expect(byKey.get('model.learningRate')?.differs).toBe(false);
    expect(byKey.get('model.kind')?.differs).toBe(false);
    expect(byKey.get('model.rounds')?.texts).toEqual(['20', '40']);
    const withC = new Map(compareRows([a, c], columns).map((r) => [r.key, r]));
    expect(withC.get('model.rounds')?.differs).toBe(true);
    expect(withC.get('model.rounds')?.texts).toEqual(['20', '—']);
    // Nobody has it: no row.
    expect(withC.has('model.k')).toBe(false);
  });

  it('names the best run of a metric by its direction, and none on a tie', () => {
    const byKey = new Map(compareRows([a, b, c], columns).map((r) => [r.key, r]));
    expect(byKey.get('metrics.log_loss')?.best).toBe(1); // lower is better
    expect(byKey.get('metrics.accuracy')?.best).toBeUndefined(); // b and c tie at 0.85
    expect(new Map(compareRows([a, b], columns).map((r) => [r.key, r])).get('metrics.accuracy')?.best).toBe(1);
  });

  it('orders run facts, then parameters, then metrics', () => {
    const groups = compareRows([a, b], columns).map((r) => r.group);
    expect(groups.indexOf('param')).toBeGreaterThan(groups.lastIndexOf('run'));
    expect(groups.indexOf('metric')).toBeGreaterThan(groups.lastIndexOf('param'));
  });
});

describe('curveSeries', () => {
  it('gives each run with that loss its points, by its index among the runs', () => {
    expect(curveSeries([a, b, c], 'trainLoss')).toEqual([
      { index: 0, points: [[1, 0.7], [2, 0.5]] },
      { index: 1, points: [[1, 0.6]] },
    ]);
    expect(curveSeries([a, b, c], 'valLoss')).toEqual([{ index: 0, points: [[1, 0.72], [2, 0.6]] }]);
  });
});

describe('parallelAxes', () => {
  it('one axis per differing parameter, then the metric; numbers scaled 0..1, other values as categories', () => {
    const axes = parallelAxes([a, b, c], columns, 'metrics.accuracy');
    const keys = axes.map((x) => x.key);
    expect(keys.at(-1)).toBe('metrics.accuracy');
    expect(keys).toContain('model.kind');
    expect(keys).toContain('model.rounds');
    expect(keys).not.toContain('seed');
    expect(parallelAxes([a, b], columns, 'metrics.accuracy').map((x) => x.key)).toEqual(['model.rounds', 'metrics.accuracy']);
    const rounds = axes.find((x) => x.key === 'model.rounds')!;
    expect(rounds.kind).toBe('number');
    expect(rounds.positions).toEqual([0, 1, undefined]);
    const kind = axes.find((x) => x.key === 'model.kind')!;
    expect(kind.kind).toBe('category');
    expect(kind.ticks.map((t) => t.label)).toEqual(['gbdt', 'naive-bayes']);
    expect(kind.positions).toEqual([0, 0, 1]);
    const acc = axes.at(-1)!;
    expect(acc.positions[0]).toBe(0);
    expect(acc.positions[1]).toBe(1);
  });

  it('a constant metric sits mid-axis rather than dividing by zero', () => {
    const axes = parallelAxes([b, c], columns, 'metrics.accuracy');
    expect(axes.at(-1)!.positions).toEqual([0.5, 0.5]);
  });
});

describe('runStyle', () => {
  it('gives ten runs ten different colour, dash and marker combinations', () => {
    const styles = Array.from({ length: 10 }, (_, i) => runStyle(i));
    expect(new Set(styles.map((s) => s.color)).size).toBe(10);
    expect(new Set(styles.map((s) => s.dash)).size).toBe(10);
    expect(new Set(styles.map((s) => `${s.dash}|${s.marker}`)).size).toBe(10);
  });
});

describe('compare route', () => {
  it('parses the run ids, drops blanks and repeats, and round-trips through hrefs.compare', () => {
    expect(parseHash('#/compare?runs=a,b,,a,c')).toEqual({ name: 'compare', ids: ['a', 'b', 'c'] });
    expect(parseHash('#/compare')).toEqual({ name: 'compare', ids: [] });
    const ids = ['x,1', 'y z', 'ü'];
    expect(parseHash(hrefs.compare(ids))).toEqual({ name: 'compare', ids });
  });

  it('a malformed id is a page not found, not a crash', () => {
    expect(parseHash('#/compare?runs=%E0%A4%A').name).toBe('not-found');
  });
});
