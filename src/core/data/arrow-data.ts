import { Bool, Field, Float64, makeData, RecordBatch, Schema, Struct, Table, TimestampMillisecond, Utf8 } from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';
import type { ColumnKind } from './types.ts';

/** Field metadata key holding the ColumnKind, so a table that crosses as IPC bytes keeps its kinds. */
export const KIND_METADATA_KEY = 'benchtop:kind';

/**
 * Arrow column data from finished buffers. Every reader goes through these, in the layout the
 * first buildTable wrote: exact-length buffers, zeros in null slots, and no validity bitmap when
 * nothing is missing, so equal data always gives equal IPC bytes (and fingerprints).
 */
const nulls = (length: number, validity: Uint8Array | undefined): number => {
  if (!validity) return 0;
  let present = 0;
  for (let i = 0; i < length; i++) if ((validity[i >> 3]! & (1 << (i & 7))) !== 0) present++;
  return length - present;
};

export function float64Data(values: Float64Array, validity: Uint8Array | undefined): Data<Float64> {
  const length = values.length;
  return makeData({ type: new Float64(), length, nullCount: nulls(length, validity), data: values, nullBitmap: validity });
}

export function utf8Data(bytes: Uint8Array, offsets: Int32Array, validity: Uint8Array | undefined): Data<Utf8> {
  const length = offsets.length - 1;
  return makeData({ type: new Utf8(), length, nullCount: nulls(length, validity), data: bytes, valueOffsets: offsets, nullBitmap: validity });
}

/** `bits`: one bit per row, LSB first, set for true. */
export function boolData(bits: Uint8Array, length: number, validity: Uint8Array | undefined): Data<Bool> {
  return makeData({ type: new Bool(), length, nullCount: nulls(length, validity), data: bits, nullBitmap: validity });
}

/** Epoch milliseconds (integers; 0 where missing) as Timestamp(ms, 'UTC'). */
export function timestampData(millis: Float64Array, validity: Uint8Array | undefined): Data<TimestampMillisecond> {
  const length = millis.length;
  const data = new BigInt64Array(length);
  // Two int32 halves per value (little-endian, as Arrow JS assumes) instead of a BigInt per cell.
  const halves = new Int32Array(data.buffer);
  for (let i = 0; i < length; i++) {
    const ms = millis[i]!;
    const high = Math.floor(ms / 4294967296);
    halves[2 * i] = ms - high * 4294967296;
    halves[2 * i + 1] = high;
  }
  return makeData({ type: new TimestampMillisecond('UTC'), length, nullCount: nulls(length, validity), data, nullBitmap: validity });
}

/** One record batch, one field per column (kind in the field metadata), columns in order. */
export function assembleTable(names: readonly string[], kinds: readonly ColumnKind[], columns: readonly Data<DataType>[], rows: number): Table {
  const fields = columns.map((data, j) => new Field(names[j]!, data.type, true, new Map([[KIND_METADATA_KEY, kinds[j]!]])));
  const schema = new Schema(fields);
  const struct = makeData({ type: new Struct(fields), length: rows, nullCount: 0, children: [...columns] });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}
