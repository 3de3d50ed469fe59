import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { BenchtopError } from '../../../src/core/errors.ts';
import { CancelSource } from '../../../src/core/jobs.ts';
import type { Progress } from '../../../src/core/jobs.ts';
import { labelValues, numericValues } from '../../../src/core/data/columns.ts';
import { formatFor, ingest } from '../../../src/core/data/ingest.ts';
import type { ColumnKind } from '../../../src/core/data/types.ts';

const sample = (file: string): string => readFileSync(`node_modules/vega-datasets/data/${file}`, 'utf8');

async function failure(p: Promise<unknown>): Promise<BenchtopError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(BenchtopError);
    return e as BenchtopError;
  }
  throw new Error('expected a rejection');
}

const kindsOf = (columns: { name: string; kind: ColumnKind }[]): [string, ColumnKind][] => columns.map((c) => [c.name, c.kind]);

describe('formatFor', () => {
  test('by extension, case-insensitive', () => {
    expect(formatFor('a.csv')).toEqual({ kind: 'csv' });
    expect(formatFor('notes.TXT')).toEqual({ kind: 'csv' });
    expect(formatFor('x.tsv')).toEqual({ kind: 'csv', delimiter: '\t' });
    expect(formatFor('x.tab')).toEqual({ kind: 'csv', delimiter: '\t' });
    expect(formatFor('x.JSON')).toEqual({ kind: 'json' });
    expect(formatFor('x.ndjson')).toEqual({ kind: 'ndjson' });
    expect(formatFor('dir.v2/x.jsonl')).toEqual({ kind: 'ndjson' });
  });

  test('columnar formats', () => {
    expect(formatFor('data.parquet')).toEqual({ kind: 'parquet' });
    expect(formatFor('data.PARQ')).toEqual({ kind: 'parquet' });
    for (const name of ['t.arrow', 't.arrows', 't.feather', 't.ipc']) expect(formatFor(name)).toEqual({ kind: 'arrow' });
  });

  test.each(['data.xlsx', 'data', 'archive.csv.gz', '.csv.bak', 'x.'])('%j is file_unsupported', (name) => {
    expect(() => formatFor(name)).toThrow(expect.objectContaining({ code: 'file_unsupported' }));
  });
});

describe('ingest', () => {
  test('seattle-weather.csv: 1461 rows, date datetime, weather categorical, the rest numeric', async () => {
    const d = await ingest(new Blob([sample('seattle-weather.csv')]), { name: 'seattle-weather.csv' });
    expect(d.rows).toBe(1461);
    expect(d.table.numRows).toBe(1461);
    expect(kindsOf(d.columns)).toEqual([
      ['date', 'datetime'],
      ['precipitation', 'numeric'],
      ['temp_max', 'numeric'],
      ['temp_min', 'numeric'],
      ['wind', 'numeric'],
      ['weather', 'categorical'],
    ]);
    expect(d.columns.find((c) => c.name === 'weather')).toMatchObject({ missing: 0, distinct: 5 });
    expect(d.columns[0]).toMatchObject({ missing: 0, distinct: 1461 });
    expect(labelValues(d.table, 'date')[0]).toBe('2012-01-01T00:00:00.000Z');
    expect(numericValues(d.table, 'precipitation')[1]).toBe(10.9);
    expect(new Set(labelValues(d.table, 'weather'))).toEqual(new Set(['drizzle', 'rain', 'sun', 'snow', 'fog']));
    expect(d.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  test('penguins.json: 344 rows; labels categorical (Sex keeps its "." value), measures numeric with nulls', async () => {
    const text = sample('penguins.json');
    const records = JSON.parse(text) as Record<string, unknown>[];
    const d = await ingest(text, { name: 'penguins.json' });
    expect(d.rows).toBe(344);
    expect(kindsOf(d.columns)).toEqual([
      ['Species', 'categorical'],
      ['Island', 'categorical'],
      ['Beak Length (mm)', 'numeric'],
      ['Beak Depth (mm)', 'numeric'],
      ['Flipper Length (mm)', 'numeric'],
      ['Body Mass (g)', 'numeric'],
      ['Sex', 'categorical'],
    ]);
    const sexNulls = records.filter((r) => r.Sex === null).length;
    expect(sexNulls).toBeGreaterThan(0);
    expect(d.columns[6]).toMatchObject({ missing: sexNulls, distinct: 3 });
    expect(new Set(labelValues(d.table, 'Sex'))).toEqual(new Set(['MALE', 'FEMALE', '.', null]));
    const mass = numericValues(d.table, 'Body Mass (g)');
    expect(mass.filter(Number.isNaN).length).toBe(records.filter((r) => r['Body Mass (g)'] === null).length);
    expect(d.columns[5]!.missing).toBe(2);
    expect(mass[0]).toBe(3750);
  });

  test('cars.json: Name text, Year datetime, Origin categorical, Cylinders numeric despite 5 values', async () => {
    const d = await ingest(new Blob([sample('cars.json')]), { name: 'cars.json', chunkSize: 4096 });
    expect(d.rows).toBe(406);
    expect(kindsOf(d.columns)).toEqual([
      ['Name', 'text'],
      ['Miles_per_Gallon', 'numeric'],
      ['Cylinders', 'numeric'],
      ['Displacement', 'numeric'],
      ['Horsepower', 'numeric'],
      ['Weight_in_lbs', 'numeric'],
      ['Acceleration', 'numeric'],
      ['Year', 'datetime'],
      ['Origin', 'categorical'],
    ]);
    expect(d.columns.find((c) => c.name === 'Cylinders')!.distinct).toBe(5);
    expect(d.columns.find((c) => c.name === 'Horsepower')!.missing).toBe(6);
    expect(labelValues(d.table, 'Cylinders')[0]).toBe('8');
  });

  test('the same data as CSV (CRLF) and as TSV and as NDJSON gives one fingerprint', async () => {
    const csv = await ingest('a,b\r\n1,x\r\n2,y\r\n', { name: 'd.csv' });
    const tsv = await ingest(new Blob(['a\tb\n1\tx\n2\ty\n']), { name: 'd.tsv' });
    const ndjson = await ingest('{"a":1,"b":"x"}\n{"a":2,"b":"y"}\n', { name: 'd.jsonl' });
    expect(tsv.fingerprint).toBe(csv.fingerprint);
    expect(ndjson.fingerprint).toBe(csv.fingerprint);
    expect(ndjson.name).toBe('d.jsonl');
  });

  test('a .tsv is split on tabs even when commas would sniff', async () => {
    const d = await ingest('name\tnote\nx\ta,b,c\ny\td,e,f\n', { name: 'n.tsv' });
    expect(d.columns.map((c) => c.name)).toEqual(['name', 'note']);
  });

  test('forced kinds override inference and change the fingerprint', async () => {
    const text = 'zip,flag,__proto__\n02139,1,a\n10001,0,b\n02139,1,a\n10001,1,b\n';
    const inferred = await ingest(text, { name: 'z.csv' });
    expect(kindsOf(inferred.columns)).toEqual([
      ['zip', 'categorical'],
      ['flag', 'numeric'],
      ['__proto__', 'categorical'],
    ]);
    const forced = await ingest(text, { name: 'z.csv', kinds: JSON.parse('{"zip": "numeric", "flag": "boolean", "__proto__": "text"}') });
    expect(kindsOf(forced.columns)).toEqual([
      ['zip', 'numeric'],
      ['flag', 'boolean'],
      ['__proto__', 'text'],
    ]);
    expect([...numericValues(forced.table, 'zip')]).toEqual([2139, 10001, 2139, 10001]);
    expect(forced.fingerprint).not.toBe(inferred.fingerprint);
  });

  test('bad forced kinds fail with codes', async () => {
    const text = 'a,b\n1,x\n2,y\n';
    expect((await failure(ingest(text, { name: 'd.csv', kinds: { c: 'numeric' } }))).code).toBe('column_not_found');
    const e = await failure(ingest(text, { name: 'd.csv', kinds: { b: 'numeric' } }));
    expect(e.code).toBe('column_kind_mismatch');
    expect(e.location).toEqual({ row: 1, column: 'b' });
    expect((await failure(ingest(text, { name: 'd.csv', kinds: { a: 'float' as ColumnKind } }))).code).toBe('spec_invalid');
  });

  test('errors from the parsers pass through', async () => {
    expect((await failure(ingest('a,b\n1\n', { name: 'd.csv' }))).code).toBe('csv_ragged_row');
    expect((await failure(ingest('{"a": 1}', { name: 'd.json' }))).code).toBe('json_not_records');
    expect((await failure(ingest('a,b\n1,2\n', { name: 'd.xlsx' }))).code).toBe('file_unsupported');
  });

  test('progress: parse, infer, build in order, each monotone and ending at 1', async () => {
    const seen: Progress[] = [];
    await ingest(new Blob([sample('seattle-weather.csv')]), { name: 'w.csv', chunkSize: 8192, onProgress: (p) => seen.push(p) });
    const phases = [...new Set(seen.map((p) => p.phase))];
    expect(phases).toEqual(['parse', 'infer', 'build']);
    for (const phase of phases) {
      const fractions = seen.filter((p) => p.phase === phase).map((p) => p.fraction);
      for (let i = 1; i < fractions.length; i++) expect(fractions[i]!).toBeGreaterThanOrEqual(fractions[i - 1]!);
      expect(fractions.at(-1)).toBe(1);
    }
    expect(seen.filter((p) => p.phase === 'parse').length).toBeGreaterThan(5);
  });

  test('cancel: before start, and during inference', async () => {
    const early = new CancelSource();
    early.cancel();
    expect((await failure(ingest('a\n1\n', { name: 'd.csv', cancel: early }))).code).toBe('cancelled');
    const late = new CancelSource();
    const e = await failure(
      ingest('a,b,c\n1,2,3\n', {
        name: 'd.csv',
        cancel: late,
        onProgress: (p) => {
          if (p.phase === 'infer' && p.fraction > 0) late.cancel();
        },
      }),
    );
    expect(e.code).toBe('cancelled');
  });
});

describe('ingest: sources, encodings, notes and options', () => {
  test('bytes, a Blob and a string give one dataset; UTF-8 is said', async () => {
    const text = 'a,b\n1,x\n2,y\n';
    const s = await ingest(text, { name: 'd.csv' });
    const u = await ingest(new TextEncoder().encode(text), { name: 'd.csv' });
    expect(u.fingerprint).toBe(s.fingerprint);
    expect(u.encoding).toBe('utf-8');
    expect(u.notes).toBeUndefined();
  });

  test('Latin-1 bytes are read as Windows-1252 with a note; a forced encoding is obeyed', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('name\n'), 0x43, 0x61, 0x66, 0xe9, 0x0a]);
    const d = await ingest(bytes, { name: 'l.csv' });
    expect(d.encoding).toBe('windows-1252');
    expect(d.notes?.[0]).toContain('Windows-1252');
    expect(labelValues(d.table, 'name')).toEqual(['Café']);
    const utf16 = new Uint8Array(Buffer.from('name\nZoë\n', 'utf16le'));
    expect(labelValues((await ingest(utf16, { name: 'u.csv', encoding: 'utf-16le' })).table, 'name')).toEqual(['Zoë']);
  });

  test('content that contradicts the name fails before parsing', async () => {
    const e = await failure(ingest(new Uint8Array([0x50, 0x41, 0x52, 0x31, 0, 0, 0, 0]), { name: 'data.csv' }));
    expect(e.code).toBe('file_format_mismatch');
    expect(e.message).toContain('Parquet');
    expect((await failure(ingest('a,b\n1,2\n', { name: 'data.parquet' }))).code).toBe('file_format_mismatch');
  });

  test('kinds may be a Map; missing tokens and header renaming pass through', async () => {
    const d = await ingest('v,v,w\n-1,2,x\n3,4,-1\n', {
      name: 'd.csv',
      kinds: new Map([['w', 'text']]),
      missingTokens: ['-1'],
      renameDuplicateHeaders: true,
    });
    expect(d.columns.map((c) => [c.name, c.kind, c.missing])).toEqual([
      ['v', 'numeric', 1],
      ['v_2', 'numeric', 0],
      ['w', 'text', 1],
    ]);
    expect(d.notes?.join()).toContain('"v" -> "v_2"');
    expect(d.columns[2]!.overridden).toBe(true);
  });

  test('JSON: missing tokens counted, nested values as JSON text, huge integers noted, type evidence', async () => {
    const d = await ingest('[{"id": 12345678901234567890, "v": "NA", "n": {"a": [1]}}, {"id": 2, "v": 1.5, "n": null}]', { name: 'j.json' });
    const v = d.columns.find((c) => c.name === 'v')!;
    expect(v).toMatchObject({ kind: 'numeric', missing: 1, missingTokens: [{ token: 'NA', count: 1 }], type: 'float' });
    expect(labelValues(d.table, 'n')).toEqual(['{"a":[1]}', null]);
    expect(d.notes?.join()).toContain('the JSON reader has already rounded');
    expect(d.columns[0]!.kind).toBe('text');
    expect(d.encoding).toBe('utf-8');
  });

  test('JSON from bytes in another encoding, with progress and the infer phase', async () => {
    const seen = new Set<string>();
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from('[{"a": "é"}]', 'utf16le')]);
    const d = await ingest(bytes, { name: 'x.json', onProgress: (p) => seen.add(p.phase) });
    expect(d.encoding).toBe('utf-16le');
    expect(labelValues(d.table, 'a')).toEqual(['é']);
    expect([...seen]).toEqual(['parse', 'infer', 'build']);
  });
});

describe('ingest: columnar formats go to importArrowTable', () => {
  test('an Arrow IPC file is read and fingerprinted like any dataset', async () => {
    const { tableFromArrays, tableToIPC } = await import('apache-arrow');
    const bytes = tableToIPC(tableFromArrays({ x: Float64Array.from([1, 2, 3, 4]), s: ['a', 'b', 'a', 'b'] }), 'file');
    const d = await ingest(bytes, { name: 't.arrow' });
    expect(d.rows).toBe(4);
    expect(d.columns.map((c) => [c.name, c.kind])).toEqual([
      ['x', 'numeric'],
      ['s', 'categorical'],
    ]);
    expect(d.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(d.encoding).toBeUndefined();
  });
});
