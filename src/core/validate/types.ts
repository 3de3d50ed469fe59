/**
 * What a data-quality check reports. Each check is a small registered rule with a stable
 * code, a severity and a one-line "why it matters"; a run of the rules yields findings.
 */
import type { Table } from 'apache-arrow';
import type { ColumnInfo } from '../data/types.ts';
import type { Task } from '../spec/types.ts';

/** error: the data cannot be used as is; warning: results may mislead; info: worth knowing. */
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** The rule's stable code, e.g. 'duplicate_rows', 'target_leakage'. */
  code: string;
  severity: Severity;
  /** The column(s) the finding is about, if any. */
  columns?: string[];
  /** What was found, with numbers ("412 rows (3.1%) are exact duplicates of an earlier row"). */
  message: string;
  /** Why it matters, in one sentence (from the rule). */
  why: string;
  /** Up to a few example row indices (0-based table rows) so the UI can show them. */
  rows?: number[];
  /** Machine-readable figures behind the message (counts, shares, scores). */
  details?: Record<string, number | string | boolean>;
}

/** Everything a rule may look at. Target and split parts are present only once chosen. */
export interface CheckContext {
  table: Table;
  columns: readonly ColumnInfo[];
  target?: string;
  task?: Task;
  /** Row indices of a proposed split, plus the columns it was made with. */
  split?: {
    train: readonly number[];
    test: readonly number[];
    groupColumn?: string;
    timeColumn?: string;
  };
}

export interface CheckRule {
  code: string;
  severity: Severity;
  /** One sentence: why a person should care. */
  why: string;
  /** 'dataset' rules need only the table; 'target' rules need ctx.target; 'split' rules need ctx.split. */
  scope: 'dataset' | 'target' | 'split';
  run(ctx: CheckContext): Finding[];
}
