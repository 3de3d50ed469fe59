/**
 * Mean and population standard deviation of the (imputed) training values. A constant
 * column gets scale 1 so it maps to 0 instead of dividing by zero.
 */
export function fitStandardize(values: ArrayLike<number>, rows: Int32Array, fill: number): { mean: number; scale: number } {
  let sum = 0;
  for (const r of rows) sum += valueOr(values[r]!, fill);
  const mean = rows.length ? sum / rows.length : 0;
  let ss = 0;
  for (const r of rows) ss += (valueOr(values[r]!, fill) - mean) ** 2;
  const sd = rows.length ? Math.sqrt(ss / rows.length) : 0;
  return { mean, scale: sd > 1e-12 ? sd : 1 };
}

const valueOr = (v: number, fill: number): number => (Number.isNaN(v) ? fill : v);
