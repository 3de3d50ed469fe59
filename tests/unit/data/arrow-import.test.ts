import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  Binary,
  Bool,
  DateDay,
  DateMillisecond,
  Decimal,
  Dictionary,
  Field,
  Float16,
  Float32,
  Float64,
  Int32,
  Int64,
  Int8,
  LargeUtf8,
  List,
  makeData,
  Null,
  RecordBatch,
  RecordBatchReader,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  TimeMillisecond,
  TimestampMicrosecond,
  TimestampSecond,
  Uint32,
  Uint64,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { importArrowTable } from '../../../src/core/data/arrow-import.ts';
import { buildTable } from '../../../src/core/data/build-table.ts';
import { labelValues, numericValues } from '../../../src/core/data/columns.ts';
import { fingerprintTable } from '../../../src/core/data/fingerprint.ts';
import { normalizeArrowTable } from '../../../src/core/data/normalize-arrow.ts';
import type { ColumnInfo, ColumnKind } from '../../../src/core/data/types.ts';
import { CancelSource } from '../../../src/core/jobs.ts';
import { createRng } from '../../../src/core/random.ts';

const FLIGHTS = path.resolve(import.meta.dirname, '../../../node_modules/vega-datasets/data/flights-200k.arrow');

/** A column from raw values (`null` = missing) written straight into an Arrow buffer. */
function col<T extends DataType>(type: T, values: readonly unknown[], make: (n: number) => { [i: number]: unknown }, stride = 1): Data<T> {
  const n = values.length;
  const data = make(n * stride);
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  values.forEach((v, i) => {
    if (v === null) return void nulls++;
    if (stride === 1) data[i] = v;
    else (v as number[]).forEach((w, k) => (data[i * stride + k] = w));
    bitmap[i >> 3]! |= 1 << (i & 7);
  });
  return makeData({ type, length: n, nullCount: nulls, data, nullBitmap: nulls ? bitmap : undefined } as never) as unknown as Data<T>;
}

function tableOf(columns: Record<string, Data>): Table {
  const fields = Object.entries(columns).map(([name, data]) => new Field(name, data.type, true));
  const children = Object.values(columns);
  const schema = new Schema(fields);
  const length = children[0]!.length;
  return new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children }))]);
}

const ms = (iso: string): number => Date.parse(iso);

/** Every Arrow type family Benchtop maps, three rows each; `want` is what Benchtop should hold. */
const cases: Record<string, { data: Data; kind: ColumnKind; type: string; want: (string | null)[] }> = {
  int8: { data: col(new Int8(), [1, -2, null], (n) => new Int8Array(n)), kind: 'numeric', type: 'integer', want: ['1', '-2', null] },
  uint32: { data: col(new Uint32(), [4294967295, 0, 7], (n) => new Uint32Array(n)), kind: 'numeric', type: 'integer', want: ['4294967295', '0', '7'] },
  float32: { data: col(new Float32(), [0.5, null, -1.25], (n) => new Float32Array(n)), kind: 'numeric', type: 'float', want: ['0.5', null, '-1.25'] },
  float16: { data: vectorFromArray([1.5, -2, null], new Float16()).data[0]!, kind: 'numeric', type: 'float', want: ['1.5', '-2', null] },
  safe64: {
    data: col(new Int64(), [2n ** 53n - 1n, -(2n ** 53n - 1n), null], (n) => new BigInt64Array(n)),
    kind: 'numeric',
    type: 'integer',
    want: ['9007199254740991', '-9007199254740991', null],
  },
  big64: {
    data: col(new Int64(), [2n ** 60n, -1n, null], (n) => new BigInt64Array(n)),
    kind: 'text',
    type: 'text',
    want: ['1152921504606846976', '-1', null],
  },
  ubig64: {
    data: col(new Uint64(), [2n ** 64n - 1n, 5n, 6n], (n) => new BigUint64Array(n)),
    kind: 'text',
    type: 'identifier',
    want: ['18446744073709551615', '5', '6'],
  },
  decimal: {
    // 123.45, -0.05 and 0 as decimal(10, 2): little-endian two's-complement 128-bit words.
    data: col(new Decimal(2, 10, 128), [[12345, 0, 0, 0], [0xfffffffb, 0xffffffff, 0xffffffff, 0xffffffff], [0, 0, 0, 0]], (n) => new Uint32Array(n), 4),
    kind: 'numeric',
    type: 'float',
    want: ['123.45', '-0.05', '0'],
  },
  flag: { data: vectorFromArray([true, null, false], new Bool()).data[0]!, kind: 'boolean', type: 'boolean', want: ['true', null, 'false'] },
  day: {
    data: col(new DateDay(), [19723, -1, null], (n) => new Int32Array(n)),
    kind: 'datetime',
    type: 'datetime',
    want: ['2024-01-01T00:00:00.000Z', '1969-12-31T00:00:00.000Z', null],
  },
  date64: {
    data: col(new DateMillisecond(), [BigInt(ms('2020-02-29T12:00:00Z')), 0n, null], (n) => new BigInt64Array(n)),
    kind: 'datetime',
    type: 'datetime',
    want: ['2020-02-29T12:00:00.000Z', '1970-01-01T00:00:00.000Z', null],
  },
  ts_s: {
    data: col(new TimestampSecond(), [1_700_000_000n, -86_400n, null], (n) => new BigInt64Array(n)),
    kind: 'datetime',
    type: 'datetime',
    want: ['2023-11-14T22:13:20.000Z', '1969-12-31T00:00:00.000Z', null],
  },
  ts_us_tokyo: {
    // Zoned timestamps are UTC instants: the zone only says how to display them.
    data: col(new TimestampMicrosecond('Asia/Tokyo'), [1_700_000_000_123_999n, -1n, null], (n) => new BigInt64Array(n)),
    kind: 'datetime',
    type: 'datetime',
    want: ['2023-11-14T22:13:20.123Z', '1969-12-31T23:59:59.999Z', null],
  },
  time_ms: { data: col(new TimeMillisecond(), [3_600_000, 0, null], (n) => new Int32Array(n)), kind: 'numeric', type: 'integer', want: ['3600000', '0', null] },
  large: { data: vectorFromArray(['é', null, 'long text'], new LargeUtf8()).data[0]!, kind: 'text', type: 'text', want: ['é', null, 'long text'] },
  // Two labels in three rows is too many for categorical (isCategorical: at most half the values).
  dict: { data: vectorFromArray(['b', 'a', 'b'], new Dictionary(new Utf8(), new Int8())).data[0]!, kind: 'text', type: 'text', want: ['b', 'a', 'b'] },
  dict_num: { data: vectorFromArray([2.5, 2.5, null], new Dictionary(new Float64(), new Int32())).data[0]!, kind: 'numeric', type: 'float', want: ['2.5', '2.5', null] },
  list: {
    data: vectorFromArray([[1, 2], [], null], new List(new Field('item', new Int32(), true))).data[0]!,
    kind: 'text',
    type: 'text',
    want: ['[1,2]', '[]', null],
  },
  point: {
    data: vectorFromArray([{ x: 1, y: 'a' }, null, { x: 3, y: null }], new Struct([new Field('x', new Int32(), true), new Field('y', new Utf8(), true)])).data[0]!,
    kind: 'text',
    type: 'text',
    want: ['{"x":1,"y":"a"}', null, '{"x":3,"y":null}'],
  },
  bytes: { data: vectorFromArray([new Uint8Array([0, 255, 16]), null, new Uint8Array([])], new Binary()).data[0]!, kind: 'text', type: 'text', want: ['00ff10', null, ''] },
  nothing: { data: makeData({ type: new Null(), length: 3, nullCount: 3 }), kind: 'text', type: 'text', want: [null, null, null] },
};
// A literal __proto__ key sets the prototype; make it an own key like the others.
Object.defineProperty(cases, '__proto__', { value: { data: col(new Float64(), [1, 2, 3], (n) => new Float64Array(n)), kind: 'numeric', type: 'integer', want: ['1', '2', '3'] }, enumerable: true });

const mixed = tableOf(Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, v.data])));

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return (e as { code?: string }).code ?? `uncoded: ${String(e)}`;
  }
};

describe('Arrow IPC import', () => {
  it('maps every Arrow type family to the canonical kinds and values', async () => {
    const { table, columns, notes } = await importArrowTable(tableToIPC(mixed, 'stream'), 'arrow', { name: 'mixed.arrows' });
    expect(columns.map((c) => c.name)).toEqual(Object.keys(cases));
    for (const [name, want] of Object.entries(cases)) {
      const info = columns.find((c) => c.name === name)!;
      expect({ name, kind: info.kind, type: info.type, labels: labelValues(table, name) }).toEqual({ name, kind: want.kind, type: want.type, labels: want.want });
      expect(info.missing).toBe(want.want.filter((v) => v === null).length);
    }
    for (const f of table.schema.fields) expect(['Float64', 'Bool', 'Timestamp<MILLISECOND, UTC>', 'Utf8']).toContain(String(f.type));
    expect(() => JSON.stringify(table.toArray())).not.toThrow();
    expect(notes).toEqual([
      '"big64": 1 integer lies beyond ±2^53 (e.g. 1152921504606846976), where numbers lose digits: the column is kept as exact text',
      '"ubig64": 1 integer lies beyond ±2^53 (e.g. 18446744073709551615), where numbers lose digits: the column is kept as exact text',
      '"time_ms": times of day kept as numbers of milliseconds since midnight',
      '"list": List<Int32> values kept as JSON text',
      '"point": Struct<{x:Int32, y:Utf8}> values kept as JSON text',
      '"bytes": bytes (Binary) kept as hexadecimal text',
      '"nothing": the column has no values (Null type)',
    ]);
  });

  it('reads the file format and the stream format alike', async () => {
    const a = await importArrowTable(tableToIPC(mixed, 'file'), 'arrow', { name: 'a.arrow' });
    const b = await importArrowTable(new Blob([new Uint8Array(tableToIPC(mixed, 'stream'))]), 'arrow', { name: 'b.arrows' });
    expect(a.columns).toEqual(b.columns);
    expect(await fingerprintTable(a.table)).toBe(await fingerprintTable(b.table));
  });

  it('gives equal bytes for equal data however it is chunked or sliced', async () => {
    const n = 1000;
    const whole = new Table({
      x: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 9 === 0 ? null : BigInt(i))), new Int64()),
      s: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : `k${i % 17}`)), new Dictionary(new Utf8(), new Int32())),
      t: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : i % 3 === 0)), new Bool()),
    });
    const chunked = new Table([...whole.slice(0, 333).batches, ...whole.slice(333, 700).batches, ...whole.slice(700).batches]);
    expect(chunked.batches.length).toBe(3);
    const one = await normalizeArrowTable(whole, { name: 'one' });
    const three = await normalizeArrowTable(chunked, { name: 'three' });
    const viaIpc = await importArrowTable(tableToIPC(chunked, 'stream'), 'arrow', { name: 'ipc' });
    expect(tableFromIPC(tableToIPC(chunked, 'stream')).batches.length).toBe(3);
    expect(three.table.batches).toHaveLength(1);
    expect(three.columns).toEqual(one.columns);
    const print = await fingerprintTable(one.table);
    expect(await fingerprintTable(three.table)).toBe(print);
    expect(await fingerprintTable(viaIpc.table)).toBe(print);
    // A slice that starts mid-byte of the validity bitmaps.
    const sliced = await normalizeArrowTable(whole.slice(3, 803), { name: 'slice' });
    expect(labelValues(sliced.table, 's')).toEqual(labelValues(one.table, 's').slice(3, 803));
    expect(labelValues(sliced.table, 't')).toEqual(labelValues(one.table, 't').slice(3, 803));
    expect(Array.from(numericValues(sliced.table, 'x'))).toEqual(Array.from(numericValues(one.table, 'x').slice(3, 803)));
  });

  it('builds the same bytes as the CSV path for the same values', async () => {
    const arrow = tableOf({
      n: col(new Float64(), [1.5, null, -2, 1e21], (k) => new Float64Array(k)),
      b: vectorFromArray([true, false, null, true], new Bool()).data[0]!,
      d: col(new TimestampSecond(), [0n, null, 1_600_000_000n, 1n], (k) => new BigInt64Array(k)),
      s: vectorFromArray(['a', 'b', null, 'a'], new Utf8()).data[0]!,
    });
    const fromArrow = await importArrowTable(tableToIPC(arrow, 'stream'), 'arrow', { name: 'x.arrows' });
    const raw = {
      names: ['n', 'b', 'd', 's'],
      columns: [
        ['1.5', null, '-2', '1e21'],
        ['true', 'false', null, 'true'],
        ['1970-01-01T00:00:00Z', null, '2020-09-13T12:26:40Z', '1970-01-01T00:00:01Z'],
        ['a', 'b', null, 'a'],
      ],
    };
    const infos: ColumnInfo[] = fromArrow.columns.map((c) => ({ name: c.name, kind: c.kind, missing: c.missing, distinct: c.distinct }));
    expect(fromArrow.columns.map((c) => c.kind)).toEqual(['numeric', 'boolean', 'datetime', 'text']);
    expect(await fingerprintTable(fromArrow.table)).toBe(await fingerprintTable(buildTable(raw, infos)));
  });

  it('reads flights-200k.arrow (vega-datasets)', async () => {
    const bytes = new Uint8Array(readFileSync(FLIGHTS));
    const source = tableFromIPC(bytes);
    const { table, columns } = await importArrowTable(new Blob([new Uint8Array(bytes)]), 'arrow', { name: 'flights-200k.arrow' });
    expect(table.numRows).toBe(200_000);
    expect(columns.map((c) => [c.name, c.kind, c.type, c.missing])).toEqual([
      ['delay', 'numeric', 'integer', 0],
      ['distance', 'numeric', 'integer', 0],
      ['time', 'numeric', 'float', 0],
    ]);
    for (const name of ['delay', 'distance', 'time']) {
      const want = Float64Array.from(source.getChild(name)!.toArray() as ArrayLike<number>);
      expect(numericValues(table, name)).toEqual(want);
      expect(columns.find((c) => c.name === name)!.distinct).toBe(new Set(want).size);
    }
  });

  it('forces kinds the way the CSV reader would read the same labels', async () => {
    const t = tableOf({
      code: col(new Int32(), [1, 2, 1, null], (n) => new Int32Array(n)),
      flag: vectorFromArray([true, false, null, true], new Bool()).data[0]!,
      when: col(new TimestampSecond(), [1n, 2n, null, 3n], (n) => new BigInt64Array(n)),
      num: vectorFromArray(['1.5', ' 2', null, '1e3'], new Utf8()).data[0]!,
      word: vectorFromArray(['x', 'y', 'x', 'z'], new Utf8()).data[0]!,
    });
    const kinds = new Map<string, ColumnKind>([
      ['code', 'categorical'],
      ['flag', 'numeric'],
      ['when', 'numeric'],
      ['num', 'numeric'],
      ['word', 'text'],
    ]);
    const { table, columns } = await importArrowTable(tableToIPC(t, 'stream'), 'arrow', { name: 'k', kinds });
    expect(columns.map((c) => [c.kind, c.overridden])).toEqual([
      ['categorical', true],
      ['numeric', true],
      ['numeric', true],
      ['numeric', true],
      ['text', true],
    ]);
    expect(labelValues(table, 'code')).toEqual(['1', '2', '1', null]);
    expect(Array.from(numericValues(table, 'flag'))).toEqual([1, 0, NaN, 1]);
    expect(Array.from(numericValues(table, 'when'))).toEqual([1000, 2000, NaN, 3000]);
    expect(Array.from(numericValues(table, 'num'))).toEqual([1.5, 2, NaN, 1000]);
    expect(columns[0]!.distinct).toBe(2);

    const bad = importArrowTable(tableToIPC(t, 'stream'), 'arrow', { name: 'k', kinds: new Map([['word', 'numeric']]) });
    await expect(bad).rejects.toMatchObject({ code: 'column_kind_mismatch', location: { column: 'word', row: 1 } });
    const missing = importArrowTable(tableToIPC(t, 'stream'), 'arrow', { name: 'k', kinds: new Map([['nope', 'text']]) });
    await expect(missing).rejects.toMatchObject({ code: 'column_not_found' });
  });

  it('reads NaN and infinities in float columns as missing, and says so', async () => {
    const t = tableOf({ x: col(new Float64(), [1, NaN, Infinity, -Infinity, null], (n) => new Float64Array(n)) });
    const { table, columns, notes } = await importArrowTable(tableToIPC(t, 'stream'), 'arrow', { name: 'f' });
    expect(labelValues(table, 'x')).toEqual(['1', null, null, null, null]);
    expect(columns[0]).toMatchObject({ missing: 4, distinct: 1 });
    expect(notes).toEqual(['"x": 3 NaN or infinite values read as missing']);
  });

  it('rejects duplicate column names with duplicate_column', async () => {
    const fields = [new Field('a', new Float64(), true), new Field('a', new Float64(), true)];
    const schema = new Schema(fields);
    const kids = [col(new Float64(), [1], (n) => new Float64Array(n)), col(new Float64(), [2], (n) => new Float64Array(n))];
    const t = new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(fields), length: 1, nullCount: 0, children: kids }))]);
    const err = await importArrowTable(tableToIPC(t, 'file'), 'arrow', { name: 'dup.arrow' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'duplicate_column', location: { column: 'a' } });
    expect((err as Error).message).toBe('Column name "a" appears more than once in "dup.arrow". Rename one of the columns and import again.');
  });

  it('rejects what is not Arrow IPC with arrow_invalid, and empty data with data_no_rows', async () => {
    const ipc = tableToIPC(mixed, 'stream');
    const bad: [Uint8Array, RegExp][] = [
      [new Uint8Array(0), /empty/],
      [new TextEncoder().encode('a,b\n1,2\n'), /not a readable Arrow IPC/],
      [new TextEncoder().encode('PAR1 whatever'), /Parquet file/],
      [new TextEncoder().encode('FEA1 old feather'), /Feather version 1/],
      [ipc.slice(0, ipc.length >> 1), /not a readable Arrow IPC/],
    ];
    for (const [bytes, reason] of bad) {
      const err = await importArrowTable(bytes, 'arrow', { name: 'x.arrow' }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'arrow_invalid' });
      expect((err as Error).message).toMatch(reason);
    }
    const empty = tableToIPC(mixed.slice(0, 0), 'stream');
    expect(await codeOf(importArrowTable(empty, 'arrow', { name: 'e' }))).toBe('data_no_rows');
  });

  it('counts distinct values exactly (0 and -0 as one, multi-byte text, tables that grow)', async () => {
    const rng = createRng(3);
    const n = 60_000;
    const nums = Array.from({ length: n }, () => (rng.next() < 0.1 ? 0 : rng.next() < 0.1 ? -0 : rng.int(20_000) * (rng.next() < 0.5 ? 0.5 : 1e9)));
    const words = Array.from({ length: n }, (_, i) => (i % 97 === 0 ? null : `é${rng.int(30_000)}日`));
    const t = tableOf({
      x: col(new Float64(), nums, (k) => new Float64Array(k)),
      w: vectorFromArray(words, new Utf8()).data[0]!,
      d: vectorFromArray(words.map((v) => (v === null ? null : v.slice(0, 3))), new Dictionary(new Utf8(), new Int32())).data[0]!,
    });
    const { columns } = await importArrowTable(tableToIPC(t, 'stream'), 'arrow', { name: 'd' });
    expect(columns[0]!.distinct).toBe(new Set(nums).size);
    expect(columns[1]!.distinct).toBe(new Set(words.filter((v) => v !== null)).size);
    expect(columns[2]!.distinct).toBe(new Set(words.filter((v) => v !== null).map((v) => v!.slice(0, 3))).size);
  });

  it.each(['stream', 'file'] as const)('turns damaged Arrow %s bytes into arrow_invalid or a clean read, never a crash or a hang', async (format) => {
    // Flipped bytes once made Arrow JS allocate until the process died (a huge vector length in
    // the schema) or loop for ever (a footer block pointing at a schema message).
    const good = tableToIPC(mixed, format);
    const rng = createRng(format === 'stream' ? 11 : 5);
    const outcomes = new Set<string>();
    for (let k = 0; k < 150; k++) {
      const bad = good.slice();
      for (let f = 0, n = 1 + rng.int(4); f < n; f++) bad[rng.int(bad.length)] = rng.int(256);
      outcomes.add(await codeOf(importArrowTable(bad, 'arrow', { name: 'bad.arrows' })));
    }
    expect([...outcomes].filter((o) => !['arrow_invalid', 'resolved', 'data_no_rows', 'duplicate_column'].includes(o))).toEqual([]);
  });

  it('rejects an Arrow file whose footer points a record batch at a dictionary message', async () => {
    const t = tableOf({ d: vectorFromArray(['a', 'b'], new Dictionary(new Utf8(), new Int32())).data[0]! });
    const bytes = tableToIPC(t, 'file').slice();
    const view = new DataView(bytes.buffer);
    // The dictionary batch is the first message (offset 8); the record batch block points further on.
    const footerEnd = bytes.length - 10;
    const footerStart = footerEnd - view.getInt32(footerEnd, true);
    const footer = RecordBatchReader.from(bytes).open().footer!;
    const dictionary = footer.getDictionaryBatch(0)!;
    const batch = footer.getRecordBatch(0)!;
    // A footer Block is {offset: int64, metadata length: int32 + 4 padding bytes, body length: int64}.
    const block = (b: { offset: number; metaDataLength: number; bodyLength: number }): Uint8Array => {
      const out = new Uint8Array(24);
      const v = new DataView(out.buffer);
      v.setBigInt64(0, BigInt(b.offset), true);
      v.setInt32(8, b.metaDataLength, true);
      v.setBigInt64(16, BigInt(b.bodyLength), true);
      return out;
    };
    const target = block(batch);
    const at = bytes.findIndex((_, p) => p >= footerStart && target.every((x, k) => bytes[p + k] === x));
    expect(at).toBeGreaterThan(0);
    bytes.set(block(dictionary), at);
    const err = await importArrowTable(bytes, 'arrow', { name: 'loop.arrow' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'arrow_invalid' });
    expect((err as Error).message).toMatch(/wrong kind of message/);
  });

  it('rejects a batch whose length its buffers cannot hold, before allocating for it', async () => {
    const t = tableOf({ x: col(new Float64(), [1, 2, 3], (k) => new Float64Array(k)) });
    const lying = new Table(t.schema, [new RecordBatch(t.schema, makeData({ type: t.batches[0]!.data.type, length: 2 ** 30, nullCount: 0, children: [makeData({ type: new Float64(), length: 2 ** 30, nullCount: 0, data: new Float64Array(3) })] }))]);
    const err = await importArrowTable(tableToIPC(lying, 'stream'), 'arrow', { name: 'big.arrows' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'arrow_invalid' });
    expect((err as Error).message).toMatch(/value buffer is shorter than its column/);
  });

  it('stops with cancelled', async () => {
    const cancel = new CancelSource();
    const run = importArrowTable(tableToIPC(mixed, 'stream'), 'arrow', { name: 'c', cancel, onProgress: () => cancel.cancel() });
    expect(await codeOf(run)).toBe('cancelled');
  });
});
