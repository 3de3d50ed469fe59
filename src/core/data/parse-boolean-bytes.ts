/**
 * The byte-level twin of parseBoolean (trimmed bounds in): 1 for true, 0 for false, -1 for
 * neither. True/false/yes/no/t/f/y/n in any ASCII case, and '1'/'0'.
 */
export function parseBooleanBytes(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n < 1 || n > 5) return -1;
  const a = buf[start]! | 0x20;
  if (n === 1) {
    const c = buf[start]!;
    if (c === 0x31 || a === 0x74 || a === 0x79) return 1; // 1 t y
    if (c === 0x30 || a === 0x66 || a === 0x6e) return 0; // 0 f n
    return -1;
  }
  if (n === 2) return a === 0x6e && (buf[start + 1]! | 0x20) === 0x6f ? 0 : -1; // no
  if (n === 3) return a === 0x79 && lowerEquals(buf, start, 'yes') ? 1 : -1;
  if (n === 4) return a === 0x74 && lowerEquals(buf, start, 'true') ? 1 : -1;
  return a === 0x66 && lowerEquals(buf, start, 'false') ? 0 : -1;
}

/** A word spelling (not '0'/'1'): what makes inference call a column boolean. */
export function isBooleanWordBytes(buf: Uint8Array, start: number, end: number): boolean {
  const c = buf[start];
  return !(end - start === 1 && (c === 0x30 || c === 0x31)) && parseBooleanBytes(buf, start, end) >= 0;
}

function lowerEquals(buf: Uint8Array, start: number, word: string): boolean {
  for (let j = 0; j < word.length; j++) {
    const c = buf[start + j]!;
    // Only letters are folded: '|' | 0x20 must not turn into '\\' matches.
    const lower = c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
    if (lower !== word.charCodeAt(j)) return false;
  }
  return true;
}
