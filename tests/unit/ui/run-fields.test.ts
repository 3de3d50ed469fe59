/** Runs as flat rows: parameters flattened to dotted keys, columns gathered over runs, cells as text, tags as typed. */
import { describe, expect, it } from 'vitest';
import { flattenParams, flattenRun, formatCell, parseTags, runColumns } from '../../../src/ui/components/runs/run-fields.ts';
import { run, spec } from './runs-fixtures.ts';

describe('flattenParams', () => {
  it('flattens the model, training and split into dotted keys; number lists read as one value', () => {
    const p = flattenParams(
      spec({ kind: 'mlp', hiddenLayers: [64, 32], activation: 'relu', schedule: { kind: 'cosine', warmupEpochs: 2 }, batchNorm: false }),
    );
    expect(p['model.kind']).toBe('mlp');
    expect(p['model.hiddenLayers']).toBe('64, 32');
    expect(p['model.activation']).toBe('relu');
    expect(p['model.schedule.kind']).toBe('cosine');
    expect(p['model.schedule.warmupEpochs']).toBe(2);
    expect(p['model.batchNorm']).toBe(false);
    expect(p['training.earlyStopping.patience']).toBe(10);
    expect(p['training.validationFraction']).toBe(0.1);
    expect(p['split.testSize']).toBe(0.2);
    expect(p['split.kind']).toBe('holdout');
  });

  it('numbers ensemble members by position and leaves out undefined and non-finite values', () => {
    const p = flattenParams(
      spec({
        kind: 'ensemble',
        method: 'soft-vote',
        members: [
          { kind: 'logistic', l2: 0.01 },
          { kind: 'knn', k: 5, weights: undefined },
        ],
      }),
    );
    expect(p['model.members.0.kind']).toBe('logistic');
    expect(p['model.members.0.l2']).toBe(0.01);
    expect(p['model.members.1.k']).toBe(5);
    expect('model.members.1.weights' in p).toBe(false);
    const q = flattenParams(spec({ kind: 'gbdt', learningRate: Number.NaN }));
    expect('model.learningRate' in q).toBe(false);
  });
});

describe('flattenRun and runColumns', () => {
  it('puts run facts, metrics and parameters under their keys and builds free text from the run', () => {
    const r = flattenRun(run('a1', { experiment: 'Churn v2', tags: ['baseline', 'cpu'], notes: 'First try' }));
    expect(r.values.status).toBe('done');
    expect(r.values['model.kind']).toBe('gbdt');
    expect(r.values['model.rounds']).toBe(100);
    expect(r.values['metrics.roc_auc']).toBe(0.95);
    expect(r.values.main).toBe(0.9);
    expect(r.values.experiment).toBe('Churn v2');
    expect(r.values.tags).toBe('baseline, cpu');
    expect(r.values.duration).toBe(1500);
    expect(r.tags).toEqual(['baseline', 'cpu']);
    expect(r.text).toContain('churn v2');
    expect(r.text).toContain('first try');
  });

  it('gathers every metric and parameter seen on any run; only run facts are shown by default', () => {
    const rows = [flattenRun(run('a')), flattenRun(run('b', { spec: spec({ kind: 'knn', k: 7 }), metrics: { accuracy: 0.8, f1_macro: 0.7 } }))];
    const cols = runColumns(rows);
    const keys = cols.map((c) => c.key);
    expect(keys).toContain('metrics.f1_macro');
    expect(keys).toContain('metrics.roc_auc');
    expect(keys).toContain('model.k');
    expect(keys).toContain('model.rounds');
    // model.kind is a run column, not repeated among the parameters.
    expect(keys.filter((k) => k === 'model.kind')).toHaveLength(1);
    expect(cols.find((c) => c.key === 'model.k')?.defaultVisible).toBe(false);
    expect(cols.find((c) => c.key === 'status')?.defaultVisible).toBe(true);
    expect(cols.find((c) => c.key === 'model.k')?.type).toBe('number');
  });

  it('formats cells: the main metric with its name, missing values as a dash', () => {
    const rows = [flattenRun(run('a')), flattenRun(run('b', { spec: spec({ kind: 'knn', k: 7 }), metrics: { r2: 0.5 } }))];
    const cols = runColumns(rows);
    const col = (k: string) => cols.find((c) => c.key === k)!;
    expect(formatCell(rows[0]!, col('main'))).toBe('accuracy 0.9000');
    expect(formatCell(rows[1]!, col('main'))).toBe('R² 0.5000');
    expect(formatCell(rows[1]!, col('model.rounds'))).toBe('—');
    expect(formatCell(rows[0]!, col('metrics.roc_auc'))).toBe('0.9500');
    expect(formatCell(rows[0]!, col('duration'))).toBe('1.50 s');
  });
});

describe('parseTags', () => {
  it('splits on commas, trims, drops blanks and repeats', () => {
    expect(parseTags(' baseline, tuned ,, baseline,  ')).toEqual(['baseline', 'tuned']);
    expect(parseTags('')).toEqual([]);
  });
});
