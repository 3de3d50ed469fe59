import { describe, expect, it } from 'vitest';
import { buildTable } from '../../../src/core/data/build-table.ts';
import { inferTypes } from '../../../src/core/data/infer-types.ts';
import type { ColumnKind } from '../../../src/core/data/types.ts';
import { createRng } from '../../../src/core/random.ts';
import { averageRanks, correlationMatrix, pearson, spearman } from '../../../src/core/validate/correlation/index.ts';
import { sampleRows } from '../../../src/core/validate/correlation/sample-rows.ts';

function tableOf(cols: [string, (string | null)[]][], forced: [string, ColumnKind][] = []) {
  const raw = { names: cols.map((c) => c[0]), columns: cols.map((c) => c[1]) };
  const columns = inferTypes(raw, new Map(forced));
  return { table: buildTable(raw, columns), columns };
}

describe('averageRanks', () => {
  it('gives ties their average rank, 1-based', () => {
    expect([...averageRanks(Float64Array.from([10, 20, 10, 30, 20, 20]))]).toEqual([1.5, 4, 1.5, 6, 4, 4]);
  });
});

describe('pearson and spearman edge cases', () => {
  it('null for fewer than two complete pairs or a constant side; no NaN', () => {
    expect(pearson([1], [2])).toBeNull();
    expect(pearson([1, NaN, 3], [NaN, 2, NaN])).toBeNull();
    expect(pearson([2, 2, 2], [1, 2, 3])).toBeNull();
    expect(spearman([2, 2, 2], [1, 2, 3])).toBeNull();
    expect(pearson([0.1, 0.1, 0.1], [1, 2, 3])).toBeNull();
  });

  it('is clipped to [-1, 1]', () => {
    const x = Array.from({ length: 1000 }, (_, i) => 0.1 * i + 1e8);
    expect(Math.abs(pearson(x, x) ?? 2)).toBeLessThanOrEqual(1);
  });
});

describe('sampleRows', () => {
  it('is all rows when under the cap, else a seeded ascending sample of distinct rows', () => {
    expect([...sampleRows(4, 10, 0)]).toEqual([0, 1, 2, 3]);
    const a = sampleRows(10_000, 100, 7);
    expect(a).toHaveLength(100);
    expect(new Set(a).size).toBe(100);
    expect([...a]).toEqual([...a].sort((p, q) => p - q));
    expect([...sampleRows(10_000, 100, 7)]).toEqual([...a]);
    expect([...sampleRows(10_000, 100, 8)]).not.toEqual([...a]);
  });
});

describe('correlationMatrix', () => {
  const rng = createRng(5);
  const n = 400;
  const base = Array.from({ length: n }, () => rng.normal());

  it('caps columns, keeping preferred and most complete ones, and says which were left out', () => {
    const cols: [string, (string | null)[]][] = [];
    for (let j = 0; j < 8; j++) cols.push([`c${j}`, base.map((v, i) => (j < 3 && i % (j + 2) === 0 ? null : String(v + rng.normal())))]);
    cols.push(['flat', base.map(() => '1')], ['gone', base.map(() => null)]);
    const t = tableOf(cols, [['gone', 'numeric']]);
    const m = correlationMatrix(t.table, t.columns, { method: 'pearson', maxColumns: 4, keep: ['c0'] });
    expect(m.columns).toEqual(['c0', 'c3', 'c4', 'c5']);
    expect(m.omitted).toEqual([
      { name: 'flat', reason: 'constant' },
      { name: 'gone', reason: 'all_missing' },
      { name: 'c1', reason: 'column_cap' },
      { name: 'c2', reason: 'column_cap' },
      { name: 'c6', reason: 'column_cap' },
      { name: 'c7', reason: 'column_cap' },
    ]);
    expect(m.values.map((r, i) => r[i])).toEqual([1, 1, 1, 1]);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(m.values[i]?.[j]).toBe(m.values[j]?.[i]);
  });

  it('samples rows deterministically above maxRows, and the sample estimate stays close', () => {
    const t = tableOf([
      ['x', base.map(String)],
      ['y', base.map((v) => String(v + 0.5 * rng.normal()))],
    ]);
    const full = correlationMatrix(t.table, t.columns, { method: 'spearman' });
    const a = correlationMatrix(t.table, t.columns, { method: 'spearman', maxRows: 200, seed: 3 });
    const b = correlationMatrix(t.table, t.columns, { method: 'spearman', maxRows: 200, seed: 3 });
    expect(a).toEqual(b);
    expect(a).toMatchObject({ rowsUsed: 200, sampled: true });
    expect(full).toMatchObject({ rowsUsed: n, sampled: false });
    expect(Math.abs((a.values[0]?.[1] ?? 0) - (full.values[0]?.[1] ?? 0))).toBeLessThan(0.1);
  });

  it("pairs categorical and boolean columns by Cramér's V; text columns stay out", () => {
    const t = tableOf([
      ['flag', base.map((v) => (v > 0 ? 'yes' : 'no'))],
      ['sign', base.map((v) => (v > 0 ? 'plus' : 'minus'))],
      ['free', base.map((_, i) => `row ${i}`)],
    ]);
    const m = correlationMatrix(t.table, t.columns, { method: 'cramers-v' });
    expect(m.columns).toEqual(['flag', 'sign']);
    expect(m.values[0]?.[1]).toBeCloseTo(1, 12);
  });
});
