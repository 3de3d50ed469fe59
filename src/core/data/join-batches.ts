/**
 * Record batches (or a sliced batch) joined into one batch whose column buffers are laid out
 * exactly as buildTable lays them out: exact lengths, zero offsets, no validity bitmap without
 * nulls. Equal data then gives equal IPC bytes, so a table keeps its fingerprint however it was
 * chunked (stored versions) or sliced.
 */
import { Bool, Data, DataType, makeData, RecordBatch, Struct, Table, Type, Utf8 } from 'apache-arrow';

/** The table as one canonical batch, or null when a column's type cannot be joined exactly (nested, dictionary, large offsets). */
export function joinBatches(table: Table): Table | null {
  const schema = table.schema;
  const batches = table.batches;
  const children: Data[] = [];
  for (let j = 0; j < schema.fields.length; j++) {
    const joined = joinColumn(schema.fields[j]!.type, batches.map((b) => b.data.children[j]!));
    if (!joined) return null;
    children.push(joined);
  }
  const struct = makeData({ type: new Struct(schema.fields), length: table.numRows, nullCount: 0, children });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}

/** Validity of all parts as one bitmap, or undefined when nothing is null. */
function joinValidity(parts: readonly Data[], length: number): { nullBitmap: Uint8Array | undefined; nullCount: number } {
  const nullCount = parts.reduce((s, d) => s + d.nullCount, 0);
  if (nullCount === 0) return { nullBitmap: undefined, nullCount };
  const bitmap = new Uint8Array((length + 7) >> 3);
  let at = 0;
  for (const d of parts) {
    for (let i = 0; i < d.length; i++, at++) if (d.getValid(i)) bitmap[at >> 3]! |= 1 << (at & 7);
  }
  return { nullBitmap: bitmap, nullCount };
}

type TypedArrayCtor = new (length: number) => { set(a: ArrayLike<number> | ArrayLike<bigint>, offset?: number): void; subarray(a: number, b: number): ArrayLike<number> };

/** One Data of `type` from consecutive parts, or null for types joined generically (nested, dictionary, large offsets). */
function joinColumn(type: DataType, parts: readonly Data[]): Data | null {
  const length = parts.reduce((s, d) => s + d.length, 0);
  const { nullBitmap, nullCount } = joinValidity(parts, length);
  switch (type.typeId) {
    case Type.Bool: {
      const data = new Uint8Array((length + 7) >> 3);
      let at = 0;
      for (const d of parts) {
        const bits = d.values as Uint8Array;
        for (let i = 0; i < d.length; i++, at++) {
          const bit = d.offset + i;
          if ((bits[bit >> 3]! >> (bit & 7)) & 1) data[at >> 3]! |= 1 << (at & 7);
        }
      }
      return makeData({ type: type as Bool, length, nullCount, nullBitmap, data });
    }
    case Type.Utf8: {
      const valueOffsets = new Int32Array(length + 1);
      let bytes = 0;
      for (const d of parts) bytes += d.valueOffsets[d.length]! - d.valueOffsets[0]!;
      const data = new Uint8Array(bytes);
      let row = 0;
      let byte = 0;
      for (const d of parts) {
        const offsets = d.valueOffsets as Int32Array;
        const base = offsets[0]!;
        data.set((d.values as Uint8Array).subarray(base, offsets[d.length]!), byte);
        for (let i = 1; i <= d.length; i++) valueOffsets[row + i] = byte + offsets[i]! - base;
        row += d.length;
        byte += offsets[d.length]! - base;
      }
      return makeData({ type: type as Utf8, length, nullCount, nullBitmap, data, valueOffsets });
    }
    case Type.Int:
    case Type.Float:
    case Type.Timestamp:
    case Type.Date:
    case Type.Time:
    case Type.Duration: {
      const first = parts[0]!;
      const stride = first.stride;
      const Ctor = (first.values as object).constructor as TypedArrayCtor;
      const data = new Ctor(length * stride);
      let at = 0;
      for (const d of parts) {
        // Fixed-width values are already sliced to the part's offset.
        data.set(d.values.subarray(0, d.length * stride), at * stride);
        at += d.length;
      }
      return makeData({ type, length, nullCount, nullBitmap, data } as Parameters<typeof makeData>[0]);
    }
    default:
      return null;
  }
}

/**
 * True when `data` already has the joined layout: unsliced, buffers of exactly the length its
 * rows need, no validity bitmap without nulls. Builders over-allocate, so a table made by
 * vectorFromArray is not exact even when unsliced. Types the joiner does not handle count as
 * exact when unsliced (they are rebuilt only when sliced or chunked).
 */
export function isExactLayout(data: Data): boolean {
  if (data.offset !== 0) return false;
  const n = data.length;
  const bitmapOk = data.nullCount === 0 ? !data.nullBitmap || data.nullBitmap.byteLength === 0 : data.nullBitmap?.byteLength === (n + 7) >> 3;
  switch (data.type.typeId) {
    case Type.Bool:
      return bitmapOk && (data.values as Uint8Array).byteLength === (n + 7) >> 3;
    case Type.Utf8: {
      const offsets = data.valueOffsets as Int32Array;
      return bitmapOk && offsets.length === n + 1 && offsets[0] === 0 && (data.values as Uint8Array).byteLength === offsets[n];
    }
    case Type.Int:
    case Type.Float:
    case Type.Timestamp:
    case Type.Date:
    case Type.Time:
    case Type.Duration:
      return bitmapOk && data.values.length === n * data.stride;
    default:
      return data.children.every(isExactLayout);
  }
}
