/**
 * The column profile a data-quality report shows: one entry per column, shaped by its kind.
 * Every figure is a finite number or null (never NaN or Infinity), so a profile survives
 * JSON.stringify and a structured clone unchanged.
 */
import type { ColumnKind, InferredType, MissingTokenCount } from '../../data/types.ts';

/** Bin edges (length k + 1) and counts (length k); every bin is [edge, next) except the last, which is closed. */
export interface Histogram {
  edges: number[];
  counts: number[];
}

export interface TopValue<V> {
  value: V;
  count: number;
}

/** Linear-interpolation quantiles of the non-missing values (numpy's default method). */
export interface Quantiles {
  p01: number;
  p05: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
}

interface ProfileBase {
  name: string;
  kind: ColumnKind;
  /** ColumnInfo.type, or derived from the kind (and integrality) when ColumnInfo has none. */
  type: InferredType;
  /** ColumnInfo.confidence; null when ingest did not record one. */
  confidence: number | null;
  /** Non-missing cells. */
  count: number;
  missing: number;
  /** missing / rows (0 for a table without rows). */
  missingShare: number;
  /** Missing cells by the token that spelled them, when ingest recorded it. */
  missingByToken?: MissingTokenCount[];
  /** Distinct non-missing values, as the kind reads them (1 and 1.0 are one number). */
  distinct: number;
  /** distinct / count (0 when nothing is present). */
  distinctShare: number;
}

export interface NumericProfile extends ProfileBase {
  kind: 'numeric';
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Sample standard deviation (ddof = 1, like pandas); null below 2 values. */
  std: number | null;
  quantiles: Quantiles | null;
  zeros: number;
  negatives: number;
  histogram: Histogram | null;
  /** Adjusted Fisher–Pearson skewness (pandas, scipy bias=False); null below 3 values or for a constant column. */
  skew: number | null;
  /** Most frequent values when the column has few distinct values (<= 50), else null. */
  topValues: TopValue<number>[] | null;
  /** Non-missing values outside topValues (0 when topValues is null). */
  otherCount: number;
}

export interface BooleanProfile extends ProfileBase {
  kind: 'boolean';
  trueCount: number;
  falseCount: number;
}

export interface DatetimeProfile extends ProfileBase {
  kind: 'datetime';
  /** ISO 8601 UTC. */
  min: string | null;
  max: string | null;
  /** Over epoch milliseconds (UTC). */
  histogram: Histogram | null;
}

export interface LabelProfile extends ProfileBase {
  kind: 'categorical' | 'text';
  /** The topK most frequent values, by count then value. */
  topValues: TopValue<string>[];
  /** Non-missing values outside topValues. */
  otherCount: number;
  /** Length in Unicode code points (as Python's len) over non-missing values; null when none. */
  length: { min: number; mean: number; max: number } | null;
}

export type ColumnProfile = NumericProfile | BooleanProfile | DatetimeProfile | LabelProfile;

export interface DatasetProfile {
  rows: number;
  columns: ColumnProfile[];
  /** Rows that exactly repeat an earlier row (pandas' duplicated().sum()). */
  duplicateRows: number;
  /** Bytes of the Arrow buffers behind the table. */
  memoryBytes?: number;
}

export interface ProfileOptions {
  /** How many most frequent values to list for label columns (and few-valued numeric columns). Default 10. */
  topK?: number;
  /** Histogram bins; default: numpy's 'auto' (the narrower of Freedman–Diaconis and Sturges) capped at 50. */
  bins?: number;
}
