import { tableFromArrays } from 'apache-arrow';
import { describe, expect, test } from 'vitest';
import { buildTable } from '../../../src/core/data/build-table.ts';
import { columnKind, labelValues, numericValues } from '../../../src/core/data/columns.ts';
import { inferTypes } from '../../../src/core/data/infer-types.ts';
import type { RawTable } from '../../../src/core/data/raw-table.ts';
import type { Dataset } from '../../../src/core/data/types.ts';

const raw: RawTable = {
  names: ['n', 'b', 'd', 'c'],
  columns: [
    ['3', null, '2.5', '-0'],
    ['yes', 'no', null, 'true'],
    ['2012-01-02', '2012-01-02T03:04:05.006Z', null, '1999-12-31'],
    ['x', null, 'y', 'x'],
  ],
};
const columns = inferTypes(raw);
const table = buildTable(raw, columns);

describe('numericValues', () => {
  test('numbers, booleans as 0/1, datetimes as epoch ms, missing as NaN', () => {
    expect([...numericValues(table, 'n')]).toEqual([3, NaN, 2.5, -0]);
    expect([...numericValues(table, 'b')]).toEqual([1, 0, NaN, 1]);
    expect([...numericValues(table, 'd')]).toEqual([Date.UTC(2012, 0, 2), Date.UTC(2012, 0, 2, 3, 4, 5, 6), NaN, Date.UTC(1999, 11, 31)]);
  });

  test('label columns and unknown names throw coded errors', () => {
    expect(() => numericValues(table, 'c')).toThrow(expect.objectContaining({ code: 'column_not_numeric' }));
    expect(() => numericValues(table, 'zz')).toThrow(expect.objectContaining({ code: 'column_not_found' }));
  });

  test('multi-chunk and sliced tables', () => {
    const t = tableFromArrays({ x: Float64Array.from([1, 2, 3, 4]) });
    const chunked = t.slice(0, 1).concat(t.slice(1));
    expect([...numericValues(chunked, 'x')]).toEqual([1, 2, 3, 4]);
    expect([...numericValues(table.slice(2), 'n')]).toEqual([2.5, -0]);
    expect([...numericValues(table.slice(1, 3), 'b')]).toEqual([0, NaN]);
  });
});

describe('labelValues', () => {
  test('canonical labels of every kind', () => {
    expect(labelValues(table, 'n')).toEqual(['3', null, '2.5', '0']);
    expect(labelValues(table, 'b')).toEqual(['true', 'false', null, 'true']);
    expect(labelValues(table, 'd')).toEqual(['2012-01-02T00:00:00.000Z', '2012-01-02T03:04:05.006Z', null, '1999-12-31T00:00:00.000Z']);
    expect(labelValues(table, 'c')).toEqual(['x', null, 'y', 'x']);
    expect(labelValues(table.slice(1, 3), 'c')).toEqual([null, 'y']);
  });
});

describe('columnKind', () => {
  test('reads the dataset columns', () => {
    const dataset: Dataset = { name: 't.csv', table, columns, rows: 4, fingerprint: '' };
    expect(columnKind(dataset, 'b')).toBe('boolean');
    expect(columnKind(dataset, 'd')).toBe('datetime');
    expect(() => columnKind(dataset, 'nope')).toThrow(expect.objectContaining({ code: 'column_not_found' }));
  });
});
