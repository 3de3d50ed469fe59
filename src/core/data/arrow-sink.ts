/**
 * Column sinks: each takes one Arrow column's chunks (in row order, any chunking) of one source
 * type and writes Benchtop's canonical column for it into buffers sized for the whole table:
 * Float64 for numbers, Bool, Timestamp(ms, UTC) for dates and times, Utf8 for text. Null slots
 * stay zero, so equal data gives equal bytes however the source was chunked or encoded.
 * This module holds what every sink shares; the sinks are in arrow-*-sink(s).ts.
 */
import type { Data, DataType } from 'apache-arrow';
import type { ColumnKind, InferredType, TypeEvidence } from './types.ts';

export interface SinkResult {
  data: Data<DataType>;
  kind: ColumnKind;
  type: InferredType;
  missing: number;
  distinct: number;
  evidence: TypeEvidence;
  /** Plain-language notes on what was changed to fit (precision, units, JSON text). */
  notes: string[];
}

export interface ColumnSink {
  push(data: Data): void;
  finish(): SinkResult;
}

export const TWO_32 = 4294967296;

/** The parameters the Arrow JS type classes carry, read after a typeId check. */
export type TypeParams = DataType & {
  bitWidth?: number;
  isSigned?: boolean;
  precision?: number;
  scale?: number;
  unit?: number;
  dictionary?: DataType;
};

export const isNull = (bitmap: Uint8Array | undefined, offset: number, i: number): boolean =>
  bitmap !== undefined && (bitmap[(offset + i) >> 3]! & (1 << ((offset + i) & 7))) === 0;

/** The source bitmap, or undefined when the chunk has no nulls. */
export const nullsOf = (data: Data): Uint8Array | undefined =>
  data.nullCount > 0 && data.nullBitmap && data.nullBitmap.length > 0 ? data.nullBitmap : undefined;

export const evidence = (numeric: number, integer: number, boolean: number, datetime: number): TypeEvidence => ({
  numeric,
  integer,
  boolean,
  datetime,
});

/** Output validity: one bit per row, set when present; dropped when nothing is missing. */
export class Validity {
  readonly bits: Uint8Array;
  missing = 0;
  constructor(rows: number) {
    this.bits = new Uint8Array((rows + 7) >> 3);
  }
  set(row: number): void {
    this.bits[row >> 3]! |= 1 << (row & 7);
  }
  take(): Uint8Array | undefined {
    return this.missing === 0 ? undefined : this.bits;
  }
}

/** Int32 halves (little-endian) of a 64-bit chunk's values, already at the chunk's offset. */
export function words64(data: Data): Int32Array {
  const v = data.values as BigInt64Array | BigUint64Array | Int32Array;
  return new Int32Array(v.buffer, v.byteOffset, data.length * 2);
}

/** count / n, or 0 when there are no values. */
export const share = (count: number, n: number): number => (n === 0 ? 0 : count / n);

/** '1 value', '3 values'. */
export const count = (n: number, one: string, many: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
