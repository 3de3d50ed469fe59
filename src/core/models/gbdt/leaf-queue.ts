/**
 * The open leaves of a leaf-wise tree, best first: the largest split gain, ties to the lower
 * node id (the order the learner's linear scan used, so trees come out the same). A binary
 * heap: a fully grown forest tree keeps thousands of leaves open, and scanning them all for
 * every split made growing quadratic in the number of leaves (half of a forest's time).
 */
export class LeafQueue {
  readonly #ids: number[] = [];
  readonly #gains: number[] = [];

  get size(): number {
    return this.#ids.length;
  }

  push(id: number, gain: number): void {
    const ids = this.#ids;
    const gains = this.#gains;
    let i = ids.length;
    ids.push(id);
    gains.push(gain);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(id, gain, ids[parent]!, gains[parent]!)) break;
      ids[i] = ids[parent]!;
      gains[i] = gains[parent]!;
      i = parent;
    }
    ids[i] = id;
    gains[i] = gain;
  }

  /** Removes and returns the best leaf's id (-1 when empty). */
  pop(): number {
    const ids = this.#ids;
    const gains = this.#gains;
    if (ids.length === 0) return -1;
    const top = ids[0]!;
    const id = ids.pop()!;
    const gain = gains.pop()!;
    const n = ids.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.#before(ids[r]!, gains[r]!, ids[l]!, gains[l]!) ? r : l;
      if (!this.#before(ids[c]!, gains[c]!, id, gain)) break;
      ids[i] = ids[c]!;
      gains[i] = gains[c]!;
      i = c;
    }
    ids[i] = id;
    gains[i] = gain;
    return top;
  }

  /** The ids still queued, in no particular order. */
  ids(): readonly number[] {
    return this.#ids;
  }

  #before(a: number, ga: number, b: number, gb: number): boolean {
    return ga > gb || (ga === gb && a < b);
  }
}
