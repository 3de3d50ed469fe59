/** Sorting runs by any column: numbers by value, words naturally ("run 2" before "run 10"), missing values last either way. */
import type { CellValue, FlatRun } from './run-fields.ts';

export type SortDir = 'asc' | 'desc';

export interface SortState {
  key: string;
  dir: SortDir;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

const missing = (v: CellValue): boolean => v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));

/** Ascending order of two present values: numbers before booleans before words. */
export function compareValues(a: CellValue, b: CellValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const rank = (v: CellValue): number => (typeof v === 'number' ? 0 : typeof v === 'boolean' ? 1 : 2);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return collator.compare(String(a), String(b));
}

/**
 * A sorted copy. Missing values go last in both directions (a descending sort shows the best
 * scores first, not the runs that have none); ties keep the given order.
 */
export function sortRuns(rows: readonly FlatRun[], sort: SortState): FlatRun[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: row.values[sort.key] }))
    .sort((x, y) => {
      const mx = missing(x.v);
      const my = missing(y.v);
      if (mx || my) return mx === my ? x.i - y.i : mx ? 1 : -1;
      return sign * compareValues(x.v, y.v) || x.i - y.i;
    })
    .map((x) => x.row);
}
