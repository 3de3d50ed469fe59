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

/**
 * The finer type a person reads in the data-quality report. `kind` decides how Benchtop
 * stores and transforms a column; `type` says more: a numeric column is 'integer' or
 * 'float'; a label column that looks like a key (unique, code-like) is 'identifier'.
 */
export type InferredType = 'integer' | 'float' | 'boolean' | 'categorical' | 'datetime' | 'text' | 'identifier';

/** Share (0..1) of a column's non-missing values that parse as each candidate type. */
export interface TypeEvidence {
  numeric: number;
  integer: number;
  boolean: number;
  datetime: number;
}

/** How many cells were read as missing because of each token ('' = empty cell). */
export interface MissingTokenCount {
  token: string;
  count: number;
}

export interface ColumnInfo {
  name: string;
  kind: ColumnKind;
  /** Number of missing (null/empty/NA) cells. */
  missing: number;
  /** Number of distinct non-missing values. */
  distinct: number;
  /** Finer inferred type (absent on records stored before it existed). */
  type?: InferredType;
  /** Share of non-missing values that support `type` (1 = every value); 1 for overridden columns that parse. */
  confidence?: number;
  /** Parse shares for the candidate types: the evidence behind `type`. */
  evidence?: TypeEvidence;
  /** Missing cells by token, most frequent first; absent when the source has real nulls only (Parquet, Arrow). */
  missingTokens?: MissingTokenCount[];
  /** True when the user forced `kind` instead of inference. */
  overridden?: boolean;
}

/** A parsed, typed table ready for everything downstream. */
export interface Dataset {
  name: string;
  table: Table;
  columns: ColumnInfo[];
  rows: number;
  /** SHA-256 (hex) of the canonical Arrow IPC bytes of `table`. */
  fingerprint: string;
  /** Text encoding the file was read in ('utf-8', 'windows-1252', 'utf-16le', 'utf-16be'); absent for Parquet/Arrow. */
  encoding?: string;
  /** What a person should know about how the file was read: encoding fallback, renamed headers, date order, precision. */
  notes?: string[];
}
