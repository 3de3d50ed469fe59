/**
 * A table stored as chunks: record batches of about CHUNK_BYTES each, every chunk a complete
 * Arrow IPC stream. IndexedDB copes badly with single values of hundreds of megabytes, and a
 * chunk can be read without the rest.
 *
 * Reading joins the batches back into one batch, column buffers laid out exactly as
 * buildTable lays them out (exact lengths, no validity bitmap without nulls), so the table's
 * canonical IPC bytes, and so its fingerprint, equal the original's.
 */
import { RecordBatch, Table, tableFromIPC, tableToIPC, type Data } from 'apache-arrow';
import { joinBatches } from '../data/join-batches.ts';

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
  const batched = new Table(schema, parts.flatMap((p) => p.batches.map((b) => new RecordBatch(schema, b.data))));
  return joinBatches(batched) ?? batched;
}
