import { MISSING_TOKENS } from './is-missing-token.ts';
import { maxOf } from '../stats/extent.ts';

/**
 * Recognises missing-value spellings in UTF-8 bytes (trimmed bounds in) and names them by index,
 * so a parser can count each token without making strings. Tokens are trimmed and compared
 * exactly (case matters), like isMissingToken.
 */
export class MissingTokenMatcher {
  /** The distinct trimmed tokens, in the order given. */
  readonly tokens: readonly string[];
  /** Index of '' in `tokens`, or -1 when an empty cell is a value. */
  readonly emptyIndex: number;
  /** True when some token is also a number ('-999'): numbers must then be checked against tokens first. */
  readonly hasNumericToken: boolean;
  readonly #bytes: Uint8Array[];
  readonly #firstByte = new Uint8Array(256);
  readonly #maxLength: number;

  constructor(tokens: Iterable<string> = MISSING_TOKENS) {
    const unique = [...new Set([...tokens].map((t) => t.trim()))];
    this.tokens = unique;
    this.emptyIndex = unique.indexOf('');
    const encoder = new TextEncoder();
    this.#bytes = unique.map((t) => encoder.encode(t));
    this.#maxLength = Math.max(0, maxOf(this.#bytes.map((b) => b.length)));
    for (const b of this.#bytes) if (b.length > 0) this.#firstByte[b[0]!] = 1;
    this.hasNumericToken = unique.some((t) => t !== '' && /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(t));
  }

  /** Index of the token buf[start, end) spells, or -1. */
  match(buf: Uint8Array, start: number, end: number): number {
    const n = end - start;
    if (n === 0) return this.emptyIndex;
    if (n > this.#maxLength || this.#firstByte[buf[start]!] === 0) return -1;
    const all = this.#bytes;
    outer: for (let t = 0; t < all.length; t++) {
      const token = all[t]!;
      if (token.length !== n) continue;
      for (let i = 0; i < n; i++) if (token[i] !== buf[start + i]) continue outer;
      return t;
    }
    return -1;
  }
}
