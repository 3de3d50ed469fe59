import { benchtopError } from '../errors.ts';

/** The text encodings Benchtop reads; everything is turned into UTF-8 bytes before parsing. */
export type TextEncodingName = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface DetectedEncoding {
  encoding: TextEncodingName;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
  /** Set when the encoding was guessed without a BOM (worth telling the user). */
  guessed?: boolean;
}

/** How much of the head the binary and UTF-16 checks look at. */
const CHECK_BYTES = 1024;

/**
 * The encoding of a file from its first bytes: a BOM decides (UTF-8, UTF-16 LE/BE; UTF-32 is
 * file_encoding_unsupported); without one, mostly-zero odd (or even) bytes mean BOM-less UTF-16,
 * NUL or many control bytes mean the file is not text (file_not_text), and anything else is read
 * as UTF-8, or as Windows-1252 when the head is already not valid UTF-8 (the stream check may
 * still switch later).
 */
export function detectEncoding(head: Uint8Array, name: string): DetectedEncoding {
  const [a, b, c, d] = head;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if ((a === 0xff && b === 0xfe && c === 0 && d === 0) || (a === 0 && b === 0 && c === 0xfe && d === 0xff))
    throw benchtopError('file_encoding_unsupported', { name, encoding: 'UTF-32' });
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', bomLength: 2 };

  const n = Math.min(head.length, CHECK_BYTES) & ~1;
  if (n >= 4) {
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenZeros++;
      if (head[i + 1] === 0) oddZeros++;
    }
    const pairs = n / 2;
    if (oddZeros >= 0.4 * pairs && evenZeros <= 0.02 * pairs) return { encoding: 'utf-16le', bomLength: 0, guessed: true };
    if (evenZeros >= 0.4 * pairs && oddZeros <= 0.02 * pairs) return { encoding: 'utf-16be', bomLength: 0, guessed: true };
  }

  const checked = Math.min(head.length, CHECK_BYTES);
  let controls = 0;
  for (let i = 0; i < checked; i++) {
    const x = head[i]!;
    if (x === 0) throw benchtopError('file_not_text', { name, offset: i });
    // Tab, line ends, form feed and ESC occur in real text files; other C0 controls do not.
    if (x < 0x20 && x !== 0x09 && x !== 0x0a && x !== 0x0d && x !== 0x0c && x !== 0x0b && x !== 0x1b) controls++;
  }
  if (controls > Math.max(2, checked * 0.01)) throw benchtopError('file_not_text', { name, offset: firstControl(head) });

  const validator = new Utf8Validator();
  const bad = validator.push(head.subarray(0, Math.min(head.length, 64 * 1024)));
  return { encoding: bad < 0 ? 'utf-8' : 'windows-1252', bomLength: 0, guessed: bad >= 0 };
}

function firstControl(head: Uint8Array): number {
  for (let i = 0; i < head.length; i++) if (head[i]! < 0x20 && head[i] !== 0x09 && head[i] !== 0x0a && head[i] !== 0x0d) return i;
  return 0;
}

/**
 * Streaming UTF-8 well-formedness check (the same bytes TextDecoder's fatal mode rejects:
 * overlongs, surrogates, > U+10FFFF, truncated sequences). ASCII runs are skipped four bytes at
 * a time, so valid files cost little.
 */
export class Utf8Validator {
  /** Continuation bytes still expected, and the allowed range of the next one. */
  #need = 0;
  #lo = 0x80;
  #hi = 0xbf;
  /** Bytes seen before the current chunk. */
  #offset = 0;
  /** Stream offset of the lead byte of the sequence being checked. */
  #lead = 0;

  /** Offset (from the stream start) of the first byte of an invalid sequence, or -1. */
  push(chunk: Uint8Array): number {
    const n = chunk.length;
    let i = 0;
    let need = this.#need;
    let lo = this.#lo;
    let hi = this.#hi;
    const words = chunk.byteOffset % 4 === 0 ? new Uint32Array(chunk.buffer, chunk.byteOffset, n >> 2) : undefined;
    while (i < n) {
      if (need === 0) {
        if (words && (i & 3) === 0) {
          let w = i >> 2;
          const wn = words.length;
          while (w < wn && (words[w]! & 0x80808080) === 0) w++;
          i = Math.max(i, w << 2);
          if (i >= n) break;
        }
        const x = chunk[i]!;
        if (x < 0x80) {
          i++;
          continue;
        }
        if (x >= 0xc2 && x <= 0xdf) need = 1;
        else if (x >= 0xe0 && x <= 0xef) need = 2;
        else if (x >= 0xf0 && x <= 0xf4) need = 3;
        else return this.#fail(i);
        this.#lead = this.#offset + i;
        lo = x === 0xe0 ? 0xa0 : x === 0xf0 ? 0x90 : 0x80;
        hi = x === 0xed ? 0x9f : x === 0xf4 ? 0x8f : 0xbf;
        i++;
        continue;
      }
      const x = chunk[i]!;
      if (x < lo || x > hi) return this.#lead;
      lo = 0x80;
      hi = 0xbf;
      need--;
      i++;
    }
    this.#need = need;
    this.#lo = lo;
    this.#hi = hi;
    this.#offset += n;
    return -1;
  }

  /** At the end of the stream: -1, or the offset where a truncated sequence starts. */
  finish(): number {
    return this.#need === 0 ? -1 : this.#lead;
  }

  #fail(i: number): number {
    return this.#offset + i;
  }
}

// Windows-1252's 0x80-0x9F block (the WHATWG table: undefined bytes map to the C1 controls).
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

/** Windows-1252 bytes -> UTF-8 bytes (a superset of Latin-1 for printable text). */
export function windows1252ToUtf8(chunk: Uint8Array): Uint8Array {
  const out = new Uint8Array(chunk.length * 3);
  let o = 0;
  for (let i = 0; i < chunk.length; i++) {
    const x = chunk[i]!;
    if (x < 0x80) {
      out[o++] = x;
      continue;
    }
    const cp = x < 0xa0 ? CP1252_HIGH[x - 0x80]! : x;
    if (cp < 0x800) {
      out[o++] = 0xc0 | (cp >> 6);
      out[o++] = 0x80 | (cp & 0x3f);
    } else {
      out[o++] = 0xe0 | (cp >> 12);
      out[o++] = 0x80 | ((cp >> 6) & 0x3f);
      out[o++] = 0x80 | (cp & 0x3f);
    }
  }
  return out.subarray(0, o);
}

/** UTF-16 bytes -> UTF-8 bytes, streaming (a code unit or surrogate pair cut by a chunk waits). */
export class Utf16ToUtf8 {
  readonly #decoder: TextDecoder;
  readonly #encoder = new TextEncoder();

  constructor(encoding: 'utf-16le' | 'utf-16be', name: string) {
    try {
      this.#decoder = new TextDecoder(encoding, { ignoreBOM: true });
    } catch {
      throw benchtopError('file_encoding_unsupported', { name, encoding: encoding.toUpperCase() });
    }
  }

  push(chunk: Uint8Array, last: boolean): Uint8Array {
    return this.#encoder.encode(this.#decoder.decode(chunk, { stream: !last }));
  }
}
