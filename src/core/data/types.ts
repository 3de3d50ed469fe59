import type { Table } from 'apache-arrow';

/**
 * What a column holds, as Benchtop treats it:
 * - numeric: finite numbers (Arrow Float64), missing as null
 * - categorical: few distinct labels (Arrow Utf8)
 * - boolean: true/false, yes/no, t/f, y/n in any case (Arrow Bool); 0/1-only columns stay numeric
 * - datetime: ISO-like dates/timestamps (Arrow TimestampMillisecond, UTC)
 * - text: free text / identifiers with many distinct values (Arrow Utf8)
 */
export type ColumnKind = 'numeric' | 'categorical' | 'boolean' | 'datetime' | 'text';

export interface ColumnInfo {
  name: string;
  kind: ColumnKind;
  /** Number of missing (null/empty/NA) cells. */
  missing: number;
  /** Number of distinct non-missing values. */
  distinct: number;
}

/** A parsed, typed table ready for everything downstream. */
export interface Dataset {
  name: string;
  table: Table;
  columns: ColumnInfo[];
  rows: number;
  /** SHA-256 (hex) of the canonical Arrow IPC bytes of `table`. */
  fingerprint: string;
}
