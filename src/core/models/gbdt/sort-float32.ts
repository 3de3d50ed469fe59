/**
 * Sorts float32 values (no NaN) in place, ascending, as Float32Array.prototype.sort does (-0
 * before +0), by an LSD radix sort on the bits: three passes of 11 bits. Binning sorts a 200,000
 * row sample of every feature, and this is about ten times faster than the built-in sort there.
 *
 * The keys stay int32 (an Int32Array, bit operations only): as uint32 values above 2^31 V8 keeps
 * them as doubles, and the sort ran at 0.7 of this speed. The three passes' counts are taken in
 * one read of the keys, with the key map.
 */
export function sortFloat32(values: Float32Array): void {
  const n = values.length;
  if (n < 2) return;
  const keys = new Int32Array(values.buffer, values.byteOffset, n);
  const counts = new Int32Array(3 * 2048);
  // Order-preserving map to keys compared as unsigned: flip every bit of negatives, the sign bit of the rest.
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    const u = k ^ ((k >> 31) | 0x80000000);
    keys[i] = u;
    counts[u & 2047]!++;
    counts[2048 + ((u >>> 11) & 2047)]!++;
    counts[4096 + (u >>> 22)]!++;
  }
  let from: Int32Array = keys;
  let to: Int32Array = new Int32Array(n);
  for (let pass = 0; pass < 3; pass++) {
    const shift = 11 * pass;
    const base = 2048 * pass;
    let sum = 0;
    for (let b = base; b < base + 2048; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = from[i]!;
      to[counts[base + ((k >>> shift) & 2047)]!++] = k;
    }
    const t = from;
    from = to;
    to = t;
  }
  // Three passes: the sorted keys are in the scratch array; map back into the caller's.
  for (let i = 0; i < n; i++) {
    const u = from[i]!;
    keys[i] = u ^ (~(u >> 31) | 0x80000000);
  }
}
