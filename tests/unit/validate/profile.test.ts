import { describe, expect, it } from 'vitest';
import { buildTable } from '../../../src/core/data/build-table.ts';
import { inferTypes } from '../../../src/core/data/infer-types.ts';
import type { ColumnInfo, ColumnKind } from '../../../src/core/data/types.ts';
import { CancelSource, type Progress } from '../../../src/core/jobs.ts';
import { createRng } from '../../../src/core/random.ts';
import { profileTable } from '../../../src/core/validate/profile/profile-table.ts';
import { argsortFloat64, sortFloat64 } from '../../../src/core/validate/profile/radix-sort.ts';
import type { ColumnProfile, LabelProfile, NumericProfile } from '../../../src/core/validate/profile/types.ts';

/** A table from named columns of raw cells (null = missing); names in an array, so '__proto__' is an ordinary name. */
function table(names: string[], columns: (string | null)[][], kinds?: Record<string, ColumnKind>) {
  const raw = { names, columns };
  const forced = kinds ? new Map(names.filter((n) => Object.hasOwn(kinds, n)).map((n) => [n, kinds[n] as ColumnKind])) : undefined;
  const info = inferTypes(raw, forced);
  return { table: buildTable(raw, info), columns: info };
}

const byName = (cols: ColumnProfile[], name: string): ColumnProfile => {
  const c = cols.find((p) => p.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
};

/** Every number anywhere in the value is finite. */
function allFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(allFinite);
  if (v && typeof v === 'object') return Object.values(v).every(allFinite);
  return true;
}

describe('profileTable', () => {
  it('an all-missing column: counts only, every statistic null, no NaN anywhere', async () => {
    const t = table(['x', 'y', 'z'], [[null, null, null], [null, null, null], ['a', null, 'a']], { x: 'numeric', y: 'datetime' });
    const p = await profileTable(t.table, t.columns);
    const x = byName(p.columns, 'x') as NumericProfile;
    expect(x).toMatchObject({ kind: 'numeric', count: 0, missing: 3, missingShare: 1, distinct: 0, distinctShare: 0 });
    expect([x.min, x.max, x.mean, x.std, x.skew, x.quantiles, x.histogram, x.topValues]).toEqual([null, null, null, null, null, null, null, null]);
    expect(byName(p.columns, 'y')).toMatchObject({ kind: 'datetime', count: 0, min: null, max: null, histogram: null });
    expect(allFinite(p)).toBe(true);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it('a single row: std and skew are null, quantiles are the value, no duplicates', async () => {
    const t = table(['n', 'c'], [['4'], ['k']]);
    const p = await profileTable(t.table, t.columns);
    expect(p.rows).toBe(1);
    expect(p.duplicateRows).toBe(0);
    const n = byName(p.columns, 'n') as NumericProfile;
    expect(n).toMatchObject({ count: 1, mean: 4, std: null, skew: null, min: 4, max: 4 });
    expect(n.quantiles?.p01).toBe(4);
    expect(n.histogram).toEqual({ edges: [3.5, 4.5], counts: [1] });
  });

  it('a table without rows profiles to zeros and nulls', async () => {
    const t = table(['a', 'b'], [[], []], { a: 'numeric', b: 'categorical' });
    const p = await profileTable(t.table, t.columns);
    expect(p).toMatchObject({ rows: 0, duplicateRows: 0 });
    expect(byName(p.columns, 'a')).toMatchObject({ count: 0, missingShare: 0, histogram: null });
    expect(byName(p.columns, 'b')).toMatchObject({ count: 0, topValues: [], otherCount: 0, length: null });
    expect(allFinite(p)).toBe(true);
  });

  it("column names like __proto__ and constructor are ordinary names", async () => {
    const t = table(['__proto__', 'constructor', 'toString'], [['1', '2', '2'], ['a', 'a', 'b'], ['x', 'y', 'z']]);
    const p = await profileTable(t.table, t.columns);
    expect(p.columns.map((c) => c.name)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(byName(p.columns, '__proto__')).toMatchObject({ kind: 'numeric', mean: 5 / 3 });
    expect(Object.getPrototypeOf(p.columns[0])).toBe(Object.prototype);
  });

  it('label columns: top values by count then value, the rest as otherCount', async () => {
    const values = ['b', 'a', 'c', 'a', 'b', 'd', 'e', 'a', null];
    const t = table(['v'], [values], { v: 'categorical' });
    const p = await profileTable(t.table, t.columns, { topK: 2 });
    const v = byName(p.columns, 'v') as LabelProfile;
    expect(v.topValues).toEqual([
      { value: 'a', count: 3 },
      { value: 'b', count: 2 },
    ]);
    expect(v.otherCount).toBe(3);
    expect(v).toMatchObject({ count: 8, missing: 1, distinct: 5 });
  });

  it('user bins override the automatic histogram', async () => {
    const t = table(['x'], [['0', '1', '2', '3', '4', '5', '6', '7', '8', '10']]);
    const p = await profileTable(t.table, t.columns, { bins: 2 });
    expect((p.columns[0] as NumericProfile).histogram).toEqual({ edges: [0, 5, 10], counts: [5, 5] });
  });

  it('integer columns with few values get one bin per value', async () => {
    const t = table(['x'], [['1', '3', '3', '2', '1', '1']]);
    const p = await profileTable(t.table, t.columns);
    expect((p.columns[0] as NumericProfile).histogram).toEqual({ edges: [0.5, 1.5, 2.5, 3.5], counts: [3, 1, 2] });
  });

  it('-0 and 0 are one value and count as zeros; duplicates see them as equal', async () => {
    const t = table(['x'], [['0', '-0', '1']]);
    const p = await profileTable(t.table, t.columns);
    expect(p.columns[0]).toMatchObject({ distinct: 2, zeros: 2, negatives: 0 });
    expect((p.columns[0] as NumericProfile).topValues).toEqual([
      { value: 0, count: 2 },
      { value: 1, count: 1 },
    ]);
    expect(p.duplicateRows).toBe(1);
  });

  it('duplicate rows: every column must match, missing matches missing', async () => {
    const t = table(
      ['a', 'b', 'c'],
      [
        ['1', '1', '1', '2', null, null],
        ['x', 'x', 'y', 'x', 'z', 'z'],
        ['2020-01-01', '2020-01-01', '2020-01-01', '2020-01-01', null, null],
      ],
    );
    const p = await profileTable(t.table, t.columns);
    expect(p.duplicateRows).toBe(2);
  });

  it('missingByToken, type and confidence come from ColumnInfo when present', async () => {
    const t = table(['x'], [['1', null, '2']]);
    const info: ColumnInfo[] = [{ ...(t.columns[0] as ColumnInfo), type: 'identifier', confidence: 0.9, missingTokens: [{ token: 'NA', count: 1 }] }];
    const p = await profileTable(t.table, info);
    expect(p.columns[0]).toMatchObject({ type: 'identifier', confidence: 0.9, missingByToken: [{ token: 'NA', count: 1 }] });
  });

  it('text lengths count code points, as Python does', async () => {
    const t = table(['s'], [['🎉🎉', 'abc', 'é']], { s: 'text' });
    const p = await profileTable(t.table, t.columns);
    expect((p.columns[0] as LabelProfile).length).toEqual({ min: 1, mean: 2, max: 3 });
  });

  it('datetimes before 1970 and after 2038 keep their exact milliseconds', async () => {
    const t = table(['d'], [['1969-12-31T23:59:59.250Z', '2100-06-01', null, '1901-01-01']]);
    const p = await profileTable(t.table, t.columns);
    expect(p.columns[0]).toMatchObject({ kind: 'datetime', count: 3, min: '1901-01-01T00:00:00.000Z', max: '2100-06-01T00:00:00.000Z' });
  });

  it('sliced and multi-chunk tables profile like one freshly built table', async () => {
    const names = ['n', 'c', 'd', 'b'];
    const cols: (string | null)[][] = [
      ['1', null, '3', '3', '5', '6', null, '8', '9', '3'],
      ['a', 'b', null, 'a', 'héllo', 'b', 'c', null, 'a', 'a'],
      ['2020-01-01', null, '1960-05-05', '2020-01-01', '2030-01-01', null, '2020-01-01', '2021-01-01', '2022-01-01', '2020-01-01'],
      ['yes', 'no', null, 'yes', 'yes', 'no', 'no', 'yes', null, 'yes'],
    ];
    // Rows 3..9 as a slice of one chunk followed by a second chunk.
    const first = table(names, cols.map((c) => c.slice(0, 6))).table.slice(3);
    const second = table(names, cols.map((c) => c.slice(6))).table;
    const joined = first.concat(second);
    expect(joined.data.length).toBe(2);
    const want = table(names, cols.map((c) => c.slice(3)));
    const a = await profileTable(joined, want.columns);
    const b = await profileTable(want.table, want.columns);
    expect(a.columns).toEqual(b.columns);
    expect(a.duplicateRows).toBe(b.duplicateRows);
    expect(b.duplicateRows).toBe(1);
  });

  it('many columns: reports progress, yields, and can be cancelled', async () => {
    const rng = createRng(1);
    const names = Array.from({ length: 400 }, (_, j) => `c${j}`);
    const cols = names.map(() => Array.from({ length: 500 }, () => String(rng.normal())));
    const t = table(names, cols);
    const seen: Progress[] = [];
    const p = await profileTable(t.table, t.columns, { onProgress: (e) => seen.push(e) });
    expect(p.columns).toHaveLength(400);
    expect(seen[0]).toEqual({ phase: 'profile', fraction: 0 });
    expect(seen.at(-1)).toEqual({ phase: 'profile', fraction: 1 });

    const cancel = new CancelSource();
    cancel.cancel();
    const t2 = table(names, cols);
    await expect(profileTable(t2.table, t2.columns, { cancel })).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('radix sort', () => {
  const rng = createRng(9);
  const sample = (n: number): Float64Array =>
    Float64Array.from({ length: n }, (_, i) => (i % 11 === 0 ? -0 : i % 5 === 0 ? Math.round(rng.normal() * 3) : rng.normal() * 10 ** rng.int(12)));

  it('sorts like TypedArray#sort, -0 before 0, above and below the radix threshold', () => {
    for (const n of [0, 1, 100, 5000, 70_000]) {
      const x = sample(n);
      const want = Float64Array.from(x).sort();
      const got = sortFloat64(Float64Array.from(x));
      expect(got.every((v, i) => Object.is(v, want[i])), `n=${n}`).toBe(true);
    }
  });

  it('argsort is a stable ascending order', () => {
    const x = sample(9000);
    const order = argsortFloat64(x);
    for (let i = 1; i < order.length; i++) {
      const a = x[order[i - 1] as number] as number;
      const b = x[order[i] as number] as number;
      expect(a <= b).toBe(true);
      if (Object.is(a, b)) expect((order[i - 1] as number) < (order[i] as number)).toBe(true);
    }
    expect(new Set(order).size).toBe(x.length);
  });

  it('handles extreme magnitudes and subnormals', () => {
    const x = Float64Array.from({ length: 4096 }, (_, i) => [Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324, -5e-324, 0, 1, -1][i % 7] as number);
    const want = Float64Array.from(x).sort();
    expect([...sortFloat64(Float64Array.from(x))]).toEqual([...want]);
  });
});
