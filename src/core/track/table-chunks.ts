/**
 * A table stored as chunks: record batches of about CHUNK_BYTES each, every chunk a complete
 * Arrow IPC stream. IndexedDB copes badly with single values of hundreds of megabytes, and a
 * chunk can be read without the rest.
 *
 * Reading joins the batches back into one batch, column buffers laid out exactly as
 * buildTable lays them out (exact lengths, no validity bitmap without nulls), so the table's
 * canonical IPC bytes, and so its fingerprint, equal the original's.
 */
import { Bool, Data, DataType, makeData, RecordBatch, Struct, Table, tableFromIPC, tableToIPC, Type, Utf8 } from 'apache-arrow';

/** Target size of one chunk. */
export const CHUNK_BYTES = 16 * 1024 * 1024;

export interface ChunkOptions {
  /** Target bytes per chunk (default 16 MiB). */
  chunkBytes?: number;
  /** Rows per chunk; overrides chunkBytes (tests use it to force many chunks). */
  chunkRows?: number;
}

/** Bytes of column buffers per row, from the data buffers: enough to size chunks. */
function bytesPerRow(table: Table): number {
  let bytes = 0;
  for (const batch of table.batches)
    for (const child of batch.data.children) {
      const stack: Data[] = [child];
      while (stack.length) {
        const d = stack.pop()!;
        bytes += (d.values?.byteLength ?? 0) + (d.valueOffsets?.byteLength ?? 0) + (d.nullBitmap?.byteLength ?? 0);
        stack.push(...d.children);
      }
    }
  return table.numRows ? bytes / table.numRows : 0;
}

/** The table as IPC stream chunks of about opts.chunkBytes (at least one chunk, even for 0 rows). */
export function tableToChunks(table: Table, opts: ChunkOptions = {}): Uint8Array[] {
  const rows = table.numRows;
  const perRow = bytesPerRow(table);
  const rowsPerChunk = Math.max(1, opts.chunkRows ?? Math.floor((opts.chunkBytes ?? CHUNK_BYTES) / Math.max(perRow, 1)));
  if (rows <= rowsPerChunk) return [tableToIPC(table, 'stream')];
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < rows; start += rowsPerChunk) chunks.push(tableToIPC(table.slice(start, Math.min(rows, start + rowsPerChunk)), 'stream'));
  return chunks;
}

/** The table the chunks hold: one record batch when the columns are of types that can be joined exactly. */
export function chunksToTable(chunks: readonly Uint8Array[]): Table {
  if (chunks.length === 1) return tableFromIPC(chunks[0]!);
  const parts = chunks.map((c) => tableFromIPC(c));
  const schema = parts[0]!.schema;
  const batches = parts.flatMap((p) => p.batches);
  const fields = schema.fields;
  const children: Data[] = [];
  for (let j = 0; j < fields.length; j++) {
    const joined = joinColumn(fields[j]!.type, batches.map((b) => b.data.children[j]!));
    if (!joined) return new Table(schema, batches.map((b) => new RecordBatch(schema, b.data)));
    children.push(joined);
  }
  const length = batches.reduce((s, b) => s + b.numRows, 0);
  const struct = makeData({ type: new Struct(fields), length, nullCount: 0, children });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}

/** Validity of all parts as one bitmap, or undefined when nothing is null. */
function joinValidity(parts: readonly Data[], length: number): { nullBitmap: Uint8Array | undefined; nullCount: number } {
  const nullCount = parts.reduce((s, d) => s + d.nullCount, 0);
  if (nullCount === 0) return { nullBitmap: undefined, nullCount };
  const bitmap = new Uint8Array((length + 7) >> 3);
  let at = 0;
  for (const d of parts) {
    for (let i = 0; i < d.length; i++, at++) if (d.getValid(i)) bitmap[at >> 3]! |= 1 << (at & 7);
  }
  return { nullBitmap: bitmap, nullCount };
}

type TypedArrayCtor = new (length: number) => { set(a: ArrayLike<number> | ArrayLike<bigint>, offset?: number): void; subarray(a: number, b: number): ArrayLike<number> };

/** One Data of `type` from consecutive parts, or null for types joined generically (nested, dictionary, large offsets). */
function joinColumn(type: DataType, parts: readonly Data[]): Data | null {
  const length = parts.reduce((s, d) => s + d.length, 0);
  const { nullBitmap, nullCount } = joinValidity(parts, length);
  switch (type.typeId) {
    case Type.Bool: {
      const data = new Uint8Array((length + 7) >> 3);
      let at = 0;
      for (const d of parts) {
        const bits = d.values as Uint8Array;
        for (let i = 0; i < d.length; i++, at++) {
          const bit = d.offset + i;
          if ((bits[bit >> 3]! >> (bit & 7)) & 1) data[at >> 3]! |= 1 << (at & 7);
        }
      }
      return makeData({ type: type as Bool, length, nullCount, nullBitmap, data });
    }
    case Type.Utf8: {
      const valueOffsets = new Int32Array(length + 1);
      let bytes = 0;
      for (const d of parts) bytes += d.valueOffsets[d.length]! - d.valueOffsets[0]!;
      const data = new Uint8Array(bytes);
      let row = 0;
      let byte = 0;
      for (const d of parts) {
        const offsets = d.valueOffsets as Int32Array;
        const base = offsets[0]!;
        data.set((d.values as Uint8Array).subarray(base, offsets[d.length]!), byte);
        for (let i = 1; i <= d.length; i++) valueOffsets[row + i] = byte + offsets[i]! - base;
        row += d.length;
        byte += offsets[d.length]! - base;
      }
      return makeData({ type: type as Utf8, length, nullCount, nullBitmap, data, valueOffsets });
    }
    case Type.Int:
    case Type.Float:
    case Type.Timestamp:
    case Type.Date:
    case Type.Time:
    case Type.Duration: {
      const first = parts[0]!;
      const stride = first.stride;
      const Ctor = (first.values as object).constructor as TypedArrayCtor;
      const data = new Ctor(length * stride);
      let at = 0;
      for (const d of parts) {
        // Fixed-width values are already sliced to the part's offset.
        data.set(d.values.subarray(0, d.length * stride), at * stride);
        at += d.length;
      }
      return makeData({ type, length, nullCount, nullBitmap, data } as Parameters<typeof makeData>[0]);
    }
    default:
      return null;
  }
}
