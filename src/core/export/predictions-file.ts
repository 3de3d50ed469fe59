/**
 * A scored batch's predictions as a file, tagged with the model version that made them: CSV,
 * Parquet or Arrow IPC (file format). Columns: row (1-based, as a person counts), prediction,
 * p(<class>) per class for classifiers, and model_version ("name@3") on every row, so rows
 * stay attributable after files are concatenated. Arrow also carries the version in the
 * schema's metadata (benchtop.model_version, benchtop.model, benchtop.version, benchtop.task);
 * Parquet carries benchtop.model_version only, so the same predictions give the same bytes.
 * Probabilities keep every digit a float64 has, so two scorings compare exactly.
 */
import { Field, Float64, Int32, makeData, Schema, Table, tableToIPC, RecordBatch, Struct } from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';
import { utf8Data } from '../data/arrow-data.ts';
import { encodeParquet } from '../data/parquet-wasm.ts';
import { benchtopError } from '../errors.ts';
import type { PredictionColumn } from '../monitor/prediction-reference.ts';
import type { PredictionsFormat } from '../monitor/types.ts';
import type { Task } from '../spec/types.ts';
import { csvCell } from './csv-cell.ts';

export const MODEL_VERSION_COLUMN = 'model_version';

export interface PredictionsMeta {
  /** "name@3". */
  versionId: string;
  name: string;
  version: number;
  task: Task;
}

export const FILE_EXTENSIONS: Record<PredictionsFormat, string> = { csv: 'csv', parquet: 'parquet', arrow: 'arrow' };

/** Column names in file order. */
export function predictionsHeader(columns: readonly PredictionColumn[]): string[] {
  return ['row', ...columns.map((c) => c.column), MODEL_VERSION_COLUMN];
}

const cellOf = (v: number): string => (Number.isFinite(v) ? String(v) : '');

function rowCount(columns: readonly PredictionColumn[]): number {
  return columns[0]?.values.length ?? 0;
}

/** Rows `from`..`to` (0-based, exclusive end) as CSV cells. */
export function predictionCells(columns: readonly PredictionColumn[], meta: Pick<PredictionsMeta, 'versionId'>, from: number, to: number): string[][] {
  const out: string[][] = [];
  for (let i = from; i < to; i++) {
    const row = [String(i + 1)];
    for (const c of columns) row.push(c.kind === 'numeric' ? cellOf(c.values[i]!) : c.values[i]!);
    row.push(meta.versionId);
    out.push(row);
  }
  return out;
}

/** The CSV text, built in slices so no single intermediate array holds every row's cells. */
export function predictionsCsv(columns: readonly PredictionColumn[], meta: Pick<PredictionsMeta, 'versionId'>): string {
  const n = rowCount(columns);
  const parts = [predictionsHeader(columns).map(csvCell).join(',')];
  const SLICE = 10_000;
  for (let from = 0; from < n; from += SLICE) {
    const cells = predictionCells(columns, meta, from, Math.min(n, from + SLICE));
    parts.push(cells.map((r) => r.map(csvCell).join(',')).join('\n'));
  }
  return parts.join('\n') + '\n';
}

export function predictionsMetadata(meta: PredictionsMeta): Map<string, string> {
  return new Map([
    ['benchtop.model_version', meta.versionId],
    ['benchtop.model', meta.name],
    ['benchtop.version', String(meta.version)],
    ['benchtop.task', meta.task],
  ]);
}

/**
 * Strings as Arrow Utf8 data built by hand: vectorFromArray's builder compiles its null check
 * with `new Function`, which the studio's Content-Security-Policy refuses.
 */
function textData(values: readonly string[]): Data {
  const encoder = new TextEncoder();
  const parts = values.map((v) => encoder.encode(v));
  const offsets = new Int32Array(parts.length + 1);
  for (let i = 0; i < parts.length; i++) offsets[i + 1] = offsets[i]! + parts[i]!.length;
  const bytes = new Uint8Array(offsets[parts.length]!);
  parts.forEach((p, i) => bytes.set(p, offsets[i]!));
  return utf8Data(bytes, offsets, undefined);
}

/** The predictions as an Arrow table with the version in its schema metadata. */
export function predictionsTable(columns: readonly PredictionColumn[], meta: PredictionsMeta, metadata: Map<string, string> = predictionsMetadata(meta)): Table {
  const n = rowCount(columns);
  const fields: Field[] = [];
  const data: Data[] = [];
  const add = (name: string, d: Data) => {
    fields.push(new Field(name, d.type as DataType, false));
    data.push(d);
  };
  add('row', makeData({ type: new Int32(), length: n, data: Int32Array.from({ length: n }, (_, i) => i + 1) }));
  for (const c of columns) {
    if (c.kind === 'numeric') add(c.column, makeData({ type: new Float64(), length: n, data: Float64Array.from(c.values) }));
    else add(c.column, textData(c.values));
  }
  add(MODEL_VERSION_COLUMN, textData(new Array<string>(n).fill(meta.versionId)));
  const schema = new Schema(fields, metadata);
  const struct = makeData({ type: new Struct(fields), length: n, nullCount: 0, children: data });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}

/** The file's bytes in `format`. */
export async function predictionsFile(columns: readonly PredictionColumn[], meta: PredictionsMeta, format: PredictionsFormat): Promise<Uint8Array> {
  switch (format) {
    case 'csv':
      return new TextEncoder().encode(predictionsCsv(columns, meta));
    case 'arrow':
      return tableToIPC(predictionsTable(columns, meta), 'file');
    case 'parquet': {
      // arrow-rs keeps schema and file metadata in hash maps, so several keys come out in a different
      // order each time: one key keeps the bytes reproducible.
      const ipc = tableToIPC(predictionsTable(columns, meta, new Map([['benchtop.model_version', meta.versionId]])), 'stream');
      return encodeParquet(ipc, {}, (reason) => benchtopError('monitor_input_invalid', { field: 'predictions file', reason: `Parquet could not be written: ${reason}` }));
    }
  }
}
