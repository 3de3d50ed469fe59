/**
 * Trimming on UTF-8 bytes with exactly the whitespace `String.prototype.trim` removes (ASCII
 * space/tab/line ends, NBSP, U+1680, U+2000–U+200A, U+2028/2029, U+202F, U+205F, U+3000 and
 * the BOM), so a byte-level reader treats ' 1 ' and '\u00a01' as the string readers do.
 */

/** Length of the whitespace sequence that starts at `i` (0 when there is none). */
function spaceAt(buf: Uint8Array, i: number, end: number): number {
  const c = buf[i]!;
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return 1;
  if (c < 0xc2) return 0;
  if (c === 0xc2) return i + 1 < end && buf[i + 1] === 0xa0 ? 2 : 0;
  if (i + 2 >= end) return 0;
  const d = buf[i + 1]!;
  const f = buf[i + 2]!;
  if (c === 0xe2) {
    if (d === 0x80) return f <= 0x8a && f >= 0x80 ? 3 : f === 0xa8 || f === 0xa9 || f === 0xaf ? 3 : 0;
    return d === 0x81 && f === 0x9f ? 3 : 0;
  }
  if (c === 0xe1) return d === 0x9a && f === 0x80 ? 3 : 0;
  if (c === 0xe3) return d === 0x80 && f === 0x80 ? 3 : 0;
  if (c === 0xef) return d === 0xbb && f === 0xbf ? 3 : 0;
  return 0;
}

/** Length of the whitespace sequence that ends just before `end` (0 when there is none). */
function spaceBefore(buf: Uint8Array, start: number, end: number): number {
  const c = buf[end - 1]!;
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return 1;
  if (c < 0x80) return 0;
  if (end - 2 >= start && c === 0xa0 && buf[end - 2] === 0xc2) return 2;
  if (end - 3 >= start && spaceAt(buf, end - 3, end) === 3) return 3;
  return 0;
}

/** First index of [start, end) that is not whitespace (end when all of it is). */
export function trimStart(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = buf[i]!;
    // Fast exit for the usual first byte of a value.
    if (c > 0x20 && c < 0x80) return i;
    const k = spaceAt(buf, i, end);
    if (k === 0) return i;
    i += k;
  }
  return i;
}

/** One past the last index of [start, end) that is not whitespace (start when all of it is). */
export function trimEnd(buf: Uint8Array, start: number, end: number): number {
  let e = end;
  while (e > start) {
    const c = buf[e - 1]!;
    if (c > 0x20 && c < 0x80) return e;
    const k = spaceBefore(buf, start, e);
    if (k === 0) return e;
    e -= k;
  }
  return e;
}

/** True when [start, end) is empty or only whitespace. */
export function isBlankBytes(buf: Uint8Array, start: number, end: number): boolean {
  return trimStart(buf, start, end) === end;
}
