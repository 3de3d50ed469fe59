import type { Table } from 'apache-arrow';
import { benchtopError } from '../errors.ts';
import { throwIfCancelled, yieldToEventLoop } from '../jobs.ts';
import type { CancelToken, ProgressFn } from '../jobs.ts';
import { accumulateStrings } from './accumulate-strings.ts';
import { assembleTable } from './arrow-data.ts';
import { ColumnAccumulator } from './column-accumulator.ts';
import { finishColumn } from './finish-column.ts';
import type { DateOrder, FinishedColumn } from './finish-column.ts';
import { collectJsonRecords } from './json.ts';
import { MissingTokenMatcher } from './missing-token-matcher.ts';
import { readText } from './read-text.ts';
import type { DataSource } from './read-source.ts';
import type { TextEncodingName } from './text-encoding.ts';
import type { ColumnInfo, ColumnKind } from './types.ts';

export interface ReadJsonOptions {
  name?: string;
  /** One object per line instead of one array. */
  ndjson?: boolean;
  missingTokens?: readonly string[];
  kinds?: ReadonlyMap<string, ColumnKind>;
  dateOrder?: DateOrder;
  encoding?: TextEncodingName;
  chunkSize?: number;
  onProgress?: ProgressFn;
  cancel?: CancelToken;
}

export interface JsonTable {
  table: Table;
  columns: ColumnInfo[];
  rows: number;
  encoding: TextEncodingName;
  notes: string[];
}

/**
 * JSON array of records or NDJSON -> typed Arrow table. The text is read like a CSV file's
 * (encoding detection, Windows-1252 fallback with a note, progress, cancel), parsed at once, and
 * each column's cells go through the same accumulator and finishing step as CSV cells, so the
 * same values give the same kinds and Arrow bytes.
 */
export async function readJsonTable(source: DataSource, opts: ReadJsonOptions = {}): Promise<JsonTable> {
  const { text, encoding, notes } = await readText(source, opts);
  const records = collectJsonRecords(text, { ndjson: opts.ndjson });
  const kinds = opts.kinds;
  if (kinds)
    for (const column of kinds.keys())
      if (!records.names.includes(column)) throw benchtopError('column_not_found', { column, available: records.names.join(', ') });
  const tokens = new MissingTokenMatcher(opts.missingTokens);
  const finished: FinishedColumn[] = [];
  const n = records.names.length;
  opts.onProgress?.({ phase: 'infer', fraction: 0 });
  for (let j = 0; j < n; j++) {
    const name = records.names[j]!;
    const acc = new ColumnAccumulator({ name, forced: kinds?.get(name), tokens });
    const prefix = accumulateStrings(acc, records.columns[j]!);
    records.columns[j] = [];
    const done = finishColumn(name, acc, { prefix, dateOrder: opts.dateOrder });
    const unsafe = records.unsafe[j];
    if (unsafe)
      done.notes.push(
        `Column "${name}" holds JSON numbers beyond 2^53 (${unsafe}); the JSON reader has already rounded their last digits. Write such values as strings ("123...") in the JSON to keep every digit.`,
      );
    finished.push(done);
    opts.onProgress?.({ phase: 'infer', fraction: (j + 1) / n });
    await yieldToEventLoop();
    throwIfCancelled(opts.cancel);
  }
  for (const f of finished) notes.push(...f.notes);
  const columns = finished.map((f) => f.info);
  const rows = finished[0]?.data.length ?? 0;
  const table = assembleTable(
    records.names,
    columns.map((c) => c.kind),
    finished.map((f) => f.data),
    rows,
  );
  return { table, columns, rows, encoding, notes };
}
