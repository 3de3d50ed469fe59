/**
 * Sorts float32 values (no NaN) in place, ascending, as Float32Array.prototype.sort does (-0
 * before +0), by an LSD radix sort on the bits: three passes of 11 bits. Binning sorts a 200,000
 * row sample of every feature, and this is about ten times faster than the built-in sort there.
 */
export function sortFloat32(values: Float32Array): void {
  const n = values.length;
  if (n < 2) return;
  const keys = new Uint32Array(values.buffer, values.byteOffset, n);
  // Order-preserving map to unsigned integers: flip every bit of negatives, the sign bit of the rest.
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    keys[i] = k & 0x80000000 ? ~k >>> 0 : (k | 0x80000000) >>> 0;
  }
  let from: Uint32Array = keys;
  let to: Uint32Array = new Uint32Array(n);
  const counts = new Uint32Array(2048);
  for (let shift = 0; shift < 32; shift += 11) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(from[i]! >>> shift) & 2047]!++;
    let sum = 0;
    for (let b = 0; b < 2048; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = from[i]!;
      to[counts[(k >>> shift) & 2047]!++] = k;
    }
    const t = from;
    from = to;
    to = t;
  }
  // Three passes: the sorted keys are in the scratch array; map back into the caller's.
  for (let i = 0; i < n; i++) {
    const k = from[i]!;
    keys[i] = k & 0x80000000 ? (k & 0x7fffffff) >>> 0 : ~k >>> 0;
  }
}
