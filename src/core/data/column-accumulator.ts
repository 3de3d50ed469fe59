import { trimEnd, trimStart } from './byte-trim.ts';
import type { MissingTokenMatcher } from './missing-token-matcher.ts';
import { isBooleanWordBytes, parseBooleanBytes } from './parse-boolean-bytes.ts';
import { DATE_DAY_FIRST, DATE_FIXED, DATE_MONTH_FIRST, datetimeScan, parseDatetimeBytes } from './parse-datetime-bytes.ts';
import { LEADING_ZERO, numberScan, POW10, TWO_53, parseNumberBytes, UNSAFE_INTEGER, ZERO_OR_ONE } from './parse-number-bytes.ts';
import { TextStore } from './text-store.ts';
import type { ColumnKind } from './types.ts';

const FLOAT_BLOCK = 1 << 16;

export interface AccumulatorOptions {
  /** Column name, for messages. */
  name?: string;
  /** A kind the user forced: the column is read as it and never inferred. */
  forced?: ColumnKind;
  /** Missing spellings; real nulls (bound start < 0) are missing whatever the tokens. */
  tokens: MissingTokenMatcher;
  /** Skip the type tallies (a replay that only recovers text already tallied). */
  textOnly?: boolean;
}

/**
 * One column as it is read, cell by cell, from UTF-8 bytes: stage two of the CSV reader, and
 * the collector for JSON and string cells. While every value so far is a plain number (and the
 * kind is not forced to something else) it stores only float64 values, the Arrow column itself,
 * with no string and no text bytes per cell. The first value that is not a number (or a
 * leading-zero code, or an integer beyond 2^53) turns it into a text column: from then on it
 * keeps Arrow-Utf8-like storage (bytes + end offsets) and `textStart` says which earlier rows
 * must be re-read for their text (the reader replays them; see readCsvTable).
 *
 * Every cell also feeds the tallies inference reads: how many values parse as numbers,
 * integers, booleans and dates, which missing tokens occurred, and the flags that veto a kind.
 */
export class ColumnAccumulator {
  readonly name: string;
  readonly forced: ColumnKind | undefined;
  readonly tokens: MissingTokenMatcher;
  readonly #tally: boolean;
  /** True while values are stored as float64 only. */
  numeric: boolean;
  /** Cells added. */
  rows = 0;
  /** First row whose text is stored (rows before it were numbers when read). */
  textStart = 0;

  // Tallies over non-missing values.
  nonMissing = 0;
  numbers = 0;
  integers = 0;
  booleans = 0;
  booleanWord = false;
  datesFixed = 0;
  datesMonthFirst = 0;
  datesDayFirst = 0;
  leadingZero = false;
  unsafeIntegers = 0;
  /** 1-based data row of the first integer beyond 2^53, and its text. */
  firstUnsafe: { row: number; text: string } | undefined;
  /** Missing cells per token index (see tokens.tokens). */
  readonly tokenCounts: Int32Array;
  /** First value that does not fit a forced numeric kind: 1-based data row and text. */
  mismatch: { row: number; text: string } | undefined;

  #nulls = new Int32Array(64);
  #nullCount = 0;

  #floatBlocks: Float64Array[] = [];
  #floats: Float64Array = new Float64Array(0);
  #floatPos = 0;

  /** Text of rows [textStart, rows) once the column is not numbers-only. */
  readonly #text: TextStore;

  constructor(opts: AccumulatorOptions) {
    this.name = opts.name ?? '?';
    this.forced = opts.forced;
    this.tokens = opts.tokens;
    this.#tally = !opts.textOnly;
    this.numeric = !opts.textOnly && (opts.forced === undefined || opts.forced === 'numeric');
    this.tokenCounts = new Int32Array(opts.tokens.tokens.length);
    this.#text = new TextStore(this.name);
  }

  /**
   * Expect about `rows` rows in all: a numeric column makes room for them in one block, saving
   * the copies of growing block by block.
   */
  reserve(rows: number): void {
    if (!this.numeric || this.#floatBlocks.length > 0 || this.#floats.length >= rows) return;
    const block = new Float64Array(Math.min(Math.ceil(rows), 1 << 27));
    block.set(this.#floats.subarray(0, this.#floatPos));
    this.#floats = block;
  }

  get nullCount(): number {
    return this.#nullCount;
  }

  /**
   * Add field `column` of `count` records from `bounds` (2 ints per field, `width` fields per
   * record) over `buf`. A start < 0 marks a real null (JSON null, absent key). `values` may hold
   * numbers the splitter already read (NaN where it did not; see CsvSplitter.values).
   */
  addCells(buf: Uint8Array, bounds: Int32Array, column: number, width: number, count: number, values?: Float64Array): void {
    let r = 0;
    if (this.numeric) r = this.#addNumbers(buf, bounds, column, width, count, values);
    if (r < count) this.#addTexts(buf, bounds, column, width, r, count);
  }

  /**
   * Numbers-only storage; returns the record index where the column stopped being numeric. Plain
   * decimals ('-12.5', '7') are read inline (digits up to 2^53 and at most 22 decimals: the
   * mantissa and the power of ten are exact, so one divide gives Number(text)'s double); anything else (spaces,
   * signs, exponents, long mantissas, missing tokens) goes through parseNumberBytes and the token
   * matcher.
   */
  #addNumbers(buf: Uint8Array, bounds: Int32Array, column: number, width: number, count: number, values: Float64Array | undefined): number {
    const tokens = this.tokens;
    const tokensFirst = tokens.hasNumericToken;
    const forcedNumeric = this.forced === 'numeric';
    let floats = this.#floats;
    let pos = this.#floatPos;
    let numbers = 0;
    let integers = 0;
    let booleans = 0;
    let k = column << 1;
    const step = width << 1;
    let r = 0;
    for (; r < count; r++, k += step) {
      if (pos === floats.length) [floats, pos] = this.#roomForFloat(pos);
      if (values !== undefined) {
        const x = values[k >> 1]!;
        if (x === x) {
          floats[pos++] = x;
          numbers++;
          if (x === Math.floor(x)) {
            integers++;
            if ((x === 0 || x === 1) && bounds[k + 1]! - bounds[k]! === 1) booleans++;
          }
          continue;
        }
      }
      const s0 = bounds[k]!;
      const e0 = bounds[k + 1]!;
      if (!tokensFirst && s0 >= 0) {
        let i = s0;
        const negative = buf[i] === 0x2d;
        if (negative) i++;
        const intStart = i;
        // Digits gather in an int32 (nine at a time) and join the float mantissa per nine: a
        // float multiply-add per digit would make a long latency chain.
        let mantissa = 0;
        let chunk = 0;
        let chunkDigits = 0;
        let d = 0;
        while (i < e0 && (d = buf[i]! - 0x30) >= 0 && d <= 9) {
          chunk = chunk * 10 + d;
          if (++chunkDigits === 9) {
            mantissa = mantissa * 1e9 + chunk;
            chunk = 0;
            chunkDigits = 0;
          }
          i++;
        }
        const intDigits = i - intStart;
        let scale = 0;
        if (i < e0 && buf[i] === 0x2e) {
          i++;
          while (i < e0 && (d = buf[i]! - 0x30) >= 0 && d <= 9) {
            chunk = chunk * 10 + d;
            if (++chunkDigits === 9) {
              mantissa = mantissa * 1e9 + chunk;
              chunk = 0;
              chunkDigits = 0;
            }
            i++;
            scale++;
          }
        }
        mantissa = mantissa * POW10[chunkDigits]! + chunk;
        // mantissa < 2^53: every step above was exact.
        if (i === e0 && intDigits + scale > 0 && mantissa < TWO_53 && scale <= 22 && !(intDigits > 1 && buf[intStart] === 0x30)) {
          let x = scale === 0 ? mantissa : mantissa / POW10[scale]!;
          if (negative) x = -x;
          floats[pos++] = x;
          numbers++;
          if (x === Math.floor(x)) integers++;
          // '0' or '1' exactly: also a boolean spelling.
          if (e0 - s0 === 1 && mantissa <= 1) booleans++;
          continue;
        }
      }
      if (s0 < 0) {
        this.#addNull(this.rows + r);
        floats[pos++] = 0;
        continue;
      }
      const s = trimStart(buf, s0, e0);
      const e = trimEnd(buf, s, e0);
      let x = NaN;
      if (!tokensFirst) x = parseNumberBytes(buf, s, e);
      if (x !== x) {
        const t = tokens.match(buf, s, e);
        if (t >= 0) {
          this.tokenCounts[t]!++;
          this.#addNull(this.rows + r);
          floats[pos++] = 0;
          continue;
        }
        if (tokensFirst) x = parseNumberBytes(buf, s, e);
      }
      if (x === x) {
        const flags = numberScan.flags;
        if ((flags & (LEADING_ZERO | UNSAFE_INTEGER)) !== 0 && !forcedNumeric) break;
        floats[pos++] = x;
        numbers++;
        if (Number.isInteger(x)) integers++;
        if ((flags & ZERO_OR_ONE) !== 0) booleans++;
        if ((flags & LEADING_ZERO) !== 0) this.leadingZero = true;
        if ((flags & UNSAFE_INTEGER) !== 0) this.#noteUnsafe(r, buf, s, e);
        continue;
      }
      if (!forcedNumeric) break;
      this.mismatch ??= { row: this.rows + r + 1, text: decodeUtf8(buf, s0, e0) };
      this.nonMissing++;
      floats[pos++] = 0;
    }
    this.#floatPos = pos;
    this.numbers += numbers;
    this.integers += integers;
    this.booleans += booleans;
    this.nonMissing += numbers;
    if (r < count) {
      this.#demote(r);
      return r;
    }
    this.rows += count;
    return count;
  }

  /** Stop storing numbers: rows before record `r` of this batch become a prefix to replay for their text. */
  #demote(r: number): void {
    this.numeric = false;
    this.textStart = this.rows + r;
    this.#floatBlocks = [];
    this.#floats = new Float64Array(0);
    this.#floatPos = 0;
  }

  #addTexts(buf: Uint8Array, bounds: Int32Array, column: number, width: number, from: number, count: number): void {
    const tokens = this.tokens;
    const tally = this.#tally;
    const base = this.rows;
    let k = (from * width + column) << 1;
    const step = width << 1;
    for (let r = from; r < count; r++, k += step) {
      const s0 = bounds[k]!;
      if (s0 < 0) {
        this.#addNull(base + r);
        this.#text.end();
        continue;
      }
      const e0 = bounds[k + 1]!;
      const s = trimStart(buf, s0, e0);
      const e = trimEnd(buf, s, e0);
      const t = tokens.match(buf, s, e);
      if (t >= 0) {
        if (tally) this.tokenCounts[t]!++;
        this.#addNull(base + r);
        this.#text.end();
        continue;
      }
      this.#text.push(buf, s0, e0);
      if (tally) this.#tallyText(buf, s, e, r);
    }
    this.rows = base + count;
  }

  #tallyText(buf: Uint8Array, s: number, e: number, r: number): void {
    this.nonMissing++;
    const x = parseNumberBytes(buf, s, e);
    if (x === x) {
      const flags = numberScan.flags;
      this.numbers++;
      if (Number.isInteger(x)) this.integers++;
      if ((flags & ZERO_OR_ONE) !== 0) this.booleans++;
      if ((flags & LEADING_ZERO) !== 0) this.leadingZero = true;
      if ((flags & UNSAFE_INTEGER) !== 0) this.#noteUnsafe(r, buf, s, e);
      return;
    }
    if (parseBooleanBytes(buf, s, e) >= 0) {
      this.booleans++;
      if (!this.booleanWord && isBooleanWordBytes(buf, s, e)) this.booleanWord = true;
      return;
    }
    // Dates start with a digit or a month name's letter; other text skips the date reader.
    const c = buf[s]! | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || c === 0x6a || c === 0x66 || c === 0x6d || c === 0x61 || c === 0x73 || c === 0x6f || c === 0x6e || c === 0x64)) return;
    parseDatetimeBytes(buf, s, e, false, true);
    const flags = datetimeScan.flags;
    if (flags === 0) return;
    if ((flags & DATE_FIXED) !== 0) this.datesFixed++;
    if ((flags & DATE_MONTH_FIRST) !== 0) this.datesMonthFirst++;
    if ((flags & DATE_DAY_FIRST) !== 0) this.datesDayFirst++;
  }

  #noteUnsafe(r: number, buf: Uint8Array, s: number, e: number): void {
    this.unsafeIntegers++;
    this.firstUnsafe ??= { row: this.rows + r + 1, text: decodeUtf8(buf, s, e) };
  }

  #addNull(row: number): void {
    if (this.#nullCount === this.#nulls.length) {
      const grown = new Int32Array(this.#nulls.length * 2);
      grown.set(this.#nulls);
      this.#nulls = grown;
    }
    this.#nulls[this.#nullCount++] = row;
  }

  /**
   * Room for one more float when the block (filled to `pos`) is full: it doubles up to
   * FLOAT_BLOCK, then a new one starts. Returns the block and the write position.
   */
  #roomForFloat(pos: number): [Float64Array, number] {
    const full = this.#floats;
    if (full.length < FLOAT_BLOCK) {
      this.#floats = new Float64Array(Math.max(256, full.length * 2));
      this.#floats.set(full);
      return [this.#floats, pos];
    }
    this.#floatBlocks.push(full);
    this.#floats = new Float64Array(FLOAT_BLOCK);
    return [this.#floats, 0];
  }

  /**
   * The float64 values (0 where missing), exactly `rows` long. A column that fit its reserved
   * block (see reserve) hands out a view of it instead of a copy. Frees the blocks.
   */
  takeFloats(): Float64Array {
    const last = this.#floats;
    const n = this.rows;
    this.#floats = new Float64Array(0);
    if (this.#floatBlocks.length === 0 && last.length - n <= n / 8) return last.subarray(0, n);
    const out = new Float64Array(n);
    let at = 0;
    for (const block of this.#floatBlocks) {
      out.set(block, at);
      at += block.length;
    }
    out.set(last.subarray(0, this.#floatPos), at);
    this.#floatBlocks = [];
    return out;
  }

  /**
   * The text of rows [textStart, rows) as Arrow Utf8 parts: bytes and rows - textStart + 1
   * offsets starting at `startOffset`. Frees the blocks.
   */
  takeText(startOffset = 0): { bytes: Uint8Array; offsets: Int32Array } {
    return this.#text.take(startOffset);
  }

  /** Arrow validity (bit set = present) or undefined when nothing is missing. */
  validity(): Uint8Array | undefined {
    if (this.#nullCount === 0) return undefined;
    const n = this.rows;
    const bitmap = new Uint8Array((n + 7) >> 3);
    bitmap.fill(0xff);
    // Clear the bits past the end, as Arrow's builders leave them.
    if (n & 7) bitmap[bitmap.length - 1] = (1 << (n & 7)) - 1;
    const nulls = this.#nulls;
    for (let i = 0; i < this.#nullCount; i++) {
      const row = nulls[i]!;
      bitmap[row >> 3]! &= ~(1 << (row & 7));
    }
    return bitmap;
  }
}

const utf8 = new TextDecoder();

/** A cell's text for messages. */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  return utf8.decode(buf.subarray(start, end));
}
