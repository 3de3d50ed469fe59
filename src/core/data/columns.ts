import { makeVector, Type } from 'apache-arrow';
import type { Table, Vector } from 'apache-arrow';
import { benchtopError } from '../errors.ts';
import { KIND_METADATA_KEY } from './build-table.ts';
import type { ColumnKind, Dataset } from './types.ts';

function column(table: Table, name: string): Vector {
  const j = table.schema.fields.findIndex((f) => f.name === name);
  const v = j < 0 ? null : table.getChildAt(j);
  if (!v) throw benchtopError('column_not_found', { column: name, available: table.schema.fields.map((f) => f.name).join(', ') });
  return v;
}

/**
 * Every cell of a column as a number, for models and statistics: numbers as they are, booleans as
 * 0/1, datetimes as epoch milliseconds, missing as NaN. Label columns throw column_not_numeric
 * (they need an encoding step first).
 */
export function numericValues(table: Table, name: string): Float64Array {
  const vector = column(table, name);
  const type = vector.type;
  const typeId = type.typeId;
  if (typeId !== Type.Float && typeId !== Type.Int && typeId !== Type.Bool && typeId !== Type.Timestamp && typeId !== Type.Date) {
    const field = table.schema.fields.find((f) => f.name === name);
    const kind = field?.metadata.get(KIND_METADATA_KEY) ?? String(type);
    throw benchtopError('column_not_numeric', { column: name, kind });
  }
  const out = new Float64Array(vector.length);
  let at = 0;
  for (const data of vector.data) {
    const n = data.length;
    if (typeId === Type.Float && data.values instanceof Float64Array) {
      // values is already sliced to this chunk; validity needs the offset-aware getValid.
      out.set(data.values.subarray(0, n), at);
      if (data.nullCount > 0) for (let i = 0; i < n; i++) if (!data.getValid(i)) out[at + i] = NaN;
    } else {
      const chunk = makeVector(data);
      for (let i = 0; i < n; i++) {
        const v: unknown = chunk.get(i);
        out[at + i] = v === null || v === undefined ? NaN : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
      }
    }
    at += n;
  }
  return out;
}

/**
 * The canonical text label of every cell, for class labels, grouping and display: numbers via
 * String (3 -> '3', 2.5 -> '2.5'), booleans 'true'/'false', datetimes as ISO 8601 UTC
 * ('2012-01-01T00:00:00.000Z'), text as is, missing as null.
 */
export function labelValues(table: Table, name: string): (string | null)[] {
  const vector = column(table, name);
  const isTimestamp = vector.type.typeId === Type.Timestamp || vector.type.typeId === Type.Date;
  const out: (string | null)[] = new Array<string | null>(vector.length);
  let at = 0;
  for (const data of vector.data) {
    const chunk = makeVector(data);
    for (let i = 0; i < data.length; i++) {
      const v: unknown = chunk.get(i);
      out[at + i] =
        v === null || v === undefined ? null : isTimestamp ? new Date(Number(v)).toISOString() : String(v);
    }
    at += data.length;
  }
  return out;
}

/** The kind Benchtop gave the column (column_not_found when the dataset has no such column). */
export function columnKind(dataset: Dataset, name: string): ColumnKind {
  const info = dataset.columns.find((c) => c.name === name);
  if (!info) throw benchtopError('column_not_found', { column: name, available: dataset.columns.map((c) => c.name).join(', ') });
  return info.kind;
}
