/**
 * The rows a kept or refitted model is explained on, read from the run's stored predictions:
 * the rows its own fold scored (fold 0 for a holdout or the first CV fold, -1 for the
 * final-test refit), first prediction per table row. Its training rows are every other row
 * of the table (for the background sample only: validation rows carved out for early
 * stopping and rows without a target are among them, which a background may well include).
 */
import type { PredictionRows } from './held-out-async.ts';

export function fitRows(p: PredictionRows, fold: number, tableRows: number): { rows: Int32Array; yTrue: Int32Array | Float64Array; trainRows: Int32Array } {
  const seen = new Set<number>();
  const positions: number[] = [];
  for (let i = 0; i < p.row.length; i++) {
    if (p.fold[i] !== fold || seen.has(p.row[i]!)) continue;
    seen.add(p.row[i]!);
    positions.push(i);
  }
  const rows = Int32Array.from(positions, (i) => p.row[i]!);
  const yTrue = p.yTrue instanceof Int32Array ? Int32Array.from(positions, (i) => p.yTrue[i]!) : Float64Array.from(positions, (i) => p.yTrue[i]!);
  const train: number[] = [];
  for (let r = 0; r < tableRows; r++) if (!seen.has(r)) train.push(r);
  return { rows, yTrue, trainRows: Int32Array.from(train) };
}
