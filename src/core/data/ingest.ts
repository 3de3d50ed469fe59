import { benchtopError } from '../errors.ts';
import { throwIfCancelled, yieldToEventLoop } from '../jobs.ts';
import type { CancelToken, ProgressFn } from '../jobs.ts';
import { buildTable } from './build-table.ts';
import { parseCsv } from './csv.ts';
import { fingerprintTable } from './fingerprint.ts';
import { inferColumn } from './infer-types.ts';
import { parseJsonRecords } from './json.ts';
import type { RawTable } from './raw-table.ts';
import { readText } from './read-text-chunks.ts';
import type { ColumnInfo, ColumnKind, Dataset } from './types.ts';

export interface IngestOptions {
  /** File name; its extension picks the format. Becomes Dataset.name. */
  name: string;
  /** Phases in order: 'parse' (reading + parsing), 'infer', 'build' (Arrow + fingerprint). */
  onProgress?: ProgressFn;
  cancel?: CancelToken;
  /** Forced kinds by column name, replacing inference for those columns. */
  kinds?: Readonly<Record<string, ColumnKind>>;
  /** Bytes per read chunk (tests). Default 1 MiB. */
  chunkSize?: number;
}

export type FileFormat = { kind: 'csv'; delimiter?: string } | { kind: 'json' } | { kind: 'ndjson' };

const KINDS: ReadonlySet<string> = new Set<ColumnKind>(['numeric', 'categorical', 'boolean', 'datetime', 'text']);

/** The format a file name implies (case-insensitive extension), or file_unsupported. */
export function formatFor(name: string): FileFormat {
  const ext = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase();
  switch (ext) {
    case 'csv':
    case 'txt':
      return { kind: 'csv' };
    case 'tsv':
    case 'tab':
      return { kind: 'csv', delimiter: '\t' };
    case 'json':
      return { kind: 'json' };
    case 'ndjson':
    case 'jsonl':
      return { kind: 'ndjson' };
    default:
      throw benchtopError('file_unsupported', { name });
  }
}

/** File -> typed, fingerprinted Dataset: parse -> infer (or forced kinds) -> build Arrow -> fingerprint. */
export async function ingest(source: string | Blob, opts: IngestOptions): Promise<Dataset> {
  const format = formatFor(opts.name);
  const kinds = forcedKinds(opts.kinds);
  const raw = await parse(source, format, opts);

  throwIfCancelled(opts.cancel);
  const columns = await infer(raw, kinds, opts);

  opts.onProgress?.({ phase: 'build', fraction: 0 });
  const table = buildTable(raw, columns);
  const fingerprint = await fingerprintTable(table);
  opts.onProgress?.({ phase: 'build', fraction: 1 });
  throwIfCancelled(opts.cancel);
  return { name: opts.name, table, columns, rows: table.numRows, fingerprint };
}

async function parse(source: string | Blob, format: FileFormat, opts: IngestOptions): Promise<RawTable> {
  const read = { chunkSize: opts.chunkSize, onProgress: opts.onProgress, cancel: opts.cancel, name: opts.name };
  if (format.kind === 'csv') return parseCsv(source, { ...read, delimiter: format.delimiter });
  const text = await readText(source, read);
  return parseJsonRecords(text, { ndjson: format.kind === 'ndjson' });
}

async function infer(raw: RawTable, kinds: Map<string, ColumnKind>, opts: IngestOptions): Promise<ColumnInfo[]> {
  for (const name of kinds.keys())
    if (!raw.names.includes(name)) throw benchtopError('column_not_found', { column: name, available: raw.names.join(', ') });
  const columns: ColumnInfo[] = [];
  const n = raw.names.length;
  opts.onProgress?.({ phase: 'infer', fraction: 0 });
  for (let j = 0; j < n; j++) {
    const name = raw.names[j] as string;
    columns.push(inferColumn(name, raw.columns[j] ?? [], kinds.get(name)));
    opts.onProgress?.({ phase: 'infer', fraction: (j + 1) / n });
    await yieldToEventLoop();
    throwIfCancelled(opts.cancel);
  }
  return columns;
}

/** Own keys only (a '__proto__' column can be forced too); unknown kinds are rejected. */
function forcedKinds(kinds: Readonly<Record<string, ColumnKind>> | undefined): Map<string, ColumnKind> {
  const out = new Map<string, ColumnKind>();
  if (!kinds) return out;
  for (const name of Object.keys(kinds)) {
    const kind: unknown = kinds[name];
    if (typeof kind !== 'string' || !KINDS.has(kind))
      throw benchtopError('spec_invalid', { field: `kinds[${JSON.stringify(name)}]`, reason: `"${String(kind)}" is not a column kind` });
    out.set(name, kind as ColumnKind);
  }
  return out;
}
