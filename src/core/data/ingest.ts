import { benchtopError } from '../errors.ts';
import { throwIfCancelled } from '../jobs.ts';
import type { CancelToken, ProgressFn } from '../jobs.ts';
import { readCsvTable } from './csv-table.ts';
import type { DateOrder } from './finish-column.ts';
import { fingerprintTable } from './fingerprint.ts';
import { readJsonTable } from './json-table.ts';
import { readHead } from './read-source.ts';
import type { DataSource } from './read-source.ts';
import { sniffFormat } from './sniff-format.ts';
import type { TextEncodingName } from './text-encoding.ts';
import type { ColumnInfo, ColumnKind, Dataset } from './types.ts';

export { formatFor } from './format-for.ts';
export type { FileFormat } from './format-for.ts';

export interface IngestOptions {
  /** File name; its extension picks the format (checked against the content). Becomes Dataset.name. */
  name: string;
  /**
   * Phases in order: 'parse' (reading + parsing, per chunk), 'reparse' (only when rows must be
   * re-read for text), 'infer' (per column), 'build' (Arrow + fingerprint).
   */
  onProgress?: ProgressFn;
  cancel?: CancelToken;
  /** Forced kinds by column name, replacing inference for those columns (overridden: true). */
  kinds?: Readonly<Record<string, ColumnKind>> | ReadonlyMap<string, ColumnKind>;
  /** Bytes per read chunk (tests). Default 1 MiB. */
  chunkSize?: number;
  /** Cell spellings read as missing, compared after trimming (CSV and JSON strings). Default MISSING_TOKENS. */
  missingTokens?: readonly string[];
  /** Rename blank and repeated CSV header names ('a','a' -> 'a','a_2'; blank -> 'column_3') with a note, instead of failing. */
  renameDuplicateHeaders?: boolean;
  /** CSV delimiter, overriding the extension and sniffing. */
  delimiter?: string;
  /** Reading of dates like 03/04/2020 when a column fits both readings; month-first with a note when absent. */
  dateOrder?: DateOrder;
  /** Text encoding, overriding detection. */
  encoding?: TextEncodingName;
}

const KINDS: ReadonlySet<string> = new Set<ColumnKind>(['numeric', 'categorical', 'boolean', 'datetime', 'text']);

/** Bytes given to content sniffing. */
const SNIFF_BYTES = 4096;

/**
 * File -> typed, fingerprinted Dataset. The name picks the format and the first bytes must agree
 * (sniffFormat); CSV/TSV and JSON/NDJSON are read by readCsvTable / readJsonTable (parse ->
 * infer or forced kinds -> Arrow), Parquet and Arrow IPC by importArrowTable; then the table is
 * fingerprinted.
 */
export async function ingest(source: DataSource, opts: IngestOptions): Promise<Dataset> {
  throwIfCancelled(opts.cancel);
  const kinds = forcedKinds(opts.kinds);
  const format = sniffFormat(await readHead(source, SNIFF_BYTES, opts.name), opts.name);
  const common = { name: opts.name, kinds, chunkSize: opts.chunkSize, onProgress: opts.onProgress, cancel: opts.cancel };
  const text = { missingTokens: opts.missingTokens, dateOrder: opts.dateOrder, encoding: opts.encoding };

  let read: { table: Dataset['table']; columns: ColumnInfo[]; encoding?: TextEncodingName; notes?: string[] };
  switch (format.kind) {
    case 'csv':
      read = await readCsvTable(source, {
        ...common,
        ...text,
        delimiter: opts.delimiter ?? format.delimiter,
        renameDuplicateHeaders: opts.renameDuplicateHeaders,
      });
      break;
    case 'json':
    case 'ndjson':
      read = await readJsonTable(source, { ...common, ...text, ndjson: format.kind === 'ndjson' });
      break;
    case 'parquet':
    case 'arrow': {
      // Loaded on demand: the Parquet decoder is big and most imports never need it.
      const { importArrowTable } = await import('./arrow-import.ts');
      const bytes = typeof source === 'string' ? new TextEncoder().encode(source) : source;
      read = await importArrowTable(bytes, format.kind, { name: opts.name, cancel: opts.cancel, onProgress: opts.onProgress, kinds });
      break;
    }
  }

  throwIfCancelled(opts.cancel);
  opts.onProgress?.({ phase: 'build', fraction: 0 });
  const fingerprint = await fingerprintTable(read.table);
  opts.onProgress?.({ phase: 'build', fraction: 1 });
  throwIfCancelled(opts.cancel);
  const dataset: Dataset = { name: opts.name, table: read.table, columns: read.columns, rows: read.table.numRows, fingerprint };
  if (read.encoding) dataset.encoding = read.encoding;
  if (read.notes && read.notes.length > 0) dataset.notes = read.notes;
  return dataset;
}

/** Own keys only (a '__proto__' column can be forced too); unknown kinds are rejected. */
function forcedKinds(kinds: IngestOptions['kinds']): Map<string, ColumnKind> {
  const out = new Map<string, ColumnKind>();
  if (!kinds) return out;
  const entries: [string, unknown][] = kinds instanceof Map ? [...(kinds as ReadonlyMap<string, unknown>)] : Object.keys(kinds).map((k) => [k, (kinds as Record<string, unknown>)[k]]);
  for (const [name, kind] of entries) {
    if (typeof kind !== 'string' || !KINDS.has(kind))
      throw benchtopError('spec_invalid', { field: `kinds[${JSON.stringify(name)}]`, reason: `"${String(kind)}" is not a column kind` });
    out.set(name, kind as ColumnKind);
  }
  return out;
}
