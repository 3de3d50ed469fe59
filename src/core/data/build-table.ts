import { Bool, Field, Float64, makeData, RecordBatch, Schema, Struct, Table, TimestampMillisecond, Utf8 } from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';
import { benchtopError } from '../errors.ts';
import { parseBoolean } from './parse-boolean.ts';
import { parseDatetime } from './parse-datetime.ts';
import { parseNumber } from './parse-number.ts';
import type { RawTable } from './raw-table.ts';
import type { ColumnInfo, ColumnKind } from './types.ts';

/** Field metadata key holding the ColumnKind, so a table that crosses as IPC bytes keeps its kinds. */
export const KIND_METADATA_KEY = 'benchtop:kind';

/**
 * An Arrow table with one column per entry of `columns` (in that order), typed by kind:
 * numeric -> Float64, boolean -> Bool, datetime -> Timestamp(ms, 'UTC'), categorical/text -> Utf8;
 * null for missing. Buffers are filled directly (no per-value builder calls) and null slots hold
 * zeros, so equal data always gives equal bytes (see fingerprintTable).
 */
export function buildTable(raw: RawTable, columns: readonly ColumnInfo[]): Table {
  const length = raw.columns[0]?.length ?? 0;
  const fields: Field[] = [];
  const children: Data[] = [];
  for (const info of columns) {
    const j = raw.names.indexOf(info.name);
    const values = raw.columns[j];
    if (j < 0 || !values) throw benchtopError('column_not_found', { column: info.name, available: raw.names.join(', ') });
    const data = buildColumn(info.name, info.kind, values);
    fields.push(new Field(info.name, data.type, true, new Map([[KIND_METADATA_KEY, info.kind]])));
    children.push(data);
  }
  const schema = new Schema(fields);
  const struct = makeData({ type: new Struct(fields), length, nullCount: 0, children });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}

function buildColumn(name: string, kind: ColumnKind, values: readonly (string | null)[]): Data<DataType> {
  switch (kind) {
    case 'numeric':
      return buildFloat64(name, values);
    case 'boolean':
      return buildBool(name, values);
    case 'datetime':
      return buildTimestamp(name, values);
    case 'categorical':
    case 'text':
      return buildUtf8(values);
  }
}

const mismatch = (column: string, kind: ColumnKind, i: number, value: string): Error =>
  benchtopError('column_kind_mismatch', { column, kind, row: i + 1, value });

/** Validity bitmap (LSB first) or undefined when nothing is missing, as Arrow's own builders leave it. */
function validity(values: readonly (string | null)[]): { bitmap: Uint8Array | undefined; nullCount: number } {
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null) nullCount++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { bitmap: nullCount === 0 ? undefined : bitmap, nullCount };
}

function buildFloat64(name: string, values: readonly (string | null)[]): Data<Float64> {
  const data = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const x = parseNumber(v);
    if (x === null) throw mismatch(name, 'numeric', i, v);
    data[i] = x;
  }
  const { bitmap, nullCount } = validity(values);
  return makeData({ type: new Float64(), length: values.length, nullCount, data, nullBitmap: bitmap });
}

function buildBool(name: string, values: readonly (string | null)[]): Data<Bool> {
  const data = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const b = parseBoolean(v);
    if (b === null) throw mismatch(name, 'boolean', i, v);
    if (b) data[i >> 3]! |= 1 << (i & 7);
  }
  const { bitmap, nullCount } = validity(values);
  return makeData({ type: new Bool(), length: values.length, nullCount, data, nullBitmap: bitmap });
}

function buildTimestamp(name: string, values: readonly (string | null)[]): Data<TimestampMillisecond> {
  const data = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const ms = parseDatetime(v);
    if (ms === null) throw mismatch(name, 'datetime', i, v);
    data[i] = BigInt(ms);
  }
  const { bitmap, nullCount } = validity(values);
  return makeData({ type: new TimestampMillisecond('UTC'), length: values.length, nullCount, data, nullBitmap: bitmap });
}

function buildUtf8(values: readonly (string | null)[]): Data<Utf8> {
  const valueOffsets = new Int32Array(values.length + 1);
  let bytes = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v) bytes += utf8Length(v);
    valueOffsets[i + 1] = bytes;
  }
  const data = new Uint8Array(bytes);
  const encoder = new TextEncoder();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v) encoder.encodeInto(v, data.subarray(valueOffsets[i]));
  }
  const { bitmap, nullCount } = validity(values);
  return makeData({ type: new Utf8(), length: values.length, nullCount, data, valueOffsets, nullBitmap: bitmap });
}

/** Bytes TextEncoder will write for `s` (a lone surrogate becomes U+FFFD: 3 bytes). */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
