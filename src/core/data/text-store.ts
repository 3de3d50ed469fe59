import { benchtopError } from '../errors.ts';

const BYTE_BLOCK = 1 << 20;
const OFFSET_BLOCK = 1 << 16;
/** Arrow Utf8 offsets are Int32: one column's text must stay below 2 GiB. */
const MAX_TEXT_BYTES = 0x7fffffff;

/**
 * A growing Arrow-Utf8-like column: cell bytes appended to blocks (small columns stay small, a
 * huge cell gets a block of its own) and each row's end offset. `take` joins the blocks once
 * into the final bytes and offsets.
 */
export class TextStore {
  readonly #column: string;
  #blocks: Uint8Array[] = [];
  #bytes = new Uint8Array(0);
  #pos = 0;
  #total = 0;
  #offsetBlocks: Int32Array[] = [];
  #offsets = new Int32Array(0);
  #offsetPos = 0;
  /** Rows recorded (text or missing). */
  rows = 0;

  /** `column` names the column in the column_too_large message. */
  constructor(column: string) {
    this.#column = column;
  }

  /** Append a row holding buf[s, e). */
  push(buf: Uint8Array, s: number, e: number): void {
    const n = e - s;
    if (this.#pos + n > this.#bytes.length) this.#grow(n);
    const bytes = this.#bytes;
    let at = this.#pos;
    // Short cells copy faster byte by byte than through a subarray view.
    if (n <= 24) for (let i = s; i < e; i++) bytes[at++] = buf[i]!;
    else {
      bytes.set(buf.subarray(s, e), at);
      at += n;
    }
    this.#pos = at;
    this.#total += n;
    if (this.#total > MAX_TEXT_BYTES) throw benchtopError('column_too_large', { column: this.#column });
    this.end();
  }

  /** Append a row with no bytes (a missing cell). */
  end(): void {
    if (this.#offsetPos === this.#offsets.length) {
      const full = this.#offsets;
      if (full.length < OFFSET_BLOCK) {
        this.#offsets = new Int32Array(Math.max(64, full.length * 2));
        this.#offsets.set(full);
      } else {
        this.#offsetBlocks.push(full);
        this.#offsets = new Int32Array(OFFSET_BLOCK);
        this.#offsetPos = 0;
      }
    }
    this.#offsets[this.#offsetPos++] = this.#total;
    this.rows++;
  }

  #grow(need: number): void {
    const bytes = this.#bytes;
    const used = this.#pos;
    if (bytes.length < BYTE_BLOCK) {
      let size = Math.max(256, bytes.length * 2);
      while (size < used + need && size < BYTE_BLOCK) size *= 2;
      if (size >= used + need) {
        this.#bytes = new Uint8Array(size);
        this.#bytes.set(bytes.subarray(0, used));
        return;
      }
    }
    if (used > 0) this.#blocks.push(bytes.subarray(0, used));
    this.#bytes = new Uint8Array(Math.max(BYTE_BLOCK, need));
    this.#pos = 0;
  }

  /** The bytes and rows + 1 offsets (the first = `startOffset`, all shifted by it). Empties the store. */
  take(startOffset = 0): { bytes: Uint8Array; offsets: Int32Array } {
    if (this.#pos > 0) this.#blocks.push(this.#bytes.subarray(0, this.#pos));
    const bytes = new Uint8Array(this.#total);
    let at = 0;
    for (const block of this.#blocks) {
      bytes.set(block, at);
      at += block.length;
    }
    const offsets = new Int32Array(this.rows + 1);
    offsets[0] = startOffset;
    let i = 1;
    for (const block of this.#offsetBlocks) for (let j = 0; j < block.length; j++) offsets[i++] = block[j]! + startOffset;
    for (let j = 0; j < this.#offsetPos; j++) offsets[i++] = this.#offsets[j]! + startOffset;
    this.#blocks = [];
    this.#offsetBlocks = [];
    this.#bytes = new Uint8Array(0);
    this.#offsets = new Int32Array(0);
    this.#pos = 0;
    this.#offsetPos = 0;
    this.#total = 0;
    this.rows = 0;
    return { bytes, offsets };
  }
}
