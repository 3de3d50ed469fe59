import { ColumnAccumulator } from './column-accumulator.ts';

/** Cells encoded per batch: bounded scratch memory whatever the column length. */
const BATCH = 4096;

/**
 * Feed string cells (null = a real null) to an accumulator through the same byte path the CSV
 * reader uses, so JSON records and legacy string columns are inferred and built exactly alike.
 * Returns the text of the rows the column held only as numbers before it turned to text (the
 * `prefix` finishColumn needs), re-read from `values`.
 */
export function accumulateStrings(acc: ColumnAccumulator, values: readonly (string | null | undefined)[]): ColumnAccumulator | undefined {
  feed(acc, values, values.length);
  if (acc.numeric || acc.textStart === 0) return undefined;
  const prefix = new ColumnAccumulator({ name: acc.name, tokens: acc.tokens, textOnly: true });
  feed(prefix, values, acc.textStart);
  return prefix;
}

function feed(acc: ColumnAccumulator, values: readonly (string | null | undefined)[], rows: number): void {
  const encoder = new TextEncoder();
  let buf = new Uint8Array(BATCH * 16);
  const bounds = new Int32Array(BATCH * 2);
  for (let from = 0; from < rows; from += BATCH) {
    const count = Math.min(BATCH, rows - from);
    let at = 0;
    for (let r = 0; r < count; r++) {
      const v = values[from + r];
      if (v === null || v === undefined) {
        bounds[2 * r] = -1;
        bounds[2 * r + 1] = -1;
        continue;
      }
      // Worst case 3 bytes per UTF-16 unit.
      if (at + v.length * 3 > buf.length) {
        const grown = new Uint8Array(Math.max(buf.length * 2, at + v.length * 3));
        grown.set(buf.subarray(0, at));
        buf = grown;
      }
      const { written } = encoder.encodeInto(v, buf.subarray(at));
      bounds[2 * r] = at;
      bounds[2 * r + 1] = at + written;
      at += written;
    }
    acc.addCells(buf, bounds, 0, 1, count);
  }
}
