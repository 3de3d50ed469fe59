import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../../src/core/export/bundle/export-bundle.ts';
import { importBundle } from '../../../src/core/export/bundle/import-bundle.ts';
import type { Bundle } from '../../../src/core/export/bundle/types.ts';
import { inputKinds, predictedLabels, readWithInputKinds, scoreWithBundle, scoringContract } from '../../../src/core/export/score/score-with-bundle.ts';
import { ingest } from '../../../src/core/data/ingest.ts';
import { blobsCsv, fromText } from '../../helpers/datasets.ts';
import { cpuTf } from '../../helpers/tf.ts';
import { bundleInputOf, train, type Trained } from './helpers.ts';

let t: Trained;
let bundle: Bundle;
let thresholded: Bundle;
const header = 'x1,x2,colour,label';

beforeAll(async () => {
  t = await train(await fromText(blobsCsv(200, 5), 'blobs.csv'), 'label', { kind: 'logistic', epochs: 10 });
  const input = await bundleInputOf(t);
  bundle = await importBundle(exportBundle(input));
  thresholded = await importBundle(exportBundle({ ...input, decision: { threshold: 0.999, posLabel: 1, rule: 'test: a very high bar' } }));
}, 60_000);
afterAll(() => t.result.model!.dispose());

/** A batch read as the CLI and the studio read one: with the bundle's column kinds. */
const read = (b: Bundle, csv: string) => readWithInputKinds(b, (kinds) => ingest(csv, { name: 'batch.csv', kinds }));
const score = async (b: Bundle, csv: string) => scoreWithBundle(b, await read(b, csv), { tf: await cpuTf() });
const failure = async (csv: string) => {
  try {
    await score(bundle, csv);
  } catch (e) {
    return e as { code: string; message: string; location: { column?: string } };
  }
  throw new Error('scored');
};

describe('scoreWithBundle: the contract first', () => {
  it('scores a clean batch: labels and probabilities per row', async () => {
    const s = await score(bundle, [header, '0.1,0.2,red,', '3.5,-3.2,blue,', '0.0,0.1,green,no'].join('\n'));
    expect(s.rows).toBe(3);
    expect(s.classes).toEqual(['false', 'true']); // yes/no reads as a boolean column
    expect(s.labels).toEqual(['false', 'true', 'false']);
    expect(s.proba!.length).toBe(6);
    for (let i = 0; i < 3; i++) expect(s.proba![2 * i]! + s.proba![2 * i + 1]!).toBeCloseTo(1, 6);
    // The target column and other extra columns are not findings.
    expect(s.warnings.filter((w) => w.code === 'unexpected_column')).toEqual([]);
  });

  it("the bundle's own examples.csv scores cleanly", async () => {
    const s = await score(bundle, bundle.examplesCsv);
    expect(s.rows).toBe(5);
    expect(s.labels).toHaveLength(5);
  });

  it('a violation stops scoring and names the columns and rows', async () => {
    const e = await failure([header, '0.1,0.2,red,no', '0.3,99,purple,no', '0.2,0.1,orange,no'].join('\n'));
    expect(e.code).toBe('scoring_data_invalid');
    expect(e.message).toMatch(/\(2 problems\)/);
    expect(e.message).toMatch(/Column "x2" has 1 value outside .* at row 2/);
    expect(e.message).toMatch(/Column "colour" has 2 cells with 2 labels the contract does not list: "purple", "orange" \(rows 2, 3\)/);
    expect(e.location.column).toBe('x2');
  });

  it('a missing input column, and a column of another kind', async () => {
    const missing = await failure(['x1,x2', '0.1,0.3'].join('\n'));
    expect(missing.message).toMatch(/Column "colour" is required by the contract but not in the data/);
    // Read without the bundle's kinds, text where a number belongs is a kind mismatch...
    const text = await fromText(['x1,x2,colour', '0.1,abc,red', '0.2,def,blue'].join('\n'));
    await expect(scoreWithBundle(bundle, text, { tf: await cpuTf() })).rejects.toThrow(/Column "x2" is (text|categorical); the contract expects numeric/);
    // ...and with them, the file cannot even be read as the model needs it.
    await expect(read(bundle, ['x1,x2,colour', '0.1,abc,red'].join('\n'))).rejects.toMatchObject({ code: 'column_kind_mismatch' });
  });

  it('a batch need not keep dataset-level promises: row counts, missing shares of nullable columns', async () => {
    expect(inputKinds(bundle)).toEqual({ x1: 'numeric', x2: 'numeric', colour: 'categorical' });
    const contract = scoringContract(bundle);
    expect(contract.rowCount.max).toBeGreaterThan(1e12);
    expect(contract.columns.map((c) => c.name)).toEqual(['x1', 'x2', 'colour']);
    // x1 had no missing cells in training: a gap now is an error, not a silent imputation.
    const gap = await failure([header, ',0.2,red,no'].join('\n'));
    expect(gap.message).toMatch(/Column "x1" must have no missing cells/);
  });

  it('drift is a warning that does not stop scoring', async () => {
    const rows = [header];
    for (let i = 0; i < 60; i++) rows.push(`${(0.1 + (i % 5) * 0.01).toFixed(2)},0.1,red,no`);
    const s = await score(bundle, rows.join('\n'));
    expect(s.rows).toBe(60);
    expect(s.warnings.map((w) => `${w.code}:${w.column}`)).toEqual(expect.arrayContaining(['distribution_shift:x1', 'distribution_shift:colour']));
  });

  it("applies the bundle's binary decision rule", async () => {
    const csv = [header, '1.6,-1.4,red,', '3.5,-3.2,blue,'].join('\n');
    const plain = await score(bundle, csv);
    const strict = await score(thresholded, csv);
    expect(strict.proba).toEqual(plain.proba);
    const expected = Array.from({ length: 2 }, (_, i) => (strict.proba![2 * i + 1]! >= 0.999 ? 'true' : 'false'));
    expect(strict.labels).toEqual(expected);
    expect(thresholded.manifest.output.decision).toEqual({ threshold: 0.999, posLabel: 1, rule: 'test: a very high bar' });
  });
});

describe('predictedLabels', () => {
  it('argmax (first on ties) or the binary threshold rule', () => {
    const proba = Float64Array.of(0.4, 0.6, 0.5, 0.5, 0.9, 0.1);
    expect(predictedLabels(proba, ['a', 'b'])).toEqual(['b', 'a', 'a']);
    expect(predictedLabels(proba, ['a', 'b'], { threshold: 0.7, posLabel: 1 })).toEqual(['a', 'a', 'a']);
    expect(predictedLabels(proba, ['a', 'b'], { threshold: 0.45, posLabel: 0 })).toEqual(['b', 'a', 'a']);
    expect(predictedLabels(Float64Array.of(0.2, 0.3, 0.5), ['x', 'y', 'z'])).toEqual(['z']);
  });
});
