/**
 * Distinct numbers counted as they are added (an open-addressing set over the values' bits):
 * cheaper than a Set<number> of millions of values, and cheap per value when few are distinct.
 * 0 and -0 are one value, as in a Set.
 */
export class DistinctNumbers {
  #keys = new Float64Array(1024);
  #used = new Uint8Array(1024);
  #size = 0;
  /** The value added last: sorted or clustered columns repeat it, and it needs no lookup. */
  #last = NaN;
  readonly #scratch = new Float64Array(1);
  readonly #words = new Int32Array(this.#scratch.buffer);

  get size(): number {
    return this.#size;
  }

  add(value: number): void {
    const x = value === 0 ? 0 : value;
    if (x === this.#last) return;
    this.#last = x;
    let h: number;
    if ((x | 0) === x) h = Math.imul(x, 0x9e3779b1); // small integers: no trip through the bits
    else {
      this.#scratch[0] = x;
      h = Math.imul(this.#words[0]! ^ Math.imul(this.#words[1]!, 0x9e3779b1), 0x85ebca6b);
    }
    h ^= h >>> 15;
    const mask = this.#keys.length - 1;
    let j = h & mask;
    while (this.#used[j] === 1) {
      if (this.#keys[j] === x) return;
      j = (j + 1) & mask;
    }
    this.#used[j] = 1;
    this.#keys[j] = x;
    if (++this.#size * 2 > this.#keys.length) this.#grow();
  }

  #grow(): void {
    const keys = this.#keys;
    const used = this.#used;
    this.#keys = new Float64Array(keys.length * 2);
    this.#used = new Uint8Array(keys.length * 2);
    this.#size = 0;
    this.#last = NaN;
    for (let i = 0; i < keys.length; i++) if (used[i] === 1) this.add(keys[i]!);
  }
}
