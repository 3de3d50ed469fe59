import type { Data, DataType } from 'apache-arrow';
import { benchtopError } from '../errors.ts';
import { boolData, float64Data, timestampData, utf8Data } from './arrow-data.ts';
import { trimEnd, trimStart } from './byte-trim.ts';
import { decodeUtf8 } from './column-accumulator.ts';
import type { ColumnAccumulator } from './column-accumulator.ts';
import { distinctFloat64, distinctUtf8 } from './distinct-count.ts';
import { isCategorical } from './infer-rules.ts';
import { parseBooleanBytes } from './parse-boolean-bytes.ts';
import { parseDatetimeBytes } from './parse-datetime-bytes.ts';
import type { ColumnInfo, ColumnKind, InferredType, MissingTokenCount, TypeEvidence } from './types.ts';

/** How to read dates like 03/04/2020 when every value of a column reads both ways. */
export type DateOrder = 'month-first' | 'day-first';

export interface FinishOptions {
  /** Text of rows [0, acc.textStart), re-read after the column stopped being numeric. */
  prefix?: ColumnAccumulator;
  /** Reading of ambiguous year-last dates; month-first (with a note) when absent. */
  dateOrder?: DateOrder;
}

export interface FinishedColumn {
  info: ColumnInfo;
  data: Data<DataType>;
  /** Human notes about this column (precision, date order). */
  notes: string[];
}

/** Share of distinct values (and of code-like values) above which a column reads as keys. */
const IDENTIFIER_SHARE = 0.95;
/** Fewer values than this say nothing about being a key. */
const IDENTIFIER_MIN_VALUES = 3;
const ID_NAME = /(?:^|[^a-z])(?:id|key|idx|index|uuid|guid)$/i;
const CAMEL_ID_NAME = /[a-z0-9](?:Id|ID|Key|Uuid|UUID)$/;

interface Text {
  bytes: Uint8Array;
  offsets: Int32Array;
}

/**
 * Decide a column's kind (or take the forced one), check every value against it, and build its
 * Arrow data and ColumnInfo with type, confidence and evidence. Inference rules, in order:
 * numeric (every value a plain number; no leading-zero codes, no integers beyond 2^53) ->
 * boolean (true/false words, 0/1 allowed beside them) -> datetime (every value a date in one
 * reading) -> categorical (few distinct labels, see isCategorical) -> text.
 */
export function finishColumn(name: string, acc: ColumnAccumulator, opts: FinishOptions = {}): FinishedColumn {
  const n = acc.nonMissing;
  const notes: string[] = [];
  const validity = acc.validity();
  if (acc.forced === 'numeric' && acc.mismatch)
    throw benchtopError('column_kind_mismatch', { column: name, kind: 'numeric', row: acc.mismatch.row, value: acc.mismatch.text });

  const monthFirst = acc.datesFixed + acc.datesMonthFirst;
  const dayFirst = acc.datesFixed + acc.datesDayFirst;
  let text: Text | undefined;
  let textDistinct = -1;
  const getText = (): Text => (text ??= takeText(acc, opts.prefix));

  let kind = acc.forced;
  if (!kind) {
    if (n === 0) kind = 'text';
    else if (acc.numeric) kind = 'numeric';
    else if (acc.booleans === n && acc.booleanWord) kind = 'boolean';
    else if (monthFirst === n || dayFirst === n) kind = 'datetime';
    else {
      const t = getText();
      textDistinct = distinctUtf8(t.bytes, t.offsets, validity);
      kind = isCategorical(textDistinct, n) ? 'categorical' : 'text';
    }
  }

  let data: Data<DataType>;
  let distinct: number;
  switch (kind) {
    case 'numeric': {
      const values = acc.takeFloats();
      data = float64Data(values, validity);
      distinct = distinctFloat64(values, validity);
      break;
    }
    case 'boolean': {
      const t = getText();
      const bits = new Uint8Array((acc.rows + 7) >> 3);
      let seen = 0;
      forEachValue(t, validity, (buf, s, e, i) => {
        const b = parseBooleanBytes(buf, s, e);
        if (b < 0) throw mismatch(name, kind!, i, buf, t.offsets);
        if (b === 1) bits[i >> 3]! |= 1 << (i & 7);
        seen |= b === 1 ? 2 : 1;
      });
      data = boolData(bits, acc.rows, validity);
      distinct = (seen & 1) + (seen >> 1);
      break;
    }
    case 'datetime': {
      const t = getText();
      const readDayFirst = chooseDayFirst(acc, monthFirst, dayFirst, opts.dateOrder);
      if (readDayFirst === undefined && opts.dateOrder === undefined)
        notes.push(
          `Column "${name}": every date like 03/04/2020 reads both month-first and day-first; it was read month-first (March 4). Choose day-first if the file is from a day-first locale.`,
        );
      const millis = new Float64Array(acc.rows);
      const dayFirstReading = readDayFirst ?? opts.dateOrder === 'day-first';
      forEachValue(t, validity, (buf, s, e, i) => {
        const ms = parseDatetimeBytes(buf, s, e, dayFirstReading);
        if (ms !== ms) throw mismatch(name, kind!, i, buf, t.offsets);
        millis[i] = ms;
      });
      data = timestampData(millis, validity);
      distinct = distinctFloat64(millis, validity);
      break;
    }
    case 'categorical':
    case 'text': {
      const t = getText();
      data = utf8Data(t.bytes, t.offsets, validity);
      distinct = textDistinct >= 0 ? textDistinct : distinctUtf8(t.bytes, t.offsets, validity);
      break;
    }
  }

  if (acc.firstUnsafe) {
    const example = `row ${acc.firstUnsafe.row}: ${acc.firstUnsafe.text}`;
    if (kind === 'numeric')
      notes.push(`Column "${name}" holds integers beyond 2^53 (${example}); as numbers they are rounded to the nearest float64 and lose their last digits.`);
    else if (!acc.forced)
      notes.push(
        `Column "${name}" holds integers beyond 2^53 (${example}) that a float64 cannot hold exactly, so it was kept as text and no digit is lost. Force it to numeric if approximate values are fine.`,
      );
  }

  const evidence: TypeEvidence = {
    numeric: share(acc.numbers, n),
    integer: share(acc.integers, n),
    boolean: share(acc.booleans, n),
    datetime: share(Math.max(monthFirst, dayFirst), n),
  };
  const { type, confidence } = typeOf(name, kind, acc, evidence, distinct, text, validity);
  const info: ColumnInfo = {
    name,
    kind,
    missing: acc.nullCount,
    distinct,
    type,
    confidence: acc.forced ? 1 : confidence,
    evidence,
    missingTokens: missingTokens(acc),
  };
  if (acc.forced) info.overridden = true;
  return { info, data, notes };
}

const share = (count: number, n: number): number => (n === 0 ? 0 : count / n);

/** true = day-first, false = month-first, undefined = every value reads both ways (ambiguous). */
function chooseDayFirst(acc: ColumnAccumulator, monthFirst: number, dayFirst: number, order: DateOrder | undefined): boolean | undefined {
  const n = acc.nonMissing;
  if (monthFirst === n && dayFirst === n && acc.datesMonthFirst > 0) return order === undefined ? undefined : order === 'day-first';
  if (monthFirst === n) return false;
  if (dayFirst === n) return true;
  // A forced datetime column that fits neither reading: the better one names the bad row.
  return dayFirst > monthFirst;
}

function typeOf(
  name: string,
  kind: ColumnKind,
  acc: ColumnAccumulator,
  evidence: TypeEvidence,
  distinct: number,
  text: Text | undefined,
  validity: Uint8Array | undefined,
): { type: InferredType; confidence: number } {
  const n = acc.nonMissing;
  switch (kind) {
    case 'numeric': {
      const integer = n > 0 && acc.integers === n;
      if (integer && distinct === n && n >= IDENTIFIER_MIN_VALUES && (ID_NAME.test(name) || CAMEL_ID_NAME.test(name)))
        return { type: 'identifier', confidence: 1 };
      return integer ? { type: 'integer', confidence: evidence.integer } : { type: 'float', confidence: evidence.numeric };
    }
    case 'boolean':
      return { type: 'boolean', confidence: evidence.boolean };
    case 'datetime':
      return { type: 'datetime', confidence: evidence.datetime };
    case 'categorical':
      return { type: 'categorical', confidence: n === 0 ? 0 : 1 };
    case 'text': {
      if (n >= IDENTIFIER_MIN_VALUES && text && distinct >= IDENTIFIER_SHARE * n) {
        const codes = codeLike(text, validity);
        if (codes >= IDENTIFIER_SHARE * n) return { type: 'identifier', confidence: Math.min(distinct, codes) / n };
      }
      return { type: 'text', confidence: n === 0 ? 0 : 1 };
    }
  }
}

/**
 * Values that look like keys: 1–64 bytes, no whitespace, no comma (decimal-comma numbers are
 * not keys), at least one digit ('A-1001', UUIDs, 64-bit ids).
 */
function codeLike(text: Text, validity: Uint8Array | undefined): number {
  let count = 0;
  forEachValue(text, validity, (buf, s, e) => {
    if (e - s < 1 || e - s > 64) return;
    let digit = false;
    for (let k = s; k < e; k++) {
      const c = buf[k]!;
      if (c <= 0x20 || c === 0x2c) return;
      if (c >= 0x30 && c <= 0x39) digit = true;
    }
    if (digit) count++;
  });
  return count;
}

function missingTokens(acc: ColumnAccumulator): MissingTokenCount[] {
  const out: MissingTokenCount[] = [];
  acc.tokens.tokens.forEach((token, t) => {
    const count = acc.tokenCounts[t]!;
    if (count > 0) out.push({ token, count });
  });
  return out.sort((a, b) => b.count - a.count);
}

/** Every present value's trimmed bytes with its row. */
function forEachValue(text: Text, validity: Uint8Array | undefined, fn: (buf: Uint8Array, start: number, end: number, row: number) => void): void {
  const { bytes, offsets } = text;
  const n = offsets.length - 1;
  for (let i = 0; i < n; i++) {
    if (validity && (validity[i >> 3]! & (1 << (i & 7))) === 0) continue;
    const s = trimStart(bytes, offsets[i]!, offsets[i + 1]!);
    fn(bytes, s, trimEnd(bytes, s, offsets[i + 1]!), i);
  }
}

function mismatch(column: string, kind: ColumnKind, row: number, bytes: Uint8Array, offsets: Int32Array): Error {
  return benchtopError('column_kind_mismatch', { column, kind, row: row + 1, value: decodeUtf8(bytes, offsets[row]!, offsets[row + 1]!) });
}

/** All rows' text: the replayed prefix (if the column was numeric at first) joined to the rest. */
function takeText(acc: ColumnAccumulator, prefix: ColumnAccumulator | undefined): Text {
  if (acc.numeric) {
    // Still numeric-only storage: every row missing (a column with no values is text).
    acc.takeFloats();
    return { bytes: new Uint8Array(0), offsets: new Int32Array(acc.rows + 1) };
  }
  if (acc.textStart === 0) return acc.takeText();
  if (!prefix || prefix.rows < acc.textStart) throw new Error(`internal: column text before row ${acc.textStart} was not re-read`);
  const head = prefix.takeText();
  const headRows = acc.textStart;
  const headBytes = head.offsets[headRows]!;
  const tail = acc.takeText(headBytes);
  const bytes = new Uint8Array(headBytes + tail.bytes.length);
  bytes.set(head.bytes.subarray(0, headBytes));
  bytes.set(tail.bytes, headBytes);
  const offsets = new Int32Array(acc.rows + 1);
  offsets.set(head.offsets.subarray(0, headRows + 1));
  offsets.set(tail.offsets.subarray(1), headRows + 1);
  return { bytes, offsets };
}
