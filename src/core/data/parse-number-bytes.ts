/**
 * The byte-level twin of parseNumber: the same grammar (optional sign, digits with an optional
 * point, optional exponent; surrounding whitespace ignored) and bit-identical values, read
 * straight from UTF-8 bytes without making a string for the common case.
 */

/** A leading zero before another digit ('007', '-01'): codes, not quantities. */
export const LEADING_ZERO = 1;
/** No point and no exponent: written as an integer. */
export const INTEGER_FORM = 2;
/** An integer-form value beyond 2^53 in magnitude: a float64 cannot hold it exactly. */
export const UNSAFE_INTEGER = 4;
/** The text is exactly '0' or '1' (after trimming): also a boolean spelling. */
export const ZERO_OR_ONE = 8;

/** Flags of the last parseNumberBytes call (bit set of the constants above). */
export const numberScan = { flags: 0 };

// Exactly representable powers of ten: with an exact mantissa m < 2^53, m * 10^k or m / 10^k
// (|k| <= 22) is one correctly rounded operation, the same double Number(text) gives (Clinger's
// fast path).
export const TWO_53 = 2 ** 53;
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const MAX_SAFE_DIGITS = '9007199254740992';

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

const codes: number[] = [];

/** ASCII bytes -> string (only called on bytes the number grammar accepted: short). */
export function asciiString(buf: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n > 4096) return new TextDecoder('latin1').decode(buf.subarray(start, end));
  codes.length = n;
  for (let i = 0; i < n; i++) codes[i] = buf[start + i]!;
  return String.fromCharCode.apply(null, codes);
}

/**
 * The finite number spelled by buf[start, end) once trimmed — callers pass trimmed bounds — or
 * NaN when it is not one. Sets numberScan.flags.
 */
export function parseNumberBytes(buf: Uint8Array, start: number, end: number): number {
  numberScan.flags = 0;
  let i = start;
  if (i >= end) return NaN;
  let c = buf[i]!;
  let negative = false;
  if (c === 0x2d) {
    negative = true;
    i++;
  } else if (c === 0x2b) i++;
  const intStart = i;
  let mantissa = 0;
  let significant = 0;
  let scale = 0;
  let slow = false;
  while (i < end) {
    c = buf[i]!;
    if (c < 0x30 || c > 0x39) break;
    if (mantissa !== 0 || c !== 0x30) significant++;
    if (!slow) {
      const next = mantissa * 10 + (c - 0x30);
      if (next >= TWO_53) slow = true;
      else mantissa = next;
    }
    i++;
  }
  const intDigits = i - intStart;
  let fracDigits = 0;
  let integerForm = true;
  if (i < end && buf[i] === 0x2e) {
    integerForm = false;
    i++;
    const fracStart = i;
    while (i < end) {
      c = buf[i]!;
      if (c < 0x30 || c > 0x39) break;
      if (mantissa !== 0 || c !== 0x30) significant++;
      if (!slow) {
        const next = mantissa * 10 + (c - 0x30);
        if (next >= TWO_53) slow = true;
        else {
          mantissa = next;
          scale--;
        }
      }
      i++;
    }
    fracDigits = i - fracStart;
  }
  if (intDigits + fracDigits === 0) return NaN;
  let exponent = 0;
  if (i < end && (buf[i] === 0x65 || buf[i] === 0x45)) {
    integerForm = false;
    i++;
    let expNegative = false;
    if (i < end && (buf[i] === 0x2d || buf[i] === 0x2b)) expNegative = buf[i++] === 0x2d;
    const expStart = i;
    while (i < end && isDigit(buf[i]!)) {
      if (exponent < 100_000) exponent = exponent * 10 + (buf[i]! - 0x30);
      i++;
    }
    if (i === expStart) return NaN;
    if (expNegative) exponent = -exponent;
  }
  if (i !== end) return NaN;

  let flags = 0;
  if (intDigits >= 2 && buf[intStart] === 0x30) flags |= LEADING_ZERO;
  if (integerForm) {
    flags |= INTEGER_FORM;
    if (intDigits === 1 && intStart === start && (buf[start] === 0x30 || buf[start] === 0x31)) flags |= ZERO_OR_ONE;
    if (significant > 16 || (significant === 16 && unsafeSixteen(buf, end - 16))) flags |= UNSAFE_INTEGER;
  }
  numberScan.flags = flags;

  const k = scale + exponent;
  if (!slow && k >= -22 && k <= 22) {
    const value = k >= 0 ? mantissa * POW10[k]! : mantissa / POW10[-k]!;
    return negative ? -value : value;
  }
  const value = Number(asciiString(buf, start, end));
  if (value === Infinity || value === -Infinity) {
    numberScan.flags = 0;
    return NaN;
  }
  return value;
}

/** Whether the 16 digits at `at` exceed 2^53 (9007199254740992). */
function unsafeSixteen(buf: Uint8Array, at: number): boolean {
  for (let j = 0; j < 16; j++) {
    const d = buf[at + j]!;
    const m = MAX_SAFE_DIGITS.charCodeAt(j);
    if (d !== m) return d > m;
  }
  return false;
}
