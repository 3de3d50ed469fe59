/**
 * Dates and timestamps read from UTF-8 bytes (trimmed bounds in), for inference and for building
 * datetime columns without a string per cell. Accepted forms (each with an optional time
 * `[T ]HH:MM[:SS[.fff]]` and, with a time, a zone `Z`, `±HH`, `±HHMM` or `±HH:MM`):
 * - ISO-like `YYYY-MM-DD` / `YYYY/MM/DD` (one- or two-digit month and day): what parseDatetime reads;
 * - day-first with dots `DD.MM.YYYY`;
 * - year-last with '/' or '-' `AA/BB/YYYY`: month-first or day-first, decided per column;
 * - English month names `Jan 5 2020`, `January 5, 2020`, `5 Jan 2020`, `5-Jan-2020`.
 * Text without a zone is UTC, as in parseDatetime.
 */

/** An unambiguous form (ISO, dotted day-first, month name) that names a real date and time. */
export const DATE_FIXED = 1;
/** A year-last form that is a real date when read month-first. */
export const DATE_MONTH_FIRST = 2;
/** A year-last form that is a real date when read day-first. */
export const DATE_DAY_FIRST = 4;

/** Flags of the last parseDatetimeBytes call. */
export const datetimeScan = { flags: 0 };

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const validDate = (y: number, m: number, d: number): boolean =>
  m >= 1 && m <= 12 && d >= 1 && d <= DAYS[m - 1]! && !(m === 2 && d === 29 && !isLeap(y));

// Cursor state shared by the helpers below (no allocation per cell).
let buf: Uint8Array = new Uint8Array(0);
let pos = 0;
let end = 0;
// Time of day of the last parsed time part, in ms, and its zone offset in minutes.
let timeMs = 0;
let offsetMinutes = 0;

/** Digits at the cursor (at most `max`), advancing; -1 when fewer than `min`. */
function digits(min: number, max: number): number {
  let v = 0;
  let k = 0;
  while (k < max && pos < end) {
    const c = buf[pos]!;
    if (c < 0x30 || c > 0x39) break;
    v = v * 10 + (c - 0x30);
    pos++;
    k++;
  }
  return k < min ? -1 : v;
}

const peek = (): number => (pos < end ? buf[pos]! : -1);

/** Optional time (and zone) up to the end; false when something else follows the date. */
function timePart(): boolean {
  timeMs = 0;
  offsetMinutes = 0;
  if (pos === end) return true;
  const c = buf[pos]!;
  if (c !== 0x54 && c !== 0x20) return false;
  pos++;
  const hour = digits(2, 2);
  if (hour < 0 || peek() !== 0x3a) return false;
  pos++;
  const minute = digits(2, 2);
  if (minute < 0) return false;
  let second = 0;
  let millis = 0;
  if (peek() === 0x3a) {
    pos++;
    second = digits(2, 2);
    if (second < 0) return false;
    if (peek() === 0x2e) {
      pos++;
      const start = pos;
      const fraction = digits(1, 9);
      if (fraction < 0) return false;
      const n = pos - start;
      // First three digits, padded: '.5' is 500 ms, '.5678' is 567 ms.
      millis = n >= 3 ? Math.floor(fraction / 10 ** (n - 3)) : fraction * 10 ** (3 - n);
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  const z = peek();
  if (z === 0x5a || z === 0x7a) pos++;
  else if (z === 0x2b || z === 0x2d) {
    pos++;
    const oh = digits(2, 2);
    if (oh < 0) return false;
    let om = 0;
    if (peek() === 0x3a) {
      pos++;
      om = digits(2, 2);
      if (om < 0) return false;
    } else if (pos < end) {
      om = digits(2, 2);
      if (om < 0) return false;
    }
    if (oh > 23 || om > 59) return false;
    offsetMinutes = (z === 0x2d ? -1 : 1) * (oh * 60 + om);
  }
  if (pos !== end) return false;
  timeMs = ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  return true;
}

/** Month number from an English name or three-letter abbreviation at the cursor, or -1 (no allocation: runs on every text cell). */
function monthName(): number {
  const start = pos;
  while (pos < end && (buf[pos]! | 0x20) >= 0x61 && (buf[pos]! | 0x20) <= 0x7a) pos++;
  const n = pos - start;
  if (n < 3 || n > 9) return -1;
  const names = n === 3 ? MONTHS : MONTH_NAMES;
  outer: for (let m = 0; m < 12; m++) {
    const name = names[m]!;
    if (name.length !== n) continue;
    for (let k = 0; k < n; k++) if ((buf[start + k]! | 0x20) !== name.charCodeAt(k)) continue outer;
    return m + 1;
  }
  return -1;
}

function skipSpaces(): number {
  const start = pos;
  while (pos < end && buf[pos] === 0x20) pos++;
  return pos - start;
}

/** Set by parseDatetimeBytes when only the flags are wanted: skip the calendar arithmetic. */
let flagsOnly = false;

function millisOf(year: number, month: number, day: number): number {
  if (flagsOnly) return 0;
  let ms = Date.UTC(year, month - 1, day);
  // Date.UTC maps years 0..99 to 1900..1999.
  if (year < 100) ms = new Date(ms).setUTCFullYear(year);
  return ms + timeMs - offsetMinutes * 60_000;
}

/**
 * Epoch ms (UTC) of the date in bytes[start, end), reading a year-last form month-first unless
 * `dayFirst`; NaN when it is not a date in that reading. Sets datetimeScan.flags to every reading
 * that works, so one call gives inference all its evidence; with `onlyFlags` a valid date
 * returns 0 instead of its epoch ms (cheaper).
 */
export function parseDatetimeBytes(bytes: Uint8Array, start: number, stop: number, dayFirst: boolean, onlyFlags = false): number {
  datetimeScan.flags = 0;
  flagsOnly = onlyFlags;
  buf = bytes;
  pos = start;
  end = stop;
  const first = peek();
  if (first < 0) return NaN;
  if (first >= 0x30 && first <= 0x39) {
    const a = digits(1, 4);
    const na = pos - start;
    const sep = peek();
    if (na === 4) {
      // YYYY-MM-DD or YYYY/MM/DD
      if (sep !== 0x2d && sep !== 0x2f) return NaN;
      pos++;
      const month = digits(1, 2);
      if (month < 0 || peek() !== sep) return NaN;
      pos++;
      const day = digits(1, 2);
      if (day < 0 || !timePart() || !validDate(a, month, day)) return NaN;
      datetimeScan.flags = DATE_FIXED;
      return millisOf(a, month, day);
    }
    if (na > 2) return NaN;
    if (sep === 0x20 || (sep === 0x2d && pos + 1 < end && (buf[pos + 1]! | 0x20) >= 0x61)) {
      // 5 Jan 2020, 5-Jan-2020
      pos++;
      const month = monthName();
      if (month < 0 || peek() !== sep) return NaN;
      pos++;
      const year = digits(4, 4);
      if (year < 0 || !timePart() || !validDate(year, month, a)) return NaN;
      datetimeScan.flags = DATE_FIXED;
      return millisOf(year, month, a);
    }
    if (sep !== 0x2e && sep !== 0x2f && sep !== 0x2d) return NaN;
    pos++;
    const b = digits(1, 2);
    if (b < 0 || peek() !== sep) return NaN;
    pos++;
    const year = digits(4, 4);
    if (year < 0 || !timePart()) return NaN;
    if (sep === 0x2e) {
      if (!validDate(year, b, a)) return NaN;
      datetimeScan.flags = DATE_FIXED;
      return millisOf(year, b, a);
    }
    const monthFirst = validDate(year, a, b);
    const dayFirstOk = validDate(year, b, a);
    datetimeScan.flags = (monthFirst ? DATE_MONTH_FIRST : 0) | (dayFirstOk ? DATE_DAY_FIRST : 0);
    if (dayFirst) return dayFirstOk ? millisOf(year, b, a) : NaN;
    return monthFirst ? millisOf(year, a, b) : NaN;
  }
  // Jan 5 2020, January 5, 2020
  const month = monthName();
  if (month < 0 || skipSpaces() === 0) return NaN;
  const day = digits(1, 2);
  if (day < 0) return NaN;
  if (peek() === 0x2c) pos++;
  if (skipSpaces() === 0) return NaN;
  const year = digits(4, 4);
  if (year < 0 || !timePart() || !validDate(year, month, day)) return NaN;
  datetimeScan.flags = DATE_FIXED;
  return millisOf(year, month, day);
}
