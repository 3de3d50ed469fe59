import { RecordBatchReader } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { benchtopError } from '../errors.ts';
import { throwIfCancelled, yieldToEventLoop } from '../jobs.ts';
import type { CancelToken, ProgressFn } from '../jobs.ts';
import { parseParquetFooter, PARQUET_MAGIC } from './parquet-footer.ts';
import type { RowGroupInfo } from './parquet-footer.ts';
import { decodeRowGroups } from './parquet-wasm.ts';

export interface ParquetReadOptions {
  /** File name, for messages. */
  name: string;
  cancel?: CancelToken;
  /** Phase 'parse': the share of row-group bytes decoded so far. */
  onProgress?: ProgressFn;
}

export interface ParquetBatches {
  /** Rows in the file, from its footer. */
  rows: number;
  /** Arrow record batches in file order, decoded a few row groups at a time. */
  batches: AsyncGenerator<RecordBatch>;
}

/**
 * Each decoder call copies the whole file into wasm memory, so row groups are decoded together
 * in runs of at least this many (uncompressed page) bytes, and in at most ~8 runs: few copies,
 * yet cancel and progress come between runs, and wasm memory holds one run's data at a time.
 * (On flights-3m, 4 runs beat 1 run: smaller transfers out of wasm memory.)
 */
const RUN_MIN_BYTES = 4 * 1024 * 1024;
const MAX_RUNS = 8;

/**
 * Opens a Parquet file: checks its signature and footer here (parquet_invalid with the reason),
 * then decodes its row groups with parquet-wasm into Arrow record batches on demand.
 * A Blob is read into memory once; the decoder needs the file as one buffer.
 */
export async function readParquetBatches(source: Blob | Uint8Array, opts: ParquetReadOptions): Promise<ParquetBatches> {
  const invalid = (reason: string): Error => benchtopError('parquet_invalid', { name: opts.name, reason });
  const size = source instanceof Uint8Array ? source.byteLength : source.size;
  if (size < 12) throw invalid(`the file is ${size} bytes, too short to be Parquet`);
  const head = await slice(source, 0, 4);
  const tail = await slice(source, size - 8, size);
  if (!PARQUET_MAGIC.every((b, i) => head[i] === b)) throw invalid('it does not start with the Parquet signature "PAR1"');
  if (tail[4] === 0x50 && tail[5] === 0x41 && tail[6] === 0x52 && tail[7] === 0x45)
    throw invalid('its footer is encrypted, which Benchtop cannot read');
  if (!PARQUET_MAGIC.every((b, i) => tail[4 + i] === b))
    throw invalid('it does not end with the Parquet signature "PAR1"; the file may be cut short');
  const footerLength = (tail[0]! | (tail[1]! << 8) | (tail[2]! << 16) | (tail[3]! << 24)) >>> 0;
  if (footerLength > size - 12) throw invalid(`its footer claims ${footerLength} bytes, more than the file holds`);

  let footer;
  try {
    footer = parseParquetFooter(await slice(source, size - 8 - footerLength, size - 8));
  } catch (e) {
    throw invalid(e instanceof Error ? e.message : String(e));
  }
  throwIfCancelled(opts.cancel);
  const file = source instanceof Uint8Array ? source : new Uint8Array(await source.arrayBuffer());
  return { rows: footer.rows, batches: decodeRuns(file, footer.rowGroups, opts, invalid) };
}

async function* decodeRuns(
  file: Uint8Array,
  groups: RowGroupInfo[],
  opts: ParquetReadOptions,
  invalid: (reason: string) => Error,
): AsyncGenerator<RecordBatch> {
  const runs = planRuns(groups);
  const weight = (g: RowGroupInfo): number => g.bytes + g.rows; // +rows: groups with no byte count still count
  const total = groups.reduce((s, g) => s + weight(g), 0) || 1;
  let done = 0;
  opts.onProgress?.({ phase: 'parse', fraction: 0 });
  for (const run of runs) {
    throwIfCancelled(opts.cancel);
    const rows = run.reduce((s, i) => s + groups[i]!.rows, 0);
    if (rows === 0) continue;
    const ipc = await decodeRowGroups(file, run, rows, invalid);
    let reader;
    try {
      reader = RecordBatchReader.from(ipc);
    } catch (e) {
      throw invalid(`the decoder returned unreadable Arrow data (${e instanceof Error ? e.message : String(e)})`);
    }
    for (const batch of reader) yield batch;
    done += run.reduce((s, i) => s + weight(groups[i]!), 0);
    opts.onProgress?.({ phase: 'parse', fraction: Math.min(1, done / total) });
    await yieldToEventLoop();
  }
  throwIfCancelled(opts.cancel);
}

/** Consecutive row-group indexes per decoder call. */
export function planRuns(groups: readonly RowGroupInfo[]): number[][] {
  const total = groups.reduce((s, g) => s + g.bytes, 0);
  const target = Math.max(RUN_MIN_BYTES, total / MAX_RUNS);
  const runs: number[][] = [];
  let run: number[] = [];
  let bytes = 0;
  groups.forEach((g, i) => {
    run.push(i);
    bytes += g.bytes;
    if (bytes >= target) {
      runs.push(run);
      run = [];
      bytes = 0;
    }
  });
  if (run.length > 0) runs.push(run);
  return runs;
}

async function slice(source: Blob | Uint8Array, start: number, end: number): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source.subarray(start, end);
  return new Uint8Array(await source.slice(start, end).arrayBuffer());
}
