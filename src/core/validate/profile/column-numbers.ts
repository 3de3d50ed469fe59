import { TimeUnit, Type } from 'apache-arrow';
import type { Table, Timestamp } from 'apache-arrow';
import { numericValues } from '../../data/columns.ts';
import { columnVector } from './label-codes.ts';

/**
 * numericValues (NaN = missing; booleans 0/1; datetimes epoch ms), with a fast path for
 * millisecond timestamps: their int64 cells are read as two 32-bit words, which avoids
 * creating a BigInt per cell. Exact for any date a JS Date can hold (|ms| < 2⁵³).
 */
export function columnNumbers(table: Table, name: string): Float64Array {
  const vector = columnVector(table, name);
  const type = vector.type;
  if (type.typeId !== Type.Timestamp || (type as Timestamp).unit !== TimeUnit.MILLISECOND) return numericValues(table, name);
  const out = new Float64Array(vector.length);
  let at = 0;
  for (const data of vector.data) {
    const values: unknown = data.values;
    if (!(values instanceof BigInt64Array) || values.length < data.length) return numericValues(table, name);
    const words = new Int32Array(values.buffer, values.byteOffset, data.length * 2);
    const bitmap = data.nullCount > 0 ? data.nullBitmap : undefined;
    for (let i = 0; i < data.length; i++) {
      const pos = data.offset + i;
      out[at + i] =
        bitmap && ((bitmap[pos >> 3] as number) & (1 << (pos & 7))) === 0
          ? NaN
          : (words[2 * i + 1] as number) * 4294967296 + ((words[2 * i] as number) >>> 0);
    }
    at += data.length;
  }
  return out;
}
