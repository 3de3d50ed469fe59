import { describe, expect, test } from 'vitest';
import { BenchtopError } from '../../../src/core/errors.ts';
import { parseJsonRecords } from '../../../src/core/data/json.ts';

function failure(f: () => unknown): BenchtopError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(BenchtopError);
    return e as BenchtopError;
  }
  throw new Error('expected a throw');
}

describe('parseJsonRecords', () => {
  test('union of keys in first-seen order; absent keys are null', () => {
    const raw = parseJsonRecords('[{"a": 1, "b": "x"}, {"c": true}, {"b": "y", "a": 2}]');
    expect(raw.names).toEqual(['a', 'b', 'c']);
    expect(raw.columns).toEqual([
      ['1', null, '2'],
      ['x', null, 'y'],
      [null, 'true', null],
    ]);
  });

  test('values become CSV-like text: canonical numbers, booleans, nested JSON, missing tokens -> null', () => {
    const raw = parseJsonRecords('[{"v": 1.50}, {"v": 1e21}, {"v": -0.0}, {"v": false}, {"v": null}, {"v": {"k": [1, 2]}}, {"v": [1]}, {"v": "NA"}, {"v": ""}, {"v": " text "}]');
    expect(raw.columns[0]).toEqual(['1.5', '1e+21', '0', 'false', null, '{"k":[1,2]}', '[1]', null, null, ' text ']);
  });

  test('keys that are Object.prototype names are ordinary columns', () => {
    const raw = parseJsonRecords('[{"__proto__": 1, "constructor": 2, "toString": 3, "hasOwnProperty": 4}]');
    expect(raw.names).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    expect(raw.columns).toEqual([['1'], ['2'], ['3'], ['4']]);
  });

  test('a BOM is dropped', () => {
    expect(parseJsonRecords('\uFEFF[{"a": 1}]').names).toEqual(['a']);
  });

  test('NDJSON: one record per line, blank lines and CRLF allowed', () => {
    const raw = parseJsonRecords('{"a": 1}\r\n\n{"a": 2, "b": "z"}\n', { ndjson: true });
    expect(raw).toEqual({ names: ['a', 'b'], columns: [['1', '2'], [null, 'z']] });
  });

  test('errors: syntax, not an array, bad element (1-based position), empty, no rows, no columns', () => {
    expect(failure(() => parseJsonRecords('[{"a": 1},')).code).toBe('json_invalid');
    expect(failure(() => parseJsonRecords('{"a": [1, 2]}')).code).toBe('json_not_records');
    const bad = failure(() => parseJsonRecords('[{"a": 1}, {"a": 2}, 3]'));
    expect(bad.code).toBe('json_bad_record');
    expect(bad.location.row).toBe(3);
    expect(bad.message).toContain('Row 3 is not an object');
    expect(failure(() => parseJsonRecords('[{"a": 1}, [1]]')).location.row).toBe(2);
    expect(failure(() => parseJsonRecords('[null]')).code).toBe('json_bad_record');
    expect(failure(() => parseJsonRecords('  \n')).code).toBe('json_invalid');
    expect(failure(() => parseJsonRecords('[]')).code).toBe('data_no_rows');
    expect(failure(() => parseJsonRecords('[{}, {}]')).code).toBe('data_no_columns');
  });

  test('NDJSON errors carry the line number', () => {
    const e = failure(() => parseJsonRecords('{"a": 1}\n\n{"a": }\n', { ndjson: true }));
    expect(e.code).toBe('json_invalid');
    expect(e.location.row).toBe(3);
    expect(e.message).toContain('line 3');
    expect(failure(() => parseJsonRecords('{"a": 1}\n"x"\n', { ndjson: true })).location.row).toBe(2);
  });
});
