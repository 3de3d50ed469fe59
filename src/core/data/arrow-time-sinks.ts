import { Type } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import { boolData, timestampData } from './arrow-data.ts';
import { count, evidence, isNull, nullsOf, TWO_32, Validity, words64 } from './arrow-sink.ts';
import type { ColumnSink, SinkResult, TypeParams } from './arrow-sink.ts';
import { DistinctNumbers } from './distinct-numbers.ts';

/** The span of JavaScript dates: further out an epoch-ms value is no date at all. */
const MAX_DATE_MS = 8.64e15;

export class BoolSink implements ColumnSink {
  readonly #bits: Uint8Array;
  readonly #validity: Validity;
  readonly #rows: number;
  #at = 0;
  #seen = 0; // bit 1: false seen, bit 2: true seen

  constructor(rows: number) {
    this.#rows = rows;
    this.#bits = new Uint8Array((rows + 7) >> 3);
    this.#validity = new Validity(rows);
  }

  push(data: Data): void {
    const n = data.length;
    // Bool values are bits: Arrow JS does not slice them, so they are read at offset + i.
    const src = data.values as Uint8Array;
    const bitmap = nullsOf(data);
    const base = this.#at;
    for (let i = 0; i < n; i++) {
      if (isNull(bitmap, data.offset, i)) {
        this.#validity.missing++;
        continue;
      }
      const j = data.offset + i;
      const on = (src[j >> 3]! & (1 << (j & 7))) !== 0;
      const row = base + i;
      if (on) this.#bits[row >> 3]! |= 1 << (row & 7);
      this.#seen |= on ? 2 : 1;
      this.#validity.set(row);
    }
    this.#at += n;
  }

  finish(): SinkResult {
    const validity = this.#validity.take();
    const n = this.#rows - this.#validity.missing;
    return {
      data: boolData(this.#bits, this.#rows, validity),
      kind: 'boolean',
      type: 'boolean',
      missing: this.#validity.missing,
      distinct: (this.#seen & 1) + (this.#seen >> 1),
      evidence: evidence(0, 0, n === 0 ? 0 : 1, 0),
      notes: [],
    };
  }
}

/** Date32/Date64/Timestamp in any unit and zone -> epoch milliseconds (UTC instants). */
export class TimeSink implements ColumnSink {
  readonly #millis: Float64Array;
  readonly #validity: Validity;
  readonly #distinct = new DistinctNumbers();
  #at = 0;
  #outOfRange = 0;

  constructor(rows: number) {
    this.#millis = new Float64Array(rows);
    this.#validity = new Validity(rows);
  }

  push(data: Data): void {
    const n = data.length;
    const type = data.type as TypeParams;
    const bitmap = nullsOf(data);
    const base = this.#at;
    const days = type.typeId === Type.Date && type.unit === 0 ? (data.values as Int32Array) : undefined;
    const words = days ? undefined : words64(data);
    // Date64 is in ms; TimeUnit: 0 s, 1 ms, 2 µs, 3 ns.
    const unit = type.typeId === Type.Date ? 1 : (type.unit ?? 1);
    const out = this.#millis;
    const validity = this.#validity;
    const distinct = this.#distinct;
    let missing = 0;
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      if (isNull(bitmap, data.offset, i)) {
        missing++;
        continue;
      }
      const ms = days ? days[i]! * 86_400_000 : toMillis(words![2 * i + 1]!, words![2 * i]! >>> 0, unit);
      if (!(Math.abs(ms) <= MAX_DATE_MS)) {
        outOfRange++;
        continue;
      }
      out[base + i] = ms;
      validity.set(base + i);
      distinct.add(ms);
    }
    validity.missing += missing + outOfRange;
    this.#outOfRange += outOfRange;
    this.#at += n;
  }

  finish(): SinkResult {
    const validity = this.#validity.take();
    const n = this.#millis.length - this.#validity.missing;
    return {
      data: timestampData(this.#millis, validity),
      kind: 'datetime',
      type: 'datetime',
      missing: this.#validity.missing,
      distinct: this.#distinct.size,
      evidence: evidence(0, 0, 0, n === 0 ? 0 : 1),
      notes: this.#outOfRange > 0 ? [`${count(this.#outOfRange, 'date', 'dates')} outside the years −271821..275760 read as missing`] : [],
    };
  }
}

/** Epoch ms (floored) of a signed 64-bit count of `unit`, exact without BigInt. */
function toMillis(hi: number, lo: number, unit: number): number {
  if (unit === 0) return (hi * TWO_32 + lo) * 1000;
  if (unit === 1) return hi * TWO_32 + lo;
  const d = unit === 2 ? 1000 : 1_000_000;
  // 2^32 = a·d + b, so v = hi·a·d + (hi·b + lo) and the second term is exact in a double.
  const a = Math.floor(TWO_32 / d);
  const b = TWO_32 - a * d;
  const r = hi * b + lo;
  let q = Math.floor(r / d);
  const rem = r - q * d;
  if (rem < 0) q--;
  else if (rem >= d) q++;
  return hi * a + q;
}

