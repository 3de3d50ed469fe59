/**
 * Distinct strings among the rows of a Utf8 column that is still being written, counted as each
 * row is appended: one hash and (on a hash match) one byte comparison per row, with no string
 * made. Rows are compared through the column's own bytes and offsets, so nothing is copied.
 */
export class DistinctRows {
  /** Slot -> row + 1 of the first row holding that string (0 = empty). */
  #slots = new Int32Array(1024);
  #hashes = new Int32Array(1024);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Counts row `row` (bytes[offsets[row], offsets[row + 1])); returns the first row with the same string. */
  add(bytes: Uint8Array, offsets: Int32Array, row: number): number {
    const start = offsets[row]!;
    const end = offsets[row + 1]!;
    let h = 0x811c9dc5;
    for (let k = start; k < end; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    const mask = this.#slots.length - 1;
    let j = h & mask;
    for (;;) {
      const held = this.#slots[j]!;
      if (held === 0) break;
      if (this.#hashes[j] === h && same(bytes, offsets, held - 1, start, end)) return held - 1;
      j = (j + 1) & mask;
    }
    this.#slots[j] = row + 1;
    this.#hashes[j] = h;
    if (++this.#size * 2 > this.#slots.length) this.#grow();
    return row;
  }

  #grow(): void {
    const slots = this.#slots;
    const hashes = this.#hashes;
    this.#slots = new Int32Array(slots.length * 2);
    this.#hashes = new Int32Array(slots.length * 2);
    const mask = this.#slots.length - 1;
    for (let i = 0; i < slots.length; i++) {
      if (slots[i] === 0) continue;
      let j = hashes[i]! & mask;
      while (this.#slots[j] !== 0) j = (j + 1) & mask;
      this.#slots[j] = slots[i]!;
      this.#hashes[j] = hashes[i]!;
    }
  }
}

function same(bytes: Uint8Array, offsets: Int32Array, other: number, start: number, end: number): boolean {
  const s = offsets[other]!;
  if (offsets[other + 1]! - s !== end - start) return false;
  for (let k = 0; k < end - start; k++) if (bytes[s + k] !== bytes[start + k]) return false;
  return true;
}
