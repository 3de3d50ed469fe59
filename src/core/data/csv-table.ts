import type { Table } from 'apache-arrow';
import { benchtopError } from '../errors.ts';
import { throwIfCancelled, yieldToEventLoop } from '../jobs.ts';
import type { CancelToken, ProgressFn } from '../jobs.ts';
import { assembleTable } from './arrow-data.ts';
import { ColumnAccumulator } from './column-accumulator.ts';
import { splitRecords } from './csv-records.ts';
import type { RecordConsumer } from './csv-records.ts';
import { finishColumn } from './finish-column.ts';
import type { DateOrder, FinishedColumn } from './finish-column.ts';
import { checkHeader } from './header-names.ts';
import { MissingTokenMatcher } from './missing-token-matcher.ts';
import type { DataSource } from './read-source.ts';
import { withEncoding } from './read-text.ts';
import type { DetectedEncoding, TextEncodingName } from './text-encoding.ts';
import type { ColumnInfo, ColumnKind } from './types.ts';

export interface ReadCsvOptions {
  /** File name, for messages. */
  name?: string;
  /** One character; sniffed from the first records (',', tab, ';', '|') when absent. */
  delimiter?: string;
  /** Cell spellings read as missing (compared after trimming); MISSING_TOKENS when absent. */
  missingTokens?: readonly string[];
  /** Forced kinds by column name (after any renaming). */
  kinds?: ReadonlyMap<string, ColumnKind>;
  /** Rename blank and repeated header names instead of failing (see checkHeader). */
  renameDuplicateHeaders?: boolean;
  /** Reading of dates like 03/04/2020 when a column fits both; month-first (with a note) when absent. */
  dateOrder?: DateOrder;
  /** Skip detection and read the bytes in this encoding. */
  encoding?: TextEncodingName;
  /** Bytes read per chunk (tests use tiny ones). Default 1 MiB. */
  chunkSize?: number;
  /** Phases: 'parse' per chunk; 'reparse' when earlier rows must be re-read for text; 'infer' per column. */
  onProgress?: ProgressFn;
  /** Checked between chunks and columns; a cancelled read rejects with code 'cancelled'. */
  cancel?: CancelToken;
}

export interface CsvTable {
  table: Table;
  columns: ColumnInfo[];
  rows: number;
  encoding: TextEncodingName;
  /** What a person should know about how the file was read (encoding, renames, dates, precision). */
  notes: string[];
}

/**
 * CSV/TSV -> typed Arrow table in one streaming pass over the bytes: split records
 * (CsvSplitter), feed each column's cells to a ColumnAccumulator (numbers parsed straight into
 * float64 storage, text kept as UTF-8 bytes), then decide kinds from the tallies and build the
 * Arrow columns from the stored bytes. Rows a numeric-looking column read before it turned out to
 * be text are re-read in a second, partial pass (phase 'reparse'). Bytes that are not UTF-8 are
 * read again as Windows-1252, with a note.
 *
 * Row numbers in errors are the rows a spreadsheet shows (header = row 1; blank lines count, line
 * breaks inside quotes do not); column_kind_mismatch gives the data row (first after the header = 1).
 */
export async function readCsvTable(source: DataSource, opts: ReadCsvOptions = {}): Promise<CsvTable> {
  const name = opts.name ?? 'the file';
  throwIfCancelled(opts.cancel);
  const tokens = new MissingTokenMatcher(opts.missingTokens);
  const progress = monotone(opts.onProgress);
  const { result: pass, detected, notes } = await withEncoding(source, name, opts.encoding, (detected) =>
    readPass(source, detected, tokens, opts, progress),
  );
  if (pass.headerNote) notes.push(pass.headerNote);

  const prefixes = await replay(source, detected, pass, opts, progress);

  const finished: FinishedColumn[] = [];
  const n = pass.names.length;
  progress({ phase: 'infer', fraction: 0 });
  for (let j = 0; j < n; j++) {
    finished.push(finishColumn(pass.names[j]!, pass.columns[j]!, { prefix: prefixes.get(j), dateOrder: opts.dateOrder }));
    if ((j & 15) === 15 || j === n - 1) {
      progress({ phase: 'infer', fraction: (j + 1) / n });
      await yieldToEventLoop();
      throwIfCancelled(opts.cancel);
    }
  }
  for (const f of finished) notes.push(...f.notes);
  const columns = finished.map((f) => f.info);
  const table = assembleTable(
    pass.names,
    columns.map((c) => c.kind),
    finished.map((f) => f.data),
    pass.rows,
  );
  return { table, columns, rows: pass.rows, encoding: detected.encoding, notes };
}

/** Progress that never goes back within a phase (a pass that starts over stalls instead). */
function monotone(fn: ProgressFn | undefined): ProgressFn {
  const best = new Map<string, number>();
  return (p) => {
    if (!fn) return;
    const prev = best.get(p.phase);
    if (prev !== undefined && p.fraction < prev) return;
    best.set(p.phase, p.fraction);
    fn(p);
  };
}

/** The main pass: header checks, then every cell into its column's accumulator. */
class ColumnsConsumer implements RecordConsumer {
  names: string[] = [];
  columns: ColumnAccumulator[] = [];
  rows = 0;
  delimiter = ',';
  headerNote: string | undefined;
  readonly #tokens: MissingTokenMatcher;
  readonly #opts: ReadCsvOptions;
  #numeric: Uint8Array | undefined;

  constructor(tokens: MissingTokenMatcher, opts: ReadCsvOptions) {
    this.#tokens = tokens;
    this.#opts = opts;
  }

  header(fields: string[]): void {
    const { names, note } = checkHeader(fields, this.#opts.renameDuplicateHeaders ?? false);
    const kinds = this.#opts.kinds;
    if (kinds) {
      const present = new Set(names);
      for (const column of kinds.keys()) if (!present.has(column)) throw benchtopError('column_not_found', { column, available: names.join(', ') });
    }
    this.names = names;
    this.headerNote = note;
    this.columns = names.map((n) => new ColumnAccumulator({ name: n, forced: kinds?.get(n), tokens: this.#tokens }));
    // When a token is also a number ('-999'), every cell must meet the token check first.
    if (!this.#tokens.hasNumericToken) this.#numeric = Uint8Array.from(this.columns, (c) => (c.numeric ? 1 : 0));
  }

  records(buf: Uint8Array, bounds: Int32Array, width: number, count: number, values: Float64Array): boolean {
    const columns = this.columns;
    const mask = this.#numeric;
    for (let j = 0; j < width; j++) {
      const acc = columns[j]!;
      acc.addCells(buf, bounds, j, width, count, mask?.[j] === 1 ? values : undefined);
      if (mask && !acc.numeric) mask[j] = 0;
    }
    this.rows += count;
    return true;
  }

  numericColumns(): Uint8Array | undefined {
    return this.#numeric;
  }

  expectRows(rows: number): void {
    // A little over the estimate: one block holds the whole column unless the estimate is far off.
    for (const acc of this.columns) acc.reserve(rows * 1.05 + 16);
  }
}

async function readPass(
  source: DataSource,
  detected: DetectedEncoding,
  tokens: MissingTokenMatcher,
  opts: ReadCsvOptions,
  progress: ProgressFn,
): Promise<ColumnsConsumer> {
  const consumer = new ColumnsConsumer(tokens, opts);
  const { header, delimiter } = await splitRecords(
    source,
    { ...detected, delimiter: opts.delimiter, chunkSize: opts.chunkSize, onProgress: progress, cancel: opts.cancel, name: opts.name },
    consumer,
  );
  consumer.delimiter = delimiter;
  if (!header) throw benchtopError('csv_empty');
  if (consumer.rows === 0) throw benchtopError('data_no_rows');
  return consumer;
}

/**
 * Re-read the text of rows that columns stored only as numbers before a non-number appeared,
 * stopping at the last such row. Returns prefix accumulators by column index.
 */
async function replay(
  source: DataSource,
  detected: DetectedEncoding,
  pass: ColumnsConsumer,
  opts: ReadCsvOptions,
  progress: ProgressFn,
): Promise<Map<number, ColumnAccumulator>> {
  const prefixes = new Map<number, ColumnAccumulator>();
  let limit = 0;
  pass.columns.forEach((acc, j) => {
    if (!acc.numeric && acc.textStart > 0) {
      prefixes.set(j, new ColumnAccumulator({ tokens: acc.tokens, textOnly: true }));
      limit = Math.max(limit, acc.textStart);
    }
  });
  if (limit === 0) return prefixes;
  let rows = 0;
  const wanted = [...prefixes];
  const consumer: RecordConsumer = {
    header: () => {},
    records: (buf, bounds, width, count) => {
      const take = Math.min(count, limit - rows);
      for (const [j, acc] of wanted) acc.addCells(buf, bounds, j, width, take);
      rows += take;
      progress({ phase: 'reparse', fraction: rows / limit });
      return rows < limit;
    },
  };
  await splitRecords(
    source,
    { ...detected, delimiter: pass.delimiter, chunkSize: opts.chunkSize, cancel: opts.cancel, name: opts.name },
    consumer,
  );
  return prefixes;
}
