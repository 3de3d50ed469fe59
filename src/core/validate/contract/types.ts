/**
 * A data contract: what a dataset promised to look like when it was made, so later data
 * (a new version, a scoring batch) can be checked against it. Plain, versioned JSON that a
 * person may edit; parsed with validateContractJson, never trusted as is.
 */
import type { ColumnKind, InferredType } from '../../data/types.ts';

export const CONTRACT_FORMAT = 'benchtop.contract';

export interface DataContract {
  format: typeof CONTRACT_FORMAT;
  version: 1;
  /** The data the contract was generated from. */
  createdFrom: {
    datasetName: string;
    versionId?: string;
    /** SHA-256 of the canonical Arrow IPC bytes of that data. */
    fingerprint: string;
  };
  /** Inclusive bounds on the number of rows. */
  rowCount: { min: number; max: number };
  columns: ContractColumn[];
}

export interface ContractColumn {
  name: string;
  kind: ColumnKind;
  /** Finer type; 'integer' also promises whole numbers. */
  type: InferredType;
  /** A missing required column fails the contract; a missing optional one is a warning. */
  required: boolean;
  /** false: not a single missing cell is allowed. */
  nullable: boolean;
  /** Largest allowed share (0..1) of missing cells. */
  maxMissingShare: number;
  /** Every non-missing value distinct (an id or key). */
  unique?: boolean;
  /** Inclusive bounds: numbers for numeric columns, ISO 8601 strings for datetime columns. */
  range?: NumericRange | DatetimeRange;
  /** Categorical columns: the labels seen, sorted. */
  allowedValues?: string[];
  /** With allowedValues: true makes a new label a warning instead of an error. */
  allowUnseen?: boolean;
  /** The distribution the contract was made from, for shift and unit-change checks. */
  reference?: NumericReference | CategoricalReference;
}

export interface NumericRange {
  min: number;
  max: number;
}

export interface DatetimeRange {
  min: string;
  max: string;
}

export interface NumericReference {
  kind: 'numeric';
  /** Non-missing values the figures come from. */
  count: number;
  /** percentiles[i] is the (i+1)-th percentile: 99 values, p1 .. p99 (numpy 'linear'). */
  percentiles: number[];
  mean: number;
  /** Population standard deviation. */
  std: number;
  median: number;
  iqr: number;
  /** PSI bins: inner edges (reference deciles, ties merged) and the reference's share in each of the edges.length + 1 bins. */
  bins: { edges: number[]; shares: number[] };
}

export interface CategoricalReference {
  kind: 'categorical';
  count: number;
  /** Share of non-missing values per label, largest first. */
  frequencies: { value: string; share: number }[];
}

export type ViolationCode =
  | 'missing_column'
  | 'unexpected_column'
  | 'kind_mismatch'
  | 'null_share_exceeded'
  | 'out_of_range'
  | 'unseen_category'
  | 'duplicate_values'
  | 'row_count_out_of_range'
  | 'distribution_shift'
  | 'unit_change';

export interface ContractViolation {
  code: ViolationCode;
  /** error fails the contract; warning is reported and does not. */
  severity: 'error' | 'warning';
  column?: string;
  /** What broke, with the numbers. */
  message: string;
  /** How many cells (or rows) broke the promise, where that is countable. */
  count?: number;
  /** A few offending cells: 0-based row index and the value as text. */
  examples?: { row: number; value: string }[];
  details?: Record<string, number | string | boolean>;
}

export interface ContractCheck {
  pass: boolean;
  violations: ContractViolation[];
}
