/**
 * Personal data found in a table, and what to do about it before anything is stored. A detector
 * finds one kind of value (email, card number, ...) inside a cell; a column is reported when
 * enough of its values match.
 */
import type { CancelToken, ProgressFn } from '../../jobs.ts';
import type { ColumnInfo, ColumnKind } from '../../data/types.ts';

export type PiiKind = 'email' | 'phone' | 'credit_card' | 'iban' | 'ipv4' | 'ipv6' | 'us_ssn' | 'uk_nino';

/** What a column's name suggests it holds; a hint only, never proof. */
export type PiiNameHintKind = 'email' | 'phone' | 'ssn' | 'name' | 'address' | 'dob';

/** What the column name says, which lets a detector accept looser forms (a bare 10-digit phone number). */
export interface ColumnHints {
  phone: boolean;
  ssn: boolean;
}

/** A match of a detector's shape in a cell, [start, end) in UTF-16 units; `valid` once checks (checksum, ranges) pass. */
export interface PiiCandidate {
  start: number;
  end: number;
  valid: boolean;
}

export interface PiiDetector {
  kind: PiiKind;
  /** Report a column on any valid match (card numbers, IBANs: checksums make chance matches rare). */
  anyMatch: boolean;
  /** Text shaped like this kind but failing its checks is still kept from later detectors (a mistyped IBAN is no phone number). */
  claimsInvalid?: boolean;
  /** Cheap test that a cell may hold a match; `digits` is the cell's count of ASCII digits. */
  mayContain(value: string, digits: number): boolean;
  /** Every shape match in the cell, valid or not. */
  find(value: string, hints: ColumnHints): PiiCandidate[];
  /** A partly masked form to show as a sample: 'j***@example.com'. */
  preview(match: string): string;
  /** The mask a scrub writes in place of a match, keeping a hint of the format: '***@***', '****1234'. */
  redact(match: string): string;
}

export interface PiiFinding {
  kind: PiiKind;
  /** Values (cells) holding at least one valid match: in the scanned rows, or all rows when counted exactly. */
  count: number;
  /** count / non-missing values scanned. */
  share: number;
  /** Up to 3 distinct matches, partly masked. */
  samples: string[];
  /** high: checksum-validated or most values match; medium: a minority of values match. */
  confidence: 'high' | 'medium';
}

export interface PiiNameHint {
  kind: PiiNameHintKind;
  confidence: 'low';
}

export interface PiiColumnReport {
  column: string;
  findings: PiiFinding[];
  nameHints: PiiNameHint[];
}

export interface PiiReport {
  /** Columns with a finding or a name hint, in table order. */
  columns: PiiColumnReport[];
  rows: number;
  /** Rows the detectors read (evenly spaced when the table has more than sampleRows). */
  rowsScanned: number;
  /** True when counts cover every row. */
  exact: boolean;
}

export interface DetectPiiOptions {
  /** Most rows read for detection (default 100,000), evenly spaced. */
  sampleRows?: number;
  /** Recount the reported kinds over every row, so count and share are exact. */
  exact?: boolean;
  /** A share-based detector reports a column at this share of matching values (default 0.1) ... */
  minShare?: number;
  /** ... and at least this many matching values (default 3, or every value of a smaller column). */
  minCount?: number;
  cancel?: CancelToken;
  onProgress?: ProgressFn;
}

export interface PiiAction {
  column: string;
  action: 'drop' | 'mask' | 'hash';
}

export interface ScrubOptions {
  /** Prepended to every value before hashing; required for 'hash' (generateSalt() makes one). Keep it to hash later data the same way. */
  salt: string;
  /** The table's column records; when given, the result includes the updated records. */
  columns?: readonly ColumnInfo[];
  cancel?: CancelToken;
  onProgress?: ProgressFn;
}

export interface ScrubLogEntry {
  column: string;
  action: PiiAction['action'];
  /** Cells rewritten (0 for drop). */
  changed: number;
  kindBefore: ColumnKind;
  /** Absent for drop. */
  kindAfter?: ColumnKind;
  /** mask only: whole values replaced, or only the matched parts of longer text. */
  mode?: 'values' | 'substrings';
  /** mask only: matches replaced, by kind. */
  matches?: { kind: PiiKind; count: number }[];
}
