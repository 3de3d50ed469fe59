/** The runs filter box: free text, field comparisons, tags, negation, and clear messages for bad input. */
import { describe, expect, it } from 'vitest';
import { flattenRun, runColumns } from '../../../src/ui/components/runs/run-fields.ts';
import { filterRuns, parseRunFilter, resolveField } from '../../../src/ui/components/runs/run-filter.ts';
import { run, spec } from './runs-fixtures.ts';

const rows = [
  flattenRun(run('r-gbdt', { tags: ['baseline'], metrics: { accuracy: 0.91, roc_auc: 0.97 }, durationMs: 20_000 })),
  flattenRun(run('r-mlp', { spec: spec({ kind: 'mlp', hiddenLayers: [64, 32], learningRate: 0.01 }), metrics: { accuracy: 0.85, roc_auc: 0.88 }, status: 'failed' })),
  flattenRun(run('r-knn', { spec: spec({ kind: 'knn', k: 5 }), datasetName: 'Palmer penguins', tags: ['Draft', 'baseline'], metrics: { accuracy: 0.8 }, startedAt: Date.UTC(2025, 5, 1) })),
];
const columns = runColumns(rows);

function ids(query: string): string[] {
  const p = parseRunFilter(query, columns);
  if (!p.ok) throw new Error(`did not parse: ${p.error}`);
  return filterRuns(rows, p.clauses).map((r) => r.id);
}

function error(query: string): string {
  const p = parseRunFilter(query, columns);
  if (p.ok) throw new Error(`parsed: ${query}`);
  return p.error;
}

describe('parseRunFilter: good input', () => {
  it('an empty filter keeps every run', () => {
    expect(ids('')).toEqual(['r-gbdt', 'r-mlp', 'r-knn']);
    expect(ids('   ')).toEqual(['r-gbdt', 'r-mlp', 'r-knn']);
  });

  it('compares a parameter by equality, with or without spaces, in any case', () => {
    expect(ids('model.kind = gbdt')).toEqual(['r-gbdt']);
    expect(ids('model.kind=MLP')).toEqual(['r-mlp']);
    expect(ids('model != gbdt')).toEqual(['r-mlp', 'r-knn']);
    expect(ids('model.hiddenLayers = "64, 32"')).toEqual(['r-mlp']);
  });

  it('compares metrics by their bare name, and numbers numerically', () => {
    expect(ids('roc_auc > 0.9')).toEqual(['r-gbdt']);
    expect(ids('roc_auc>=0.88')).toEqual(['r-gbdt', 'r-mlp']);
    expect(ids('metrics.accuracy < 0.85')).toEqual(['r-knn']);
    expect(ids('accuracy <= 0.85')).toEqual(['r-mlp', 'r-knn']);
    expect(ids('accuracy = 0.80')).toEqual(['r-knn']);
  });

  it('runs without the field never match a comparison, except !=', () => {
    // r-knn has no roc_auc.
    expect(ids('roc_auc < 2')).toEqual(['r-gbdt', 'r-mlp']);
    expect(ids('roc_auc != 0.97')).toEqual(['r-mlp', 'r-knn']);
  });

  it('finds a parameter by the last part of its key when only one key ends so', () => {
    expect(ids('k = 5')).toEqual(['r-knn']);
    expect(ids('rounds >= 100')).toEqual(['r-gbdt']);
  });

  it('tags: tag:name (any case), the tags field, and negation', () => {
    expect(ids('tag:baseline')).toEqual(['r-gbdt', 'r-knn']);
    expect(ids('tag:draft')).toEqual(['r-knn']);
    expect(ids('-tag:draft')).toEqual(['r-gbdt', 'r-mlp']);
    expect(ids('tags ~ dra')).toEqual(['r-knn']);
    expect(ids('tag:"baseline"')).toEqual(['r-gbdt', 'r-knn']);
  });

  it('free text matches words anywhere; quoted words stay together; every term must hold', () => {
    expect(ids('palmer')).toEqual(['r-knn']);
    expect(ids('"palmer penguins"')).toEqual(['r-knn']);
    expect(ids('failed')).toEqual(['r-mlp']);
    expect(ids('-failed penguins')).toEqual(['r-gbdt', 'r-knn']);
    expect(ids('tag:baseline accuracy > 0.85')).toEqual(['r-gbdt']);
  });

  it('dates for started, durations with units, contains with ~, and negative numbers as values', () => {
    expect(ids('started > 2025-03-01')).toEqual(['r-knn']);
    expect(ids('duration > 10s')).toEqual(['r-gbdt']);
    expect(ids('duration < 2000ms')).toEqual(['r-mlp', 'r-knn']);
    expect(ids('dataset ~ palm')).toEqual(['r-knn']);
    expect(ids('accuracy > -0.5')).toHaveLength(3);
  });
});

describe('parseRunFilter: bad input is reported, never thrown', () => {
  it('an operator without a field or a value', () => {
    expect(error('> 0.9')).toMatch(/needs a field before it/);
    expect(error('roc_auc >')).toMatch(/needs a value after it/);
    expect(error('roc_auc > >')).toMatch(/needs a value after it/);
  });

  it('an order comparison with something that is not a number (or date, or duration)', () => {
    expect(error('roc_auc > high')).toMatch(/compares a number, but "high"/);
    expect(error('started < yesterday')).toMatch(/a date such as/);
    expect(error('duration > long')).toMatch(/a duration such as/);
  });

  it('an unknown field names itself and suggests near ones', () => {
    expect(error('rocauc > 0.9')).toMatch(/No field "rocauc"/);
    expect(error('auc > 0.9')).toMatch(/roc_auc/);
  });

  it('an unclosed quote, a lone !, an empty tag', () => {
    expect(error('"palmer')).toMatch(/not closed/);
    expect(error('model ! gbdt')).toMatch(/not an operator/);
    expect(error('tag:')).toMatch(/needs a tag name/);
  });

  it('reports the position of the problem', () => {
    const p = parseRunFilter('gbdt roc_auc > x', columns);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.position).toBe(15);
  });

  it('never throws on arbitrary text', () => {
    for (const s of ['=', '!!', '""', '" "', '-', '--', 'a = "', '<<=>>', 'tag:"x', '~~~ 1', '\u0000', '((roc_auc))']) {
      expect(() => parseRunFilter(s, columns)).not.toThrow();
    }
  });
});

describe('resolveField', () => {
  it('an ambiguous short name asks for the full key', () => {
    const cols = [
      { key: 'model.l2', type: 'number' as const },
      { key: 'model.members.0.l2', type: 'number' as const },
    ];
    const r = resolveField('l2', cols);
    expect('error' in r && r.error).toMatch(/could mean model\.l2, model\.members\.0\.l2/);
  });
});
