/** Per-class weights: 1 each, or scikit-learn's 'balanced' n / (classes present * count[class]) from the training rows. */
export function classWeights(y: ArrayLike<number>, n: number, k: number, mode: 'none' | 'balanced'): Float64Array {
  const cw = new Float64Array(Math.max(k, 1)).fill(1);
  if (mode !== 'balanced') return cw;
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) counts[y[i]!]!++;
  let present = 0;
  for (let c = 0; c < k; c++) if (counts[c]! > 0) present++;
  for (let c = 0; c < k; c++) cw[c] = counts[c]! > 0 ? n / (present * counts[c]!) : 1;
  return cw;
}

/** Row weights from class weights (regression: all 1). */
export function sampleWeights(y: ArrayLike<number>, n: number, cw: Float64Array | null): Float64Array {
  const w = new Float64Array(n).fill(1);
  if (cw) for (let i = 0; i < n; i++) w[i] = cw[y[i]!]!;
  return w;
}
