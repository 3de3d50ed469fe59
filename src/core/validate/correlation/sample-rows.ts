import { createRng } from '../../random.ts';

/**
 * Up to `max` distinct row indices out of `rows`, ascending, drawn with createRng(seed) (a partial
 * Fisher–Yates shuffle): the same table, cap and seed always give the same rows. All rows, in
 * order, when rows <= max.
 */
export function sampleRows(rows: number, max: number, seed: number): Int32Array {
  const all = new Int32Array(rows);
  for (let i = 0; i < rows; i++) all[i] = i;
  if (rows <= max) return all;
  const rng = createRng(seed);
  const k = Math.max(0, Math.floor(max));
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(rows - i);
    const t = all[i] as number;
    all[i] = all[j] as number;
    all[j] = t;
  }
  return all.slice(0, k).sort();
}

/** values[rows[i]] for each i. */
export function gather<T extends Float64Array | Int32Array>(values: T, rows: Int32Array): T {
  if (rows.length === values.length) return values;
  const out = new (values.constructor as new (n: number) => T)(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i] as number] as number;
  return out;
}
