import { makeBuilder, makeVector, type Builder, RecordBatch, Struct, Table, makeData, tableFromIPC, tableToIPC } from 'apache-arrow';
import { isExactLayout, joinBatches } from './join-batches.ts';

/**
 * Arrow IPC stream bytes of `table` in a canonical layout: exactly one record batch with
 * unsliced columns, so the same schema and values give the same bytes however the table was
 * chunked or sliced. These are the bytes that cross to and from workers and that are hashed.
 */
export function tableToIpc(table: Table): Uint8Array {
  return tableToIPC(canonical(table), 'stream');
}

/** The table from IPC stream (or file) bytes. */
export function ipcToTable(bytes: Uint8Array): Table {
  return tableFromIPC(bytes);
}

/** Lowercase hex SHA-256 of the canonical IPC bytes: the dataset's identity. */
export async function fingerprintTable(table: Table): Promise<string> {
  const bytes = tableToIpc(table);
  const view = new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', view));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

function canonical(table: Table): Table {
  const [batch, ...rest] = table.batches;
  if (batch && rest.length === 0 && batch.data.offset === 0 && batch.data.children.every(isExactLayout)) return table;
  // Chunked, sliced or over-allocated (builders): join into buildTable's exact layout, so the
  // bytes (and the fingerprint) do not depend on how the table was made or cut.
  const joined = joinBatches(table);
  if (joined) return joined;
  // Types the joiner does not know (nested, dictionary): rebuild value by value.
  const fields = table.schema.fields;
  const children = fields.map((field, j) => {
    const builder = treatNullishAsNull(makeBuilder({ type: field.type }));
    const column = table.getChildAt(j);
    if (column) for (const chunk of column.data) {
      const v = makeVector(chunk);
      for (let i = 0; i < v.length; i++) builder.append(v.get(i));
    }
    return builder.finish().flush();
  });
  const struct = makeData({ type: new Struct(fields), length: table.numRows, nullCount: 0, children });
  return new Table(table.schema, [new RecordBatch(table.schema, struct)]);
}

/**
 * Arrow's `nullValues` option compiles its null test with `new Function`, which the studio's
 * Content-Security-Policy forbids; the same test as a plain function, on every nested builder.
 */
function treatNullishAsNull<B extends Builder>(builder: B): B {
  builder.isValid = (value: unknown) => value !== null && value !== undefined;
  for (const child of builder.children) treatNullishAsNull(child);
  return builder;
}
