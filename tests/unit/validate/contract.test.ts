import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../../src/core/data/ingest.ts';
import type { Dataset } from '../../../src/core/data/types.ts';
import { checkContract } from '../../../src/core/validate/contract/check.ts';
import { generateContract } from '../../../src/core/validate/contract/generate.ts';
import type { ContractViolation, DataContract } from '../../../src/core/validate/contract/types.ts';
import { createRng } from '../../../src/core/random.ts';
import { fromText } from '../../helpers/datasets.ts';

type Row = Record<string, string | number | null>;
const penguinRows = JSON.parse(readFileSync(new URL('../../../static/samples/penguins.json', import.meta.url), 'utf8')) as Row[];
const FLIPPER = 'Flipper Length (mm)';
const MASS = 'Body Mass (g)';

const fromRows = (rows: Row[]): Promise<Dataset> => ingest(JSON.stringify(rows), { name: 'penguins.json' });
const contractOf = (ds: Dataset): DataContract => generateContract(ds.table, ds.columns, { datasetName: ds.name, fingerprint: ds.fingerprint });
const check = (ds: Dataset, contract: DataContract) => checkContract(ds.table, ds.columns, contract);
const codes = (vs: ContractViolation[]) => vs.map((v) => `${v.code}:${v.column ?? ''}:${v.severity}`);

function sampleRows(n: number, seed: number): Row[] {
  const rng = createRng(seed);
  const idx = penguinRows.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, n).map((i) => penguinRows[i]!);
}

const rescale = (rows: Row[], column: string, factor: number, noise = 0, seed = 1): Row[] => {
  const rng = createRng(seed);
  return rows.map((r): Row => {
    const v = r[column];
    return { ...r, [column]: typeof v === 'number' ? Math.round(v * factor * (1 + noise * rng.normal()) * 1000) / 1000 : (v ?? null) };
  });
};

describe('generateContract', () => {
  it('describes penguins with the documented defaults', async () => {
    const ds = await fromRows(penguinRows);
    const c = contractOf(ds);
    expect(c).toMatchObject({ format: 'benchtop.contract', version: 1, createdFrom: { datasetName: 'penguins.json', fingerprint: ds.fingerprint } });
    expect(c.rowCount).toEqual({ min: 172, max: 688 });
    const flipper = c.columns.find((x) => x.name === FLIPPER)!;
    // observed 172..231: span 59, widened by 5.9 on each side (to whole numbers when the column is integer)
    const whole = flipper.type === 'integer';
    expect(flipper.range).toEqual(whole ? { min: 166, max: 237 } : { min: 172 - 5.9, max: 231 + 5.9 });
    expect(flipper).toMatchObject({ kind: 'numeric', nullable: true, required: true, maxMissingShare: Math.round(((2 / 344) * 2 + 0.01) * 1e6) / 1e6 });
    expect(flipper.unique).toBeUndefined();
    const ref = flipper.reference!;
    if (ref.kind !== 'numeric') throw new Error('numeric reference expected');
    expect(ref.count).toBe(342);
    expect(ref.percentiles).toHaveLength(99);
    expect(ref.median).toBe(197);
    expect(ref.bins.shares.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    const species = c.columns.find((x) => x.name === 'Species')!;
    expect(species).toMatchObject({ kind: 'categorical', allowedValues: ['Adelie', 'Chinstrap', 'Gentoo'], allowUnseen: false, nullable: false });
    expect(species.reference).toMatchObject({ kind: 'categorical', count: 344, frequencies: [{ value: 'Adelie', share: 152 / 344 }, { value: 'Gentoo' }, { value: 'Chinstrap' }] });
  });

  it('marks all-distinct integer and label columns unique, never floats or booleans; dates get ISO ranges', async () => {
    const ds = await fromText('id,code,x,flag,day\n1,a1,0.5,true,2024-01-01\n2,b2,0.7,false,2024-01-03\n3,c3,0.9,true,2024-01-11\n');
    const columns = ds.columns.map((c) => (c.name === 'id' ? { ...c, type: 'integer' as const } : c));
    const c = generateContract(ds.table, columns, { datasetName: 'd', fingerprint: ds.fingerprint });
    const by = (n: string) => c.columns.find((x) => x.name === n)!;
    expect(by('id')).toMatchObject({ unique: true, range: { min: 0, max: 4 } });
    expect(by('code').unique).toBe(true);
    expect(by('x').unique).toBeUndefined();
    expect(by('flag').unique).toBeUndefined();
    expect(by('flag').reference).toMatchObject({ kind: 'categorical' });
    expect(by('x').range!.min).toBeCloseTo(0.46, 12);
    expect(by('x').range!.max).toBeCloseTo(0.94, 12);
    // 10 days of span: widened by a day on each side
    expect(by('day').range).toEqual({ min: '2023-12-31T00:00:00.000Z', max: '2024-01-12T00:00:00.000Z' });
    expect(by('x').range!.min).toBeGreaterThanOrEqual(0);
  });

  it('serialises to JSON and back identically', async () => {
    const c = contractOf(await fromRows(penguinRows));
    const text = JSON.stringify(c);
    expect(JSON.stringify(JSON.parse(text))).toBe(text);
    expect(JSON.parse(text)).toEqual(c);
  });
});

describe('checkContract', () => {
  it('the data a contract was made from passes it, and so does a random sample of it', async () => {
    const full = await fromRows(penguinRows);
    const c = contractOf(full);
    expect(check(full, c)).toEqual({ pass: true, violations: [] });
    for (const seed of [1, 2, 3]) {
      const result = check(await fromRows(sampleRows(200, seed)), c);
      expect(result.pass, codes(result.violations).join()).toBe(true);
      expect(result.violations.filter((v) => v.code === 'unit_change' || v.code === 'distribution_shift')).toEqual([]);
    }
  });

  it('fails loudly on a unit change: flipper length mm -> cm', async () => {
    const c = contractOf(await fromRows(penguinRows));
    const result = check(await fromRows(rescale(penguinRows, FLIPPER, 0.1)), c);
    expect(result.pass).toBe(false);
    const unit = result.violations.filter((v) => v.column === FLIPPER);
    expect(unit).toHaveLength(1);
    expect(unit[0]).toMatchObject({ code: 'unit_change', severity: 'error', details: { factor: 0.1, power: -1 } });
    expect(unit[0]!.message).toMatch(/rescaled by 1\/10/);
    expect(unit[0]!.message).toMatch(/median 19\.7 vs 197/);
  });

  it('finds other factors on a noisy sample: mass g -> kg, flipper mm -> m, and x100', async () => {
    const c = contractOf(await fromRows(penguinRows));
    const sample = sampleRows(180, 9);
    const kg = check(await fromRows(rescale(sample, MASS, 0.001, 0.03)), c).violations.find((v) => v.column === MASS);
    expect(kg).toMatchObject({ code: 'unit_change', details: { factor: 0.001 } });
    const m = check(await fromRows(rescale(sample, FLIPPER, 0.001, 0.03)), c).violations.find((v) => v.column === FLIPPER);
    expect(m).toMatchObject({ code: 'unit_change', details: { factor: 0.001 } });
    const up = check(await fromRows(rescale(sample, FLIPPER, 100, 0.02)), c).violations.find((v) => v.column === FLIPPER);
    expect(up).toMatchObject({ code: 'unit_change', details: { factor: 100 } });
  });

  it('does not call a real population shift or a 2x scaling a unit change', async () => {
    const c = contractOf(await fromRows(penguinRows));
    const gentoo = penguinRows.filter((r) => r.Species === 'Gentoo');
    const result = check(await fromRows([...gentoo, ...gentoo]), c);
    expect(result.violations.some((v) => v.code === 'unit_change')).toBe(false);
    expect(result.violations.find((v) => v.column === FLIPPER)).toMatchObject({ code: 'distribution_shift', severity: 'warning' });
    const doubled = check(await fromRows(rescale(penguinRows, MASS, 2)), c);
    expect(doubled.violations.some((v) => v.code === 'unit_change')).toBe(false);
    expect(doubled.violations.find((v) => v.column === MASS && v.code === 'out_of_range')).toBeDefined();
  });

  it('reports each broken promise with its code, severity, column and numbers', async () => {
    const c = contractOf(await fromRows(penguinRows));
    const rows = penguinRows.slice(0, 200).map((r, i): Row => {
      const { Island: _dropped, ...rest } = r;
      return {
        ...rest,
        Species: i === 3 ? 'Emperor' : (r.Species ?? null),
        [MASS]: i === 5 ? 99999 : i === 6 ? 10 : r[MASS]!,
        Sex: i % 3 === 0 ? null : (r.Sex ?? null),
        Tag: `t${i}`,
      };
    });
    const result = check(await fromRows(rows), c);
    expect(result.pass).toBe(false);
    const by = (code: string) => result.violations.find((v) => v.code === code)!;
    expect(by('missing_column')).toMatchObject({ column: 'Island', severity: 'error' });
    expect(by('unexpected_column')).toMatchObject({ column: 'Tag', severity: 'warning' });
    expect(by('unseen_category')).toMatchObject({ column: 'Species', severity: 'error', count: 1, examples: [{ row: 3, value: 'Emperor' }] });
    expect(by('out_of_range')).toMatchObject({ column: MASS, count: 2, details: { below: 1, above: 1 } });
    expect(by('out_of_range').message).toMatch(/99999 at row 6/);
    const sexMissing = rows.filter((r) => r.Sex === null).length;
    expect(sexMissing).toBeGreaterThan(67);
    expect(by('null_share_exceeded')).toMatchObject({ column: 'Sex', count: sexMissing });
    expect(by('null_share_exceeded').message).toContain(`${sexMissing} of 200 cells missing (${((sexMissing / 200) * 100).toFixed(1)}%)`);
  });

  it('allowUnseen turns new labels into a warning; row counts and uniqueness are enforced', async () => {
    const base = await fromText('id,colour\n1,red\n2,blue\n3,red\n4,blue\n');
    const c = generateContract(base.table, base.columns.map((x) => (x.name === 'id' ? { ...x, type: 'integer' as const } : x)), { datasetName: 'b', fingerprint: base.fingerprint });
    c.columns[1]!.allowUnseen = true;
    const next = await fromText('id,colour\n1,red\n2,green\n2,red\n4,blue\n5,blue\n6,red\n7,red\n8,red\n9,red\n');
    const result = check(next, c);
    expect(codes(result.violations)).toEqual([
      'row_count_out_of_range::error',
      'out_of_range:id:error',
      'duplicate_values:id:error',
      'unseen_category:colour:warning',
    ]);
    expect(c.rowCount).toEqual({ min: 2, max: 8 });
    expect(result.violations[1]).toMatchObject({ count: 4, details: { above: 4, max: '5' } });
    expect(result.violations[2]!.message).toMatch(/"2" at row 3 \(first at row 2\)/);
  });

  it('a kind change stops further checks on that column; categorical vs text is only a warning', async () => {
    const base = await fromText('x,label\n1,a\n2,b\n3,a\n4,b\n');
    const c = contractOf(base);
    const next = await fromText('x,label\n1,a\nn/a?,b\n3,a\n4,b\n');
    const result = check(next, c);
    expect(codes(result.violations)).toContain('kind_mismatch:x:error');
    expect(result.violations.filter((v) => v.column === 'x')).toHaveLength(1);
    const asText = checkContract(base.table, base.columns.map((x) => (x.name === 'label' ? { ...x, kind: 'text' as const } : x)), c);
    expect(asText.pass).toBe(true);
    expect(codes(asText.violations)).toEqual(['kind_mismatch:label:warning']);
  });

  it('a non-nullable column may not miss a single cell', async () => {
    const base = await fromText('x,y\n1,a\n2,b\n3,a\n4,b\n');
    const c = contractOf(base);
    const result = check(await fromText('x,y\n1,a\n,b\n3,a\n4,b\n'), c);
    expect(result.violations).toMatchObject([{ code: 'null_share_exceeded', column: 'x', count: 1, examples: [{ row: 1 }] }]);
  });
});
