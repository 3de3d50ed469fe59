/**
 * Predicted class per row from n x k probabilities: by the binary decision rule on the
 * positive class when one is given, else the most probable class (the first on ties). Its own
 * module so the registry and monitoring can label predictions without loading model code.
 */
export function predictedLabels(proba: Float64Array, classes: readonly string[], decision?: { threshold: number; posLabel: number }): string[] {
  const k = classes.length;
  const n = k ? proba.length / k : 0;
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    if (decision && k === 2) {
      const pos = decision.posLabel;
      out[i] = classes[proba[i * k + pos]! >= decision.threshold ? pos : 1 - pos]!;
      continue;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[i * k + c]! > proba[i * k + best]!) best = c;
    out[i] = classes[best]!;
  }
  return out;
}
