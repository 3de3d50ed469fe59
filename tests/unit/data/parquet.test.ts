import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Dictionary, Field, Float64, Int32, Int64, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { Table as WasmTable, writeParquet } from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import { importArrowTable } from '../../../src/core/data/arrow-import.ts';
import { KIND_METADATA_KEY } from '../../../src/core/data/build-table.ts';
import { labelValues, numericValues } from '../../../src/core/data/columns.ts';
import { fingerprintTable } from '../../../src/core/data/fingerprint.ts';
import { parseParquetFooter } from '../../../src/core/data/parquet-footer.ts';
import { exportStackPointer } from '../../../src/core/data/parquet-wasm.ts';
import { planRuns } from '../../../src/core/data/parquet.ts';
import { CancelSource } from '../../../src/core/jobs.ts';
import type { Progress } from '../../../src/core/jobs.ts';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/parquet');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(DIR, name)));
interface Expected {
  rows: number;
  columns: Record<string, { kind: string; type: string; labels: (string | null)[] }>;
}
const expected = JSON.parse(readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as Expected;

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return (e as { code?: string }).code ?? `uncoded: ${String(e)}`;
  }
};

describe('Parquet import (fixtures written by scripts/fixtures/make-parquet.mts)', () => {
  it.each(['types-snappy.parquet', 'types-gzip.parquet', 'types-zstd.parquet'])('%s reads back every value as written', async (file) => {
    const { table, columns } = await importArrowTable(fixture(file), 'parquet', { name: file });
    expect(table.numRows).toBe(expected.rows);
    expect(columns.map((c) => c.name)).toEqual(Object.keys(expected.columns));
    for (const [name, want] of Object.entries(expected.columns)) {
      const info = columns.find((c) => c.name === name)!;
      expect({ name, kind: info.kind, type: info.type }).toEqual({ name, kind: want.kind, type: want.type });
      expect(labelValues(table, name)).toEqual(want.labels);
      expect(info.missing).toBe(want.labels.filter((v) => v === null).length);
      expect(info.distinct).toBe(new Set(want.labels.filter((v) => v !== null)).size);
      expect(info.confidence).toBe(1);
      expect(info.missingTokens).toBeUndefined();
    }
  });

  it('gives the canonical layout: only Float64, Bool, Timestamp(ms, UTC) and Utf8, kinds in field metadata', async () => {
    const { table, columns } = await importArrowTable(fixture('types-zstd.parquet'), 'parquet', { name: 'f' });
    expect(table.batches).toHaveLength(1);
    for (const [j, field] of table.schema.fields.entries()) {
      expect(['Float64', 'Bool', 'Timestamp<MILLISECOND, UTC>', 'Utf8']).toContain(String(field.type));
      expect(field.metadata.get(KIND_METADATA_KEY)).toBe(columns[j]!.kind);
    }
    // 64-bit integers never reach JSON as BigInt.
    expect(() => JSON.stringify(table.toArray())).not.toThrow();
    expect(Array.from(numericValues(table, 'int64').slice(0, 3))).toEqual([-3, 1000000004, 2000000011]);
  });

  it('gives byte-identical tables (equal fingerprints) whatever the codec', async () => {
    const prints = await Promise.all(
      ['types-snappy.parquet', 'types-gzip.parquet', 'types-zstd.parquet'].map(async (f) =>
        fingerprintTable((await importArrowTable(fixture(f), 'parquet', { name: f })).table),
      ),
    );
    expect(new Set(prints).size).toBe(1);
  });

  it('says what it changed to fit: big integers kept as text, NaN read as missing', async () => {
    const { notes } = await importArrowTable(fixture('types-snappy.parquet'), 'parquet', { name: 'f' });
    expect(notes).toHaveLength(2);
    expect(notes![0]).toMatch(/^"big": 11 integers lie beyond ±2\^53 \(e\.g\. 9007199254740993\)/);
    expect(notes![1]).toMatch(/^"float": 1 NaN or infinite value read as missing/);
  });

  it('reads a file of many row groups like the same data from one Arrow batch', async () => {
    const file = fixture('row-groups-zstd.parquet');
    const footer = parseParquetFooter(file.subarray(file.length - 8 - new DataView(file.buffer).getUint32(file.length - 8, true), file.length - 8));
    expect(footer.rowGroups.map((g) => g.rows)).toEqual([300, 300, 300, 300, 300, 300, 200]);
    const n = 2000;
    // The same values make-parquet.mts wrote.
    const values = Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : Math.round(Math.sin(i) * 1e6) / 1e3));
    const same = new Table({
      id: vectorFromArray(Array.from({ length: n }, (_, i) => BigInt(i * 7)), new Int64()),
      group: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : `g${i % 7}`)), new Dictionary(new Utf8(), new Int32())),
      value: vectorFromArray(values, new Float64()),
    });
    const fromParquet = await importArrowTable(new Blob([new Uint8Array(file)]), 'parquet', { name: 'rg.parquet' });
    const fromArrow = await importArrowTable(tableToIPC(same, 'stream'), 'arrow', { name: 'rg.arrows' });
    expect(fromParquet.columns).toEqual(fromArrow.columns);
    expect(await fingerprintTable(fromParquet.table)).toBe(await fingerprintTable(fromArrow.table));
    expect(fromParquet.columns.map((c) => [c.kind, c.type, c.missing, c.distinct])).toEqual([
      ['numeric', 'integer', 0, 2000],
      ['categorical', 'categorical', 182, 7],
      ['numeric', 'float', 154, new Set(values.filter((v) => v !== null)).size],
    ]);
  });

  it('rejects duplicate column names with duplicate_column', async () => {
    const fields = [new Field('a', new Float64(), true), new Field('a', new Float64(), true)];
    const schema = new Schema(fields);
    const child = (v: number) => makeData({ type: new Float64(), length: 1, nullCount: 0, data: new Float64Array([v]) });
    const t = new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(fields), length: 1, nullCount: 0, children: [child(1), child(2)] }))]);
    const file = writeParquet(WasmTable.fromIPCStream(tableToIPC(t, 'stream')));
    await expect(importArrowTable(file, 'parquet', { name: 'dup.parquet' })).rejects.toMatchObject({ code: 'duplicate_column', location: { column: 'a' } });
  });

  it('reads the same from a Blob and from bytes', async () => {
    const bytes = fixture('types-gzip.parquet');
    const a = await importArrowTable(bytes, 'parquet', { name: 'a' });
    const b = await importArrowTable(new Blob([new Uint8Array(bytes)]), 'parquet', { name: 'b' });
    expect(await fingerprintTable(a.table)).toBe(await fingerprintTable(b.table));
  });

  it("reports 'parse' then 'infer' progress, each ending at 1", async () => {
    const seen: Progress[] = [];
    await importArrowTable(fixture('row-groups-zstd.parquet'), 'parquet', { name: 'f', onProgress: (p) => seen.push(p) });
    const parse = seen.filter((p) => p.phase === 'parse').map((p) => p.fraction);
    const infer = seen.filter((p) => p.phase === 'infer').map((p) => p.fraction);
    expect(parse[0]).toBe(0);
    expect(parse.at(-1)).toBe(1);
    expect(infer).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(seen.findIndex((p) => p.phase === 'infer')).toBeGreaterThan(seen.findLastIndex((p) => p.phase === 'parse'));
  });

  it('stops with cancelled when cancelled before or during the import', async () => {
    const before = new CancelSource();
    before.cancel();
    expect(await codeOf(importArrowTable(fixture('types-snappy.parquet'), 'parquet', { name: 'f', cancel: before }))).toBe('cancelled');
    const during = new CancelSource();
    const run = importArrowTable(fixture('row-groups-zstd.parquet'), 'parquet', {
      name: 'f',
      cancel: during,
      onProgress: (p) => p.phase === 'parse' && during.cancel(),
    });
    expect(await codeOf(run)).toBe('cancelled');
  });

  it('groups row groups into few decoder calls', () => {
    const mib = 1024 * 1024;
    expect(planRuns([{ rows: 10, bytes: 100 }, { rows: 10, bytes: 100 }])).toEqual([[0, 1]]);
    // 40 groups of 2 MiB: runs of at least 4 MiB (and at least 1/8 of the whole, 10 MiB here).
    const groups = Array.from({ length: 40 }, () => ({ rows: 1000, bytes: 2 * mib }));
    const runs = planRuns(groups);
    expect(runs).toHaveLength(8);
    expect(runs.flat()).toEqual(groups.map((_, i) => i));
  });
});

describe('damaged Parquet files', () => {
  const good = fixture('types-snappy.parquet');
  const damaged: [string, Uint8Array, RegExp][] = [
    ['empty', new Uint8Array(0), /too short/],
    ['three bytes', new Uint8Array([1, 2, 3]), /too short/],
    ['text', new TextEncoder().encode('a,b\n1,2\n3,4\n5,6\n'), /does not start with the Parquet signature/],
    ['cut short', good.slice(0, good.length - 100), /does not end with the Parquet signature/],
    ['only the head', good.slice(0, 2000), /does not end with the Parquet signature/],
    [
      'footer length beyond the file',
      (() => {
        const b = good.slice();
        new DataView(b.buffer).setUint32(b.length - 8, 0x7fffffff, true);
        return b;
      })(),
      /footer claims 2147483647 bytes/,
    ],
    [
      'garbage footer',
      (() => {
        const b = good.slice();
        const len = new DataView(b.buffer).getUint32(b.length - 8, true);
        b.fill(0xff, b.length - 8 - len, b.length - 8);
        return b;
      })(),
      /footer|Parquet/,
    ],
    ['encrypted footer', (() => { const b = good.slice(); b.set([0x50, 0x41, 0x52, 0x45], b.length - 4); return b; })(), /encrypted/],
  ];

  it.each(damaged)('%s -> parquet_invalid with the reason', async (_label, bytes, reason) => {
    const err = await importArrowTable(bytes, 'parquet', { name: 'bad.parquet' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'parquet_invalid' });
    expect((err as Error).message).toMatch(/^"bad\.parquet" is not a readable Parquet file: /);
    expect((err as Error).message).toMatch(reason);
  });

  it('turns damaged pages into parquet_invalid or a clean read, never another failure', async () => {
    let seed = 12345;
    const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const outcomes = new Set<string>();
    for (let k = 0; k < 60; k++) {
      const bad = good.slice();
      // Keep the footer intact: damage the column chunks only.
      const body = bad.length - 8 - new DataView(bad.buffer).getUint32(bad.length - 8, true);
      for (let f = 0; f < 4; f++) bad[4 + Math.floor(rand() * (body - 4))] = Math.floor(rand() * 256);
      outcomes.add(await codeOf(importArrowTable(bad, 'parquet', { name: 'bad' })));
    }
    expect([...outcomes].every((o) => ['parquet_invalid', 'resolved'].includes(o))).toBe(true);
  });

  it('survives hundreds of decoder panics (wasm traps) and still reads good files', async () => {
    const trap = fixture('trap-snappy.parquet');
    const first = await importArrowTable(trap, 'parquet', { name: 'trap.parquet' }).catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'parquet_invalid' });
    expect((first as Error).message).toMatch(/the decoder stopped on damaged data \(unreachable\)/);
    // Without restoring the stack pointer, this file breaks the module after ~710 traps.
    for (let k = 0; k < 1000; k++) expect(await codeOf(importArrowTable(trap, 'parquet', { name: 't' }))).toBe('parquet_invalid');
    const { table } = await importArrowTable(good, 'parquet', { name: 'good' });
    expect(labelValues(table, 'text')).toEqual(expected.columns.text!.labels);
  }, 120_000);

  it('adds the stack-pointer export only to a binary of the expected shape', async () => {
    const file = path.resolve(import.meta.dirname, '../../../node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm');
    const patched = exportStackPointer(new Uint8Array(readFileSync(file)))!;
    const module = await WebAssembly.compile(patched);
    expect(WebAssembly.Module.exports(module)).toContainEqual({ name: '__benchtop_stack_pointer', kind: 'global' });
    expect(exportStackPointer(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 7, 200]))).toBeUndefined();
    expect(exportStackPointer(new Uint8Array(10))).toBeUndefined();
  });
});

describe('parseParquetFooter', () => {
  it('reads row counts and group sizes, and rejects a cut footer', () => {
    const file = fixture('types-zstd.parquet');
    const len = new DataView(file.buffer).getUint32(file.length - 8, true);
    const footer = file.subarray(file.length - 8 - len, file.length - 8);
    const parsed = parseParquetFooter(footer);
    expect(parsed.rows).toBe(12);
    expect(parsed.rowGroups).toHaveLength(1);
    expect(parsed.rowGroups[0]!.rows).toBe(12);
    expect(parsed.rowGroups[0]!.bytes).toBeGreaterThan(0);
    expect(() => parseParquetFooter(footer.subarray(0, footer.length >> 1))).toThrow(/footer/);
  });
});
