import type { Table } from 'apache-arrow';
import type { ColumnInfo } from '../../data/types.ts';
import { throwIfCancelled } from '../../jobs.ts';
import type { CancelToken } from '../../jobs.ts';
import { columnNumbers } from '../profile/column-numbers.ts';
import { encodeLabels } from '../profile/label-codes.ts';
import { cramersV } from './cramers-v.ts';
import { complete, dotClipped, isConstant, pearsonComplete, standardized } from './pearson.ts';
import { averageRanks } from './rank.ts';
import { gather, sampleRows } from './sample-rows.ts';
import { selectColumns, type OmitReason } from './select-columns.ts';

export type CorrelationMethod = 'pearson' | 'spearman' | 'cramers-v';

/** At most this many columns enter a matrix unless the caller says otherwise (60² cells still read on screen). */
export const DEFAULT_MAX_COLUMNS = 60;
/** At most this many rows (a seeded sample beyond it). */
export const DEFAULT_MAX_ROWS = 200_000;

export interface CorrelationMatrixOptions {
  /** 'pearson' and 'spearman' pair numeric columns; 'cramers-v' pairs categorical and boolean columns. */
  method: CorrelationMethod;
  /** Default DEFAULT_MAX_COLUMNS; see selectColumns for which stay. */
  maxColumns?: number;
  /** Default DEFAULT_MAX_ROWS; bigger tables use a seeded sample of this many rows. */
  maxRows?: number;
  /** Seed of the row sample. Default 0. */
  seed?: number;
  /** Columns kept ahead of the cap (e.g. the target). */
  keep?: readonly string[];
  cancel?: CancelToken;
}

export interface CorrelationMatrix {
  method: CorrelationMethod;
  columns: string[];
  /** values[i][j] for columns i and j, pairwise-complete; null where undefined (too few rows, a constant side). */
  values: (number | null)[][];
  /** Rows the figures are computed from. */
  rowsUsed: number;
  sampled: boolean;
  /** Candidate columns left out, and why. */
  omitted: { name: string; reason: OmitReason }[];
}

const NUMERIC_KINDS: ReadonlySet<string> = new Set(['numeric']);
const LABEL_KINDS: ReadonlySet<string> = new Set(['categorical', 'boolean']);

/**
 * Pairwise-complete correlations between the table's numeric columns (Pearson, Spearman) or its
 * categorical and boolean columns (Cramér's V): each pair uses the rows where both are present
 * (pandas' DataFrame.corr semantics), and Spearman re-ranks those rows. Above maxRows every
 * method works on the same seeded row sample, which bounds time and memory (a 60-column matrix
 * holds at most 60 × 200,000 doubles).
 */
export function correlationMatrix(table: Table, columns: readonly ColumnInfo[], opts: CorrelationMatrixOptions): CorrelationMatrix {
  const kinds = opts.method === 'cramers-v' ? LABEL_KINDS : NUMERIC_KINDS;
  const rows = table.numRows;
  const { kept, omitted } = selectColumns(
    columns.filter((c) => kinds.has(c.kind)),
    rows,
    opts.maxColumns ?? DEFAULT_MAX_COLUMNS,
    opts.keep,
  );
  const sample = sampleRows(rows, opts.maxRows ?? DEFAULT_MAX_ROWS, opts.seed ?? 0);
  const k = kept.length;
  const values: (number | null)[][] = Array.from({ length: k }, () => new Array<number | null>(k).fill(null));
  const pair = opts.method === 'cramers-v' ? labelPairs(table, kept, sample) : numericPairs(table, kept, sample, opts.method);
  for (let i = 0; i < k; i++) {
    throwIfCancelled(opts.cancel);
    for (let j = i; j < k; j++) {
      const r = pair(i, j);
      const v = i === j && r !== null ? 1 : r;
      values[i]![j] = v;
      values[j]![i] = v;
    }
  }
  return { method: opts.method, columns: kept.map((c) => c.name), values, rowsUsed: sample.length, sampled: sample.length < rows, omitted };
}

type PairFn = (i: number, j: number) => number | null;

function numericPairs(table: Table, kept: readonly ColumnInfo[], sample: Int32Array, method: 'pearson' | 'spearman'): PairFn {
  const raw = kept.map((c) => gather(columnNumbers(table, c.name), sample));
  const full = raw.map((x) => x.every((v) => v === v));
  // Columns present on every sampled row are ranked and standardised once; each pair is then a dot product.
  // (A constant column is caught exactly first: its computed mean need not equal its value.)
  const unit = raw.map((x, i) => (full[i] && !isConstant(x) ? standardized(method === 'spearman' ? averageRanks(x) : x) : null));
  return (i, j) => {
    const zi = unit[i];
    const zj = unit[j];
    if (full[i] && full[j]) return zi && zj ? dotClipped(zi, zj) : null;
    const [a, b] = complete(raw[i] as Float64Array, raw[j] as Float64Array);
    return method === 'spearman' ? pearsonComplete(averageRanks(a), averageRanks(b)) : pearsonComplete(a, b);
  };
}

function labelPairs(table: Table, kept: readonly ColumnInfo[], sample: Int32Array): PairFn {
  const codes = kept.map((c) => gather(c.kind === 'boolean' ? booleanCodes(table, c.name) : encodeLabels(table, c.name).codes, sample));
  return (i, j) => cramersV(codes[i] as Int32Array, codes[j] as Int32Array);
}

function booleanCodes(table: Table, name: string): Int32Array {
  const x = columnNumbers(table, name);
  const out = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] === x[i] ? (x[i] as number) : -1;
  return out;
}
