import { Dictionary, Float64, Int32, Table, tableFromArrays, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, test } from 'vitest';
import { buildTable } from '../../../src/core/data/build-table.ts';
import { parseCsv } from '../../../src/core/data/csv.ts';
import { fingerprintTable, ipcToTable, tableToIpc } from '../../../src/core/data/fingerprint.ts';
import { inferTypes } from '../../../src/core/data/infer-types.ts';

async function fromCsv(text: string, chunkSize?: number): Promise<Table> {
  const raw = await parseCsv(new Blob([text]), { chunkSize });
  return buildTable(raw, inferTypes(raw));
}

const lines = ['id,price,when,ok,city', '1,2.5,2020-01-01,yes,"Oslo, NO"', '2,,2020-01-02,no,Bergen', '3,4,,yes,'];

describe('fingerprint', () => {
  test('same content -> same hex SHA-256, however the file was laid out', async () => {
    const lf = await fingerprintTable(await fromCsv(lines.join('\n') + '\n'));
    expect(lf).toMatch(/^[0-9a-f]{64}$/);
    expect(await fingerprintTable(await fromCsv(lines.join('\n') + '\n'))).toBe(lf);
    expect(await fingerprintTable(await fromCsv(lines.join('\r\n')))).toBe(lf);
    expect(await fingerprintTable(await fromCsv('\uFEFF' + lines.join('\r') + '\r\n\r\n', 3))).toBe(lf);
    expect(await fingerprintTable(await fromCsv(lines.join('\n').replace('2.5', '2.50').replace('1,', '"1",')))).toBe(lf);
  });

  test('different content -> different fingerprint', async () => {
    const base = await fingerprintTable(await fromCsv(lines.join('\n')));
    const changed = [
      lines.join('\n').replace('2.5', '2.6'),
      lines.join('\n').replace('Bergen', 'bergen'),
      lines.join('\n').replace('id,', 'ID,'),
      lines.slice(0, 3).join('\n'),
      [lines[0], lines[2], lines[1], lines[3]].join('\n'),
    ];
    const prints = await Promise.all(changed.map(async (t) => fingerprintTable(await fromCsv(t))));
    expect(new Set([base, ...prints]).size).toBe(changed.length + 1);
  });

  test('IPC stream round-trip keeps data and kinds, and re-encodes to the same bytes', async () => {
    const table = await fromCsv(lines.join('\n'));
    const bytes = tableToIpc(table);
    const back = ipcToTable(bytes);
    expect(back.schema.fields.map((f) => [f.name, String(f.type), f.metadata.get('benchtop:kind')])).toEqual(
      table.schema.fields.map((f) => [f.name, String(f.type), f.metadata.get('benchtop:kind')]),
    );
    expect(back.toArray().map((r) => r.toJSON())).toEqual(table.toArray().map((r) => r.toJSON()));
    expect(tableToIpc(back)).toEqual(bytes);
    expect(await fingerprintTable(back)).toBe(await fingerprintTable(table));
  });

  test('chunking and slicing do not change the bytes', async () => {
    const a = tableFromArrays({ x: Float64Array.from([1, 2, 3, 4]), s: ['a', 'b', 'c', 'd'] });
    const chunked = a.slice(0, 2).concat(a.slice(2));
    expect(chunked.batches.length).toBe(2);
    expect(tableToIpc(chunked)).toEqual(tableToIpc(a));
    // Plain (not dictionary-encoded) columns: a slice encodes like a table built from its values.
    const plain = (x: (number | null)[], s: (string | null)[]): Table =>
      new Table({ x: vectorFromArray(x, new Float64()), s: vectorFromArray(s, new Utf8()) });
    const sliced = plain([1, null, 3, 4, 5], ['a', 'b', null, 'd', 'e']).slice(1, 4);
    expect(sliced.batches[0]!.data.children[0]!.offset).toBe(1);
    expect(tableToIpc(sliced)).toEqual(tableToIpc(plain([null, 3, 4], ['b', null, 'd'])));
  });

  test('the hash is SHA-256 of the IPC bytes', async () => {
    const table = await fromCsv(lines.join('\n'));
    const { createHash } = await import('node:crypto');
    expect(await fingerprintTable(table)).toBe(createHash('sha256').update(tableToIpc(table)).digest('hex'));
  });

  test('dictionary columns (rebuilt value by value) keep their nulls, without compiling code', async () => {
    const dict = new Dictionary(new Utf8(), new Int32());
    const whole = new Table({ c: vectorFromArray(['a', null, 'b', 'a'], dict) });
    const chunked = new Table({ c: vectorFromArray(['a', null], dict).concat(vectorFromArray(['b', 'a'], dict)) });
    expect(chunked.batches.length).toBe(2);
    // The studio's CSP forbids eval: the rebuild must not reach Arrow's compiled null test.
    const realFunction = globalThis.Function;
    globalThis.Function = new Proxy(realFunction, { construct: () => { throw new Error('new Function called'); }, apply: () => { throw new Error('Function called'); } });
    let back: Table;
    try {
      back = ipcToTable(tableToIpc(chunked));
    } finally {
      globalThis.Function = realFunction;
    }
    expect(back.getChild('c')!.toArray().map(String)).toEqual(['a', 'null', 'b', 'a']);
    expect(back.getChild('c')!.nullCount).toBe(1);
    expect(await fingerprintTable(chunked)).toBe(await fingerprintTable(whole));
  });
});
