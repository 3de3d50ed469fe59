import { makeVector, Type } from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';
import { float64Data } from './arrow-data.ts';
import { count, evidence, isNull, nullsOf, share, TWO_32, Validity, words64 } from './arrow-sink.ts';
import type { ColumnSink, SinkResult, TypeParams } from './arrow-sink.ts';
import { TextSink } from './arrow-text-sink.ts';
import { DistinctNumbers } from './distinct-numbers.ts';

/**
 * 8–32-bit integers and floats, decimals, times of day and durations -> Float64. NaN and
 * infinities are read as missing (a numeric column holds finite numbers).
 */
export class NumberSink implements ColumnSink {
  readonly #values: Float64Array;
  readonly #validity: Validity;
  readonly #notes: string[];
  readonly #integerSource: boolean;
  readonly #distinct = new DistinctNumbers();
  #at = 0;
  #integers = 0;
  #zeroOne = 0;
  #nonFinite = 0;

  constructor(rows: number, type: DataType, notes: string[] = []) {
    this.#values = new Float64Array(rows);
    this.#validity = new Validity(rows);
    this.#notes = notes;
    this.#integerSource = type.typeId === Type.Int || type.typeId === Type.Time || type.typeId === Type.Duration;
  }

  push(data: Data): void {
    const n = data.length;
    const src = numbersOf(data);
    const bitmap = nullsOf(data);
    const offset = data.offset;
    const out = this.#values;
    const validity = this.#validity;
    const distinct = this.#distinct;
    const checkInteger = !this.#integerSource;
    const base = this.#at;
    // Tallies in locals: this loop runs once per cell.
    let missing = 0;
    let nonFinite = 0;
    let integers = 0;
    let zeroOne = 0;
    for (let i = 0; i < n; i++) {
      if (isNull(bitmap, offset, i)) {
        missing++;
        continue;
      }
      const v = src[i]!;
      if (v - v !== 0) {
        nonFinite++;
        continue;
      }
      out[base + i] = v;
      validity.set(base + i);
      distinct.add(v);
      if (!checkInteger || Number.isInteger(v)) integers++;
      if (v === 0 || v === 1) zeroOne++;
    }
    validity.missing += missing + nonFinite;
    this.#nonFinite += nonFinite;
    this.#integers += integers;
    this.#zeroOne += zeroOne;
    this.#at += n;
  }

  finish(): SinkResult {
    const validity = this.#validity.take();
    const missing = this.#validity.missing;
    const n = this.#values.length - missing;
    const notes = [...this.#notes];
    if (this.#nonFinite > 0) notes.push(`${count(this.#nonFinite, 'NaN or infinite value', 'NaN or infinite values')} read as missing`);
    const integer = n > 0 && this.#integers === n;
    return {
      data: float64Data(this.#values, validity),
      kind: 'numeric',
      type: integer ? 'integer' : 'float',
      missing,
      distinct: this.#distinct.size,
      evidence: evidence(n === 0 ? 0 : 1, share(this.#integers, n), share(this.#zeroOne, n), 0),
      notes,
    };
  }
}

/** A chunk's values as numbers, indexable from 0 (fixed-width Arrow values are already offset). */
function numbersOf(data: Data): ArrayLike<number> {
  const type = data.type as TypeParams;
  const n = data.length;
  switch (type.typeId) {
    case Type.Float:
      return type.precision === 0 ? halfFloats(data.values as Uint16Array, n) : (data.values as Float64Array);
    case Type.Int:
    case Type.Time:
    case Type.Duration:
      if ((type.bitWidth ?? 64) <= 32 && type.typeId !== Type.Duration) return data.values as Int32Array;
      return int64Numbers(words64(data), n, type.isSigned !== false);
    case Type.Decimal:
      return decimals(data.values as Uint32Array, n, (type.bitWidth ?? 128) / 32, type.scale ?? 0);
    default: {
      const vector = makeVector(data);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = Number(vector.get(i) ?? 0);
      return out;
    }
  }
}

function int64Numbers(words: Int32Array, n: number, signed: boolean): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const hi = signed ? words[2 * i + 1]! : words[2 * i + 1]! >>> 0;
    out[i] = hi * TWO_32 + (words[2 * i]! >>> 0);
  }
  return out;
}

function halfFloats(bits: Uint16Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const h = bits[i]!;
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    out[i] =
      exp === 0 ? sign * frac * 2 ** -24 : exp === 31 ? (frac ? NaN : sign * Infinity) : sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  return out;
}

/** Two's-complement little-endian words per value -> value / 10^scale (nearest double). */
function decimals(words: Uint32Array, n: number, stride: number, scale: number): Float64Array {
  const out = new Float64Array(n);
  const divisor = 10 ** scale;
  for (let i = 0; i < n; i++) {
    const at = i * stride;
    const negative = (words[at + stride - 1]! & 0x80000000) !== 0;
    let value = 0;
    // The magnitude of a negative value is its inverted words plus one.
    for (let k = stride - 1; k >= 0; k--) value = value * TWO_32 + (negative ? ~words[at + k]! >>> 0 : words[at + k]!);
    out[i] = (negative ? -(value + 1) : value) / divisor;
  }
  return out;
}

/**
 * Int64/Uint64: kept as Float64 when every value is a safe integer (|v| <= 2^53 - 1); otherwise
 * the column becomes decimal text, so no value silently changes (ids, hashes).
 */
export class Int64Sink implements ColumnSink {
  readonly #words: Int32Array;
  readonly #validity: Validity;
  readonly #signed: boolean;
  readonly #distinct = new DistinctNumbers();
  #at = 0;
  #unsafe = 0;
  #zeroOne = 0;

  constructor(rows: number, signed: boolean) {
    this.#words = new Int32Array(rows * 2);
    this.#validity = new Validity(rows);
    this.#signed = signed;
  }

  push(data: Data): void {
    const n = data.length;
    const src = words64(data);
    const bitmap = nullsOf(data);
    const offset = data.offset;
    const out = this.#words;
    const validity = this.#validity;
    const distinct = this.#distinct;
    const signed = this.#signed;
    const base = this.#at;
    let unsafe = this.#unsafe;
    let zeroOne = 0;
    let missing = 0;
    for (let i = 0; i < n; i++) {
      if (isNull(bitmap, offset, i)) {
        missing++;
        continue;
      }
      const lo = src[2 * i]!;
      const hi = src[2 * i + 1]!;
      out[2 * (base + i)] = lo;
      out[2 * (base + i) + 1] = hi;
      validity.set(base + i);
      const v = (signed ? hi : hi >>> 0) * TWO_32 + (lo >>> 0);
      if (!(v <= Number.MAX_SAFE_INTEGER && v >= -Number.MAX_SAFE_INTEGER)) unsafe++;
      else {
        if (v === 0 || v === 1) zeroOne++;
        // Distinct numbers only matter while the column can stay numeric.
        if (unsafe === 0) distinct.add(v);
      }
    }
    validity.missing += missing;
    this.#unsafe = unsafe;
    this.#zeroOne += zeroOne;
    this.#at += n;
  }

  finish(): SinkResult {
    const rows = this.#words.length / 2;
    const validity = this.#validity.take();
    const missing = this.#validity.missing;
    const n = rows - missing;
    if (this.#unsafe === 0) {
      // Same 8 bytes per row: convert in place (each slot is read before it is overwritten).
      const words = this.#words;
      const values = new Float64Array(words.buffer, 0, rows);
      for (let i = 0; i < rows; i++) {
        const hi = this.#signed ? words[2 * i + 1]! : words[2 * i + 1]! >>> 0;
        values[i] = hi * TWO_32 + (words[2 * i]! >>> 0);
      }
      return {
        data: float64Data(values, validity),
        kind: 'numeric',
        type: 'integer',
        missing,
        distinct: this.#distinct.size,
        evidence: evidence(n === 0 ? 0 : 1, n === 0 ? 0 : 1, share(this.#zeroOne, n), 0),
        notes: [],
      };
    }
    const big = this.#signed ? new BigInt64Array(this.#words.buffer) : new BigUint64Array(this.#words.buffer);
    const text = new TextSink(rows);
    let example = '';
    for (let i = 0; i < rows; i++) {
      if (validity && (validity[i >> 3]! & (1 << (i & 7))) === 0) text.pushString(null);
      else {
        const s = big[i]!.toString();
        if (!example && (big[i]! > BigInt(Number.MAX_SAFE_INTEGER) || big[i]! < -BigInt(Number.MAX_SAFE_INTEGER))) example = s;
        text.pushString(s);
      }
    }
    const result = text.finish({ identifierIfUnique: true });
    return {
      ...result,
      evidence: evidence(1, 1, share(this.#zeroOne, n), 0),
      notes: [
        `${count(this.#unsafe, 'integer lies', 'integers lie')} beyond ±2^53 (e.g. ${example}), where numbers lose digits: the column is kept as exact text`,
      ],
    };
  }
}

