import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { decodeRowGroups } from '../../../src/core/data/parquet-wasm.ts';
import { predictionsCsv, predictionsFile, predictionsHeader } from '../../../src/core/export/predictions-file.ts';
import { predictionColumns } from '../../../src/core/monitor/prediction-reference.ts';

const meta = { versionId: 'churn@3', name: 'churn', version: 3, task: 'binary' as const };
// Three rows of two-class probabilities; the second row ties at 0.5 (first class wins).
const output = Float64Array.from([0.2, 0.8, 0.5, 0.5, 0.9, 0.1]);
const columns = predictionColumns('binary', output, ['no', 'yes']);

describe('predictions files carry the model version', () => {
  it('CSV: a model_version column on every row, probabilities with every digit', () => {
    const text = predictionsCsv(columns, meta);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('row,prediction,p(no),p(yes),model_version');
    expect(lines.slice(1)).toEqual(['1,yes,0.2,0.8,churn@3', '2,no,0.5,0.5,churn@3', '3,no,0.9,0.1,churn@3']);
    expect(predictionsHeader(columns)).toEqual(['row', 'prediction', 'p(no)', 'p(yes)', 'model_version']);
  });

  it('Arrow IPC file: columns, values and schema metadata', async () => {
    const t = tableFromIPC(await predictionsFile(columns, meta, 'arrow'));
    expect(t.schema.fields.map((f) => f.name)).toEqual(['row', 'prediction', 'p(no)', 'p(yes)', 'model_version']);
    expect(t.schema.metadata.get('benchtop.model_version')).toBe('churn@3');
    expect(t.schema.metadata.get('benchtop.task')).toBe('binary');
    expect([...t.getChild('row')!.toArray()]).toEqual([1, 2, 3]);
    expect(t.getChild('prediction')!.toArray()).toEqual(['yes', 'no', 'no']);
    expect([...t.getChild('p(yes)')!.toArray()]).toEqual([0.8, 0.5, 0.1]);
    expect(t.getChild('model_version')!.get(2)).toBe('churn@3');
  });

  it('Parquet: readable back with the same values and the version in the schema metadata', async () => {
    const bytes = await predictionsFile(columns, meta, 'parquet');
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('PAR1');
    const t = tableFromIPC(await decodeRowGroups(bytes, [0], 1024, (r) => new Error(r)));
    expect(t.numRows).toBe(3);
    expect(t.schema.metadata.get('benchtop.model_version')).toBe('churn@3');
    expect([...t.getChild('p(no)')!.toArray()]).toEqual([0.2, 0.5, 0.9]);
    expect(t.getChild('model_version')!.toArray()).toEqual(['churn@3', 'churn@3', 'churn@3']);
    // The same predictions give the same bytes.
    expect(await predictionsFile(columns, meta, 'parquet')).toEqual(bytes);
  });

  it('regression: one numeric prediction column', () => {
    const cols = predictionColumns('regression', Float64Array.from([1.5, NaN]), []);
    expect(predictionsCsv(cols, { versionId: 'price@1' })).toBe('row,prediction,model_version\n1,1.5,price@1\n2,,price@1\n');
  });
});
