import { Type } from 'apache-arrow';
import { describe, expect, test } from 'vitest';
import { buildTable, KIND_METADATA_KEY, utf8Length } from '../../../src/core/data/build-table.ts';
import { inferTypes } from '../../../src/core/data/infer-types.ts';
import type { RawTable } from '../../../src/core/data/raw-table.ts';

const raw: RawTable = {
  names: ['n', 'b', 'd', 'c', 't'],
  columns: [
    ['1.5', null, '-2e3'],
    ['yes', 'no', null],
    ['2012-01-02', null, '2012-01-02T01:00:00+01:00'],
    ['a', null, 'a'],
    ['ü😀', 'x', null],
  ],
};

describe('buildTable', () => {
  const columns = inferTypes(raw).map((c, i) => (i === 4 ? { ...c, kind: 'text' as const } : c));
  const table = buildTable(raw, columns);

  test('Arrow types per kind, UTC timestamps in ms, kind in field metadata', () => {
    const fields = table.schema.fields;
    expect(fields.map((f) => f.name)).toEqual(raw.names);
    expect(fields.map((f) => String(f.type))).toEqual(['Float64', 'Bool', 'Timestamp<MILLISECOND, UTC>', 'Utf8', 'Utf8']);
    expect(fields[2]!.type.typeId).toBe(Type.Timestamp);
    expect(fields.map((f) => f.metadata.get(KIND_METADATA_KEY))).toEqual(['numeric', 'boolean', 'datetime', 'categorical', 'text']);
    expect(table.numRows).toBe(3);
    expect(table.batches.length).toBe(1);
  });

  test('values and nulls', () => {
    expect(table.getChild('n')!.toArray()[0]).toBe(1.5);
    expect([...Array(3).keys()].map((i) => table.getChild('n')!.get(i))).toEqual([1.5, null, -2000]);
    expect([...Array(3).keys()].map((i) => table.getChild('b')!.get(i))).toEqual([true, false, null]);
    expect([...Array(3).keys()].map((i) => table.getChild('d')!.get(i))).toEqual([Date.UTC(2012, 0, 2), null, Date.UTC(2012, 0, 2)]);
    expect([...Array(3).keys()].map((i) => table.getChild('c')!.get(i))).toEqual(['a', null, 'a']);
    expect(table.getChild('n')!.nullCount).toBe(1);
    expect([...Array(3).keys()].map((i) => table.getChild('t')!.get(i))).toEqual(['ü😀', 'x', null]);
    expect(table.getChild('c')!.nullCount).toBe(1);
  });

  test('the column order follows `columns`, and a missing name is column_not_found', () => {
    const t = buildTable(raw, [columns[3]!, columns[0]!]);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['c', 'n']);
    expect(() => buildTable(raw, [{ name: 'zz', kind: 'text', missing: 0, distinct: 0 }])).toThrow(/"zz" is not in the data/);
  });

  test('a value that does not fit a forced kind is column_kind_mismatch with its data row', () => {
    expect(() => buildTable(raw, [{ ...columns[3]!, kind: 'numeric' }])).toThrow(/data row 1 .* holds "a"/);
  });

  test('names that are Object.prototype members work', () => {
    const r: RawTable = { names: ['__proto__', 'constructor'], columns: [['1'], ['x']] };
    const t = buildTable(r, inferTypes(r));
    expect(t.getChild('__proto__')!.get(0)).toBe(1);
    expect(t.getChild('constructor')!.get(0)).toBe('x');
  });

  test('utf8Length matches TextEncoder, lone surrogates included', () => {
    for (const s of ['', 'abc', 'ü', '€', '😀', '\uD800', 'a\uDC00b', '\uD800\uD800', 'x😀\uD83D'])
      expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  });

  test('100k rows x 10 columns build well under a second', () => {
    const rows = 100_000;
    const big: RawTable = { names: [], columns: [] };
    for (let j = 0; j < 10; j++) {
      big.names.push(`c${j}`);
      big.columns.push(Array.from({ length: rows }, (_, i) => (i % 97 === 0 ? null : j < 6 ? String((i * (j + 1)) / 7) : `label${(i + j) % 13}`)));
    }
    const info = inferTypes(big);
    const start = performance.now();
    const t = buildTable(big, info);
    const ms = performance.now() - start;
    expect(t.numRows).toBe(rows);
    expect(t.getChild('c1')!.get(7)).toBe(2);
    expect(t.getChild('c7')!.get(1)).toBe('label8');
    expect(ms).toBeLessThan(700);
  });
});
