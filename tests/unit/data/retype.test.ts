import { describe, expect, it } from 'vitest';
import { ingest } from '../../../src/core/data/ingest.ts';
import { labelValues, numericValues } from '../../../src/core/data/columns.ts';
import { fingerprintTable } from '../../../src/core/data/fingerprint.ts';
import { retypeTable } from '../../../src/core/data/retype.ts';

const csv = 'zip,score,when,flag\n02139,1.5,2020-01-02,yes\n10001,-0.25,2021-03-04T05:06:07Z,no\n,3,,yes\n';

describe('retypeTable', () => {
  it('re-reads only the overridden columns and marks them', async () => {
    const ds = await ingest(csv, { name: 'x.csv' });
    expect(ds.columns.find((c) => c.name === 'zip')?.kind).not.toBe('numeric');
    const out = retypeTable(ds.table, ds.columns, new Map([['zip', 'numeric' as const]]));
    const zip = out.columns.find((c) => c.name === 'zip');
    expect(zip).toMatchObject({ kind: 'numeric', overridden: true, missing: 1 });
    expect(Array.from(numericValues(out.table, 'zip'))).toEqual([2139, 10001, NaN]);
    // Untouched columns keep their values and facts.
    expect(out.columns.find((c) => c.name === 'score')).toEqual(ds.columns.find((c) => c.name === 'score'));
    expect(labelValues(out.table, 'when')).toEqual(labelValues(ds.table, 'when'));
  });

  it('is an identity when no kind changes (same fingerprint)', async () => {
    const ds = await ingest(csv, { name: 'x.csv' });
    const out = retypeTable(ds.table, ds.columns, new Map([['score', 'numeric' as const]]));
    expect(await fingerprintTable(out.table)).toBe(ds.fingerprint);
  });

  it('numbers to categorical keep their printed form', async () => {
    const ds = await ingest(csv, { name: 'x.csv' });
    const out = retypeTable(ds.table, ds.columns, new Map([['score', 'categorical' as const]]));
    expect(labelValues(out.table, 'score')).toEqual(['1.5', '-0.25', '3']);
  });

  it('refuses a kind the values cannot be read as, naming row and value', async () => {
    const ds = await ingest(csv, { name: 'x.csv' });
    expect(() => retypeTable(ds.table, ds.columns, new Map([['flag', 'numeric' as const]]))).toThrow(
      expect.objectContaining({ code: 'column_kind_mismatch' }),
    );
    expect(() => retypeTable(ds.table, ds.columns, new Map([['nope', 'numeric' as const]]))).toThrow(
      expect.objectContaining({ code: 'column_not_found' }),
    );
  });
});
