import { describe, expect, test } from 'vitest';
import { BenchtopError } from '../../../src/core/errors.ts';
import { inferColumn, inferKind, inferTypes } from '../../../src/core/data/infer-types.ts';
import { parseDatetime } from '../../../src/core/data/parse-datetime.ts';
import { parseNumber } from '../../../src/core/data/parse-number.ts';

const repeat = (values: string[], times: number): string[] => Array.from({ length: times }, () => values).flat();

describe('parseNumber', () => {
  test.each([
    ['1', 1],
    [' -2.5 ', -2.5],
    ['+3', 3],
    ['1e3', 1000],
    ['1.5E-2', 0.015],
    ['.5', 0.5],
    ['5.', 5],
    ['-0', -0],
  ])('%j -> %d', (s, x) => expect(parseNumber(s)).toBe(x));

  test.each(['1,000', '0x1F', 'Infinity', 'inf', '1e999', '', ' ', '1 2', '1e', '--1', '.', '1_000', '١٢'])('%j is not a number', (s) =>
    expect(parseNumber(s)).toBeNull(),
  );
});

describe('parseDatetime', () => {
  test('dates and datetimes read as UTC unless a zone is given', () => {
    expect(parseDatetime('2012-01-02')).toBe(Date.UTC(2012, 0, 2));
    expect(parseDatetime('2012/1/2')).toBe(Date.UTC(2012, 0, 2));
    expect(parseDatetime('2012-01-02T03:04')).toBe(Date.UTC(2012, 0, 2, 3, 4));
    expect(parseDatetime('2012-01-02 03:04:05.678')).toBe(Date.UTC(2012, 0, 2, 3, 4, 5, 678));
    expect(parseDatetime('2012-01-02T03:04:05Z')).toBe(Date.UTC(2012, 0, 2, 3, 4, 5));
    expect(parseDatetime('2012-01-02T03:04:05+02:00')).toBe(Date.UTC(2012, 0, 2, 1, 4, 5));
    expect(parseDatetime('2012-01-02T03:04:05-0130')).toBe(Date.UTC(2012, 0, 2, 4, 34, 5));
    expect(parseDatetime('0050-06-01')).toBe(new Date(Date.UTC(2000, 5, 1)).setUTCFullYear(50));
    expect(parseDatetime('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });

  test.each(['2021-02-29', '2021-13-01', '2021-04-31', '2021-01-01T24:00', '2021-01-01Z', '01/02/2021', '2021-01', '2021-01-01T1:00', 'x2021-01-01'])(
    '%j is not a datetime',
    (s) => expect(parseDatetime(s)).toBeNull(),
  );
});

describe('inferKind', () => {
  test('numeric: plain numbers, even with few distinct values (0/1 flags stay numeric)', () => {
    expect(inferKind(['1', '2.5', ' -3e2 ', null])).toBe('numeric');
    expect(inferKind(repeat(['0', '1'], 50))).toBe('numeric');
    expect(inferKind(repeat(['4', '6', '8'], 50))).toBe('numeric');
    expect(inferKind(['0', '0.5', '-0.25'])).toBe('numeric');
  });

  test("leading zeros mark codes: '007' and zip codes are labels, not numbers", () => {
    expect(inferKind(repeat(['007', '008', '009'], 10))).toBe('categorical');
    expect(inferKind(Array.from({ length: 100 }, (_, i) => String(i).padStart(5, '0')))).toBe('text');
  });

  test("'1,000' and hex make a column non-numeric", () => {
    expect(inferKind(repeat(['1,000', '2,000'], 10))).toBe('categorical');
    expect(inferKind(repeat(['0x1F', '10'], 10))).toBe('categorical');
  });

  test('boolean: word spellings in any case, 0/1 allowed alongside words', () => {
    expect(inferKind(['true', 'FALSE', 'True', null])).toBe('boolean');
    expect(inferKind(['yes', 'No', 'Y', 'n', 't', 'F'])).toBe('boolean');
    expect(inferKind(['yes', 'no', '1', '0'])).toBe('boolean');
    expect(inferKind(repeat(['F', 'M'], 10))).toBe('categorical');
  });

  test('datetime: every value ISO-like', () => {
    expect(inferKind(['2012-01-01', '2012-01-02T10:00:00Z', '2012/01/03'])).toBe('datetime');
    expect(inferKind(['2012-01-01', 'yesterday'])).toBe('text');
  });

  test('categorical vs text: distinct <= max(20, 5%) and <= 50% of values', () => {
    expect(inferKind(repeat(['red', 'green', 'blue'], 10))).toBe('categorical');
    // 20 labels over 40 rows: within both limits.
    expect(inferKind(Array.from({ length: 40 }, (_, i) => `c${i % 20}`))).toBe('categorical');
    // 21 labels is over 20 and over 5% of 100.
    expect(inferKind(Array.from({ length: 100 }, (_, i) => `c${i % 21}`))).toBe('text');
    // 100 labels over 4000 rows is within 5%.
    expect(inferKind(Array.from({ length: 4000 }, (_, i) => `c${i % 100}`))).toBe('categorical');
    // Unique names: text, however few.
    expect(inferKind(['ann', 'bob', 'cid', 'dan'])).toBe('text');
  });

  test('mixed numbers and words: categorical when few labels, text otherwise', () => {
    expect(inferKind(repeat(['1', '2', 'unknown'], 10))).toBe('categorical');
    expect(inferKind([...Array.from({ length: 50 }, (_, i) => String(i)), 'n/a-ish'])).toBe('text');
  });

  test('a column with no values is text', () => {
    expect(inferKind([null, null])).toBe('text');
  });
});

describe('inferTypes / inferColumn', () => {
  test('counts missing and distinct as the kind reads the values', () => {
    const info = inferTypes({
      names: ['n', 'b', 'd', 'c'],
      columns: [
        ['1', '1.0', '2', null],
        ['yes', 'Y', 'no', null],
        ['2012-01-01', '2012-01-01T00:00:00Z', null, null],
        ['a', 'a', 'b', 'a'],
      ],
    });
    expect(info).toEqual([
      { name: 'n', kind: 'numeric', missing: 1, distinct: 2 },
      { name: 'b', kind: 'boolean', missing: 1, distinct: 2 },
      { name: 'd', kind: 'datetime', missing: 2, distinct: 1 },
      { name: 'c', kind: 'categorical', missing: 0, distinct: 2 },
    ]);
  });

  test('forced kinds replace inference and are checked', () => {
    const raw = { names: ['zip', 'flag'], columns: [['02139', '10001'], ['1', '0']] };
    const info = inferTypes(raw, new Map([['zip', 'numeric' as const], ['flag', 'boolean' as const]]));
    expect(info.map((c) => c.kind)).toEqual(['numeric', 'boolean']);
    expect(inferColumn('c', ['1', '2'], 'categorical')).toEqual({ name: 'c', kind: 'categorical', missing: 0, distinct: 2 });
    try {
      inferColumn('x', ['1', 'two'], 'numeric');
      expect.unreachable();
    } catch (e) {
      expect((e as BenchtopError).code).toBe('column_kind_mismatch');
      expect((e as BenchtopError).location).toEqual({ row: 2, column: 'x' });
    }
    expect(() => inferTypes(raw, new Map([['nope', 'text' as const]]))).toThrow(/Column "nope" is not in the data/);
  });
});
