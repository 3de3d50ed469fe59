/**
 * Fixed-point gradients for the WebGPU histogram kernel. WGSL has integer atomics only, so each
 * row's float32 gradient becomes an integer q = round(g * scale), the kernel sums the integers
 * exactly (64-bit, order-free), and sum / scale is the histogram entry. The scale is a power of
 * two, so the division is exact; the only difference from the CPU's float64 sum is the rounding
 * of each row to a multiple of 1 / scale (see webgpu-histogram-builder.ts for the bound).
 */

/** |q| must fit an i32: the kernel splits it into a signed high half and an unsigned low half of 16 bits each. */
export const MAX_ROW_UNITS = 2 ** 31 - 1;

export interface Quantized {
  q: Int32Array<ArrayBuffer>;
  /** A power of two; 0 when some gradient is not finite (the builder then sums on the CPU). */
  scale: number;
}

/**
 * The largest power-of-two scale that keeps every |q| <= 2^31 - 1 and any sum over n rows below
 * 2^53, where the float64 conversion of the 64-bit total stays exact.
 */
export function gradientScale(maxAbs: number, n: number): number {
  if (!Number.isFinite(maxAbs)) return 0;
  if (maxAbs === 0) return 1;
  const limit = Math.min(MAX_ROW_UNITS, Math.floor(2 ** 53 / Math.max(1, n)));
  let scale = 2 ** Math.floor(Math.log2(limit / maxAbs));
  // log2 of a quotient can land one ulp off an integer: correct the exponent both ways.
  while (maxAbs * scale > limit) scale /= 2;
  while (maxAbs * scale * 2 <= limit) scale *= 2;
  return scale;
}

export function quantizeGradients(values: Float32Array, into?: Int32Array<ArrayBuffer>): Quantized {
  let maxAbs = 0;
  let finite = true;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]!);
    if (a > maxAbs) maxAbs = a;
    else if (!(a <= maxAbs)) finite = false; // NaN
  }
  const scale = finite ? gradientScale(maxAbs, values.length) : 0;
  const q = into && into.length === values.length ? into : new Int32Array(values.length);
  if (scale === 0) return { q, scale };
  for (let i = 0; i < values.length; i++) q[i] = Math.round(values[i]! * scale);
  return { q, scale };
}
