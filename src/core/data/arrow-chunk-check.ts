import { Type } from 'apache-arrow';
import type { Data } from 'apache-arrow';

/**
 * Why an Arrow column chunk cannot be read, or undefined when its buffers are long enough for
 * the length it claims. Damaged IPC can pair a huge length with small buffers; the sinks size
 * their output by length, so this runs before any of them allocates.
 */
export function chunkProblem(data: Data, depth = 0): string | undefined {
  if (depth > 32) return 'types nest too deeply';
  const { length, offset } = data;
  if (!(Number.isSafeInteger(length) && length >= 0 && Number.isSafeInteger(offset) && offset >= 0)) return 'a chunk has an impossible length';
  const bitmap = data.nullBitmap;
  if (data.nullCount > 0 && bitmap && bitmap.length > 0 && bitmap.length * 8 < offset + length) return 'a validity bitmap is shorter than its column';
  const values = data.values as ArrayLike<unknown> | undefined;
  switch (data.type.typeId) {
    case Type.Null:
      return undefined;
    case Type.Bool:
      return (values?.length ?? 0) * 8 < offset + length ? 'a boolean buffer is shorter than its column' : undefined;
    case Type.Int:
    case Type.Float:
    case Type.Date:
    case Type.Timestamp:
    case Type.Time:
    case Type.Duration:
    case Type.Decimal:
    case Type.FixedSizeBinary:
    case Type.Interval:
      // Fixed-width values are already sliced to the chunk.
      return (values?.length ?? 0) < length * (data.stride || 1) ? 'a value buffer is shorter than its column' : undefined;
    case Type.Utf8:
    case Type.Binary:
    case Type.LargeUtf8:
    case Type.LargeBinary:
      return offsetsProblem(data.valueOffsets as ArrayLike<number | bigint> | undefined, length, values?.length ?? 0);
    case Type.List:
    case Type.LargeList:
    case Type.Map: {
      const child = data.children[0];
      return offsetsProblem(data.valueOffsets as ArrayLike<number | bigint> | undefined, length, child?.length ?? 0) ?? (child && chunkProblem(child, depth + 1));
    }
    case Type.FixedSizeList: {
      const child = data.children[0];
      if (!child || child.length < (offset + length) * (data.stride || 1)) return 'a list column is shorter than it claims';
      return chunkProblem(child, depth + 1);
    }
    case Type.Struct:
      for (const child of data.children) {
        if (child.length < offset + length) return 'a struct field is shorter than its column';
        const problem = chunkProblem(child, depth + 1);
        if (problem) return problem;
      }
      return undefined;
    case Type.Dictionary: {
      if ((values?.length ?? 0) < length) return 'a dictionary index buffer is shorter than its column';
      for (const chunk of data.dictionary?.data ?? []) {
        const problem = chunkProblem(chunk, depth + 1);
        if (problem) return problem;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Offsets (already sliced to the chunk) must be length + 1, rising, and within `limit`. */
function offsetsProblem(offsets: ArrayLike<number | bigint> | undefined, length: number, limit: number): string | undefined {
  if (!offsets || offsets.length < length + 1) return 'an offset buffer is shorter than its column';
  // 64-bit offsets are read as int32 halves: no BigInt per row.
  const wide = offsets instanceof BigInt64Array ? new Int32Array(offsets.buffer, offsets.byteOffset, 2 * (length + 1)) : undefined;
  const at = (i: number): number => (wide ? wide[2 * i + 1]! * 4294967296 + (wide[2 * i]! >>> 0) : (offsets[i] as number));
  let previous = at(0);
  if (previous < 0) return 'an offset is negative';
  for (let i = 1; i <= length; i++) {
    const next = at(i);
    if (!(next >= previous)) return 'offsets go backwards';
    previous = next;
  }
  return previous > limit ? 'an offset points past its data' : undefined;
}
