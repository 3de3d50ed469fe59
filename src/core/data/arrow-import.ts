/**
 * Parquet and Arrow IPC files -> Benchtop's canonical table (see normalize-arrow.ts for how each
 * Arrow type is held). ingest() calls this for .parquet/.arrow/... files; the columns it returns
 * carry kind, counts, type and evidence like the CSV reader's, but no missing tokens: these
 * formats have real nulls.
 */
import { RecordBatchReader } from 'apache-arrow';
import type { RecordBatch, Table } from 'apache-arrow';
import { benchtopError, isBenchtopError } from '../errors.ts';
import { throwIfCancelled, yieldToEventLoop } from '../jobs.ts';
import type { CancelToken, ProgressFn } from '../jobs.ts';
import { chunkProblem } from './arrow-chunk-check.ts';
import { checkArrowIpc } from './arrow-ipc-check.ts';
import { ArrowNormalizer } from './normalize-arrow.ts';
import type { NormalizeOptions } from './normalize-arrow.ts';
import { readParquetBatches } from './parquet.ts';
import type { ColumnInfo, ColumnKind } from './types.ts';

export interface ArrowImportOptions {
  /** File name, for messages. */
  name: string;
  cancel?: CancelToken;
  /** Phases: 'parse' (decoding batches), then 'infer' (one step per column). */
  onProgress?: ProgressFn;
  /** Forced kinds by column name. */
  kinds?: ReadonlyMap<string, ColumnKind>;
}

export interface ArrowImport {
  table: Table;
  columns: ColumnInfo[];
  /** What was changed to fit Benchtop's types ('"id": ... kept as exact text'); absent when nothing was. */
  notes?: string[];
}

/** Arrow Utf8 columns index rows with int32 offsets. */
const MAX_ROWS = 0x7fffffff;

/** Yield to the event loop (and check cancel) after this many rows of batches. */
const ROWS_PER_YIELD = 1 << 17;

export async function importArrowTable(
  source: Blob | Uint8Array,
  format: 'parquet' | 'arrow',
  opts: ArrowImportOptions,
): Promise<ArrowImport> {
  const { name, cancel, onProgress, kinds } = opts;
  let rows: number;
  let batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>;
  let invalid: (reason: string) => Error;
  if (format === 'parquet') {
    invalid = (reason) => benchtopError('parquet_invalid', { name, reason });
    ({ rows, batches } = await readParquetBatches(source, { name, cancel, onProgress }));
  } else {
    invalid = (reason) => benchtopError('arrow_invalid', { name, reason });
    const all = await readArrowBatches(source, invalid);
    rows = all.reduce((s, b) => s + b.numRows, 0);
    batches = progressive(all, rows, cancel, onProgress);
  }
  if (rows === 0) throw benchtopError('data_no_rows');
  if (rows > MAX_ROWS) throw invalid(`it claims ${rows.toLocaleString('en-US')} rows; Benchtop holds at most ${MAX_ROWS.toLocaleString('en-US')}`);

  let normalizer: ArrowNormalizer | undefined;
  let sinceYield = 0;
  for await (const batch of batches) {
    normalizer ??= createNormalizer(batch, rows, { name, kinds, invalid });
    normalizer.push(batch);
    sinceYield += batch.numRows;
    if (sinceYield >= ROWS_PER_YIELD) {
      sinceYield = 0;
      await yieldToEventLoop();
      throwIfCancelled(cancel);
    }
  }
  if (!normalizer) throw invalid('it holds no record batches');
  const { table, columns, notes } = await normalizer.finish({ cancel, onProgress });
  return notes.length > 0 ? { table, columns, notes } : { table, columns };
}

/** The normalizer for `rows` rows; a failed allocation (far more rows than memory) is the file's fault here. */
function createNormalizer(first: RecordBatch, rows: number, opts: NormalizeOptions & { invalid: (reason: string) => Error }): ArrowNormalizer {
  try {
    return new ArrowNormalizer(first.schema, rows, opts);
  } catch (e) {
    if (e instanceof RangeError) throw opts.invalid(`it claims ${rows.toLocaleString('en-US')} rows, more than this device's memory can hold`);
    throw e;
  }
}

/** Every record batch of an Arrow IPC file ('ARROW1') or stream, read from one buffer. */
async function readArrowBatches(source: Blob | Uint8Array, invalid: (reason: string) => Error): Promise<RecordBatch[]> {
  const bytes = source instanceof Uint8Array ? source : new Uint8Array(await source.arrayBuffer());
  if (bytes.byteLength === 0) throw invalid('the file is empty');
  if (startsWith(bytes, 'FEA1')) throw invalid('it is a Feather version 1 file, which Benchtop cannot read; save it again as Feather v2 / Arrow IPC');
  if (startsWith(bytes, 'PAR1')) throw invalid('it is a Parquet file; import it with the .parquet extension');
  try {
    checkArrowIpc(bytes);
    const reader = RecordBatchReader.from(bytes).open();
    if (!reader.schema) throw new Error('it has no schema message');
    const batches = [...reader];
    // Before any row count sizes an allocation: every buffer must cover the length it claims.
    for (const batch of batches)
      for (const [j, data] of batch.data.children.entries()) {
        const problem = chunkProblem(data);
        if (problem) throw new Error(`column "${batch.schema.fields[j]?.name ?? j + 1}": ${problem}`);
      }
    return batches;
  } catch (e) {
    if (isBenchtopError(e)) throw e;
    throw invalid(e instanceof Error ? e.message : String(e));
  }
}

async function* progressive(batches: RecordBatch[], rows: number, cancel: CancelToken | undefined, onProgress: ProgressFn | undefined) {
  let done = 0;
  onProgress?.({ phase: 'parse', fraction: 0 });
  for (const batch of batches) {
    throwIfCancelled(cancel);
    yield batch;
    done += batch.numRows;
    onProgress?.({ phase: 'parse', fraction: rows === 0 ? 1 : done / rows });
  }
}

function startsWith(bytes: Uint8Array, magic: string): boolean {
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic.charCodeAt(i)) return false;
  return true;
}
