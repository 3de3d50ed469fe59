import { benchtopError } from '../errors.ts';
import { isBooleanWord, parseBoolean } from './parse-boolean.ts';
import { parseDatetime } from './parse-datetime.ts';
import { hasLeadingZero, parseNumber } from './parse-number.ts';
import type { RawTable } from './raw-table.ts';
import type { ColumnInfo, ColumnKind } from './types.ts';

/** A label column may have at least this many distinct values ... */
export const CATEGORICAL_MIN_LIMIT = 20;
/** ... or this share of its non-missing cells, whichever is larger ... */
export const CATEGORICAL_SHARE = 0.05;
/** ... and at most this share of its non-missing cells (more looks like names or ids: text). */
export const CATEGORICAL_MAX_SHARE = 0.5;

/**
 * Kinds, missing and distinct counts of every column, in column order. `kinds` forces a kind
 * for named columns (throws column_not_found for a name not in the table, column_kind_mismatch
 * when a value cannot be read as the forced kind).
 */
export function inferTypes(raw: RawTable, kinds?: ReadonlyMap<string, ColumnKind>): ColumnInfo[] {
  if (kinds)
    for (const name of kinds.keys())
      if (!raw.names.includes(name)) throw benchtopError('column_not_found', { column: name, available: raw.names.join(', ') });
  return raw.names.map((name, j) => inferColumn(name, raw.columns[j] ?? [], kinds?.get(name)));
}

/** One column's info; infers the kind unless `kind` is given. */
export function inferColumn(name: string, values: readonly (string | null)[], kind?: ColumnKind): ColumnInfo {
  const k = kind ?? inferKind(values);
  let missing = 0;
  const distinct = new Set<string | number | boolean>();
  // Distinct counts the values as the kind reads them: '1.0' and '1' are one number.
  values.forEach((v, i) => {
    if (v === null) {
      missing++;
      return;
    }
    const parsed = readAs(k, v);
    if (parsed === null) throw benchtopError('column_kind_mismatch', { column: name, kind: k, row: i + 1, value: v });
    distinct.add(parsed);
  });
  return { name, kind: k, missing, distinct: distinct.size };
}

/** The value as `kind` holds it (number, boolean, epoch ms or the text itself), or null if it cannot. */
export function readAs(kind: ColumnKind, text: string): string | number | boolean | null {
  switch (kind) {
    case 'numeric':
      return parseNumber(text);
    case 'boolean':
      return parseBoolean(text);
    case 'datetime':
      return parseDatetime(text);
    case 'categorical':
    case 'text':
      return text;
  }
}

/**
 * The kind of a column of raw cells (null = missing), tried in this order:
 * - numeric: every value a plain finite number (' -1.5e3 ' yes; '1,000', '0x1F', 'inf' no), however
 *   few distinct values (0/1 flags and counts stay numeric). A value with a leading zero ('007',
 *   '02139') makes the column a label column instead: such codes lose meaning as numbers.
 * - boolean: every value true/false, yes/no, t/f, y/n (any case), or 0/1 mixed with those words.
 * - datetime: every value an ISO-like date/datetime (YYYY-MM-DD or YYYY/MM/DD, optional time and zone).
 * - categorical: distinct <= max(20, 5% of non-missing) and distinct <= 50% of non-missing.
 * - text: anything else (free text, ids), and a column with no values at all.
 */
export function inferKind(values: readonly (string | null)[]): ColumnKind {
  let count = 0;
  let numeric = true;
  let boolean = true;
  let booleanWord = false;
  let datetime = true;
  const distinct = new Set<string>();
  for (const v of values) {
    if (v === null) continue;
    count++;
    distinct.add(v);
    if (numeric && (parseNumber(v) === null || hasLeadingZero(v))) numeric = false;
    if (boolean) {
      if (parseBoolean(v) === null) boolean = false;
      else if (!booleanWord && isBooleanWord(v)) booleanWord = true;
    }
    if (datetime && parseDatetime(v) === null) datetime = false;
  }
  if (count === 0) return 'text';
  if (numeric) return 'numeric';
  if (boolean && booleanWord) return 'boolean';
  if (datetime) return 'datetime';
  return isCategorical(distinct.size, count) ? 'categorical' : 'text';
}

export function isCategorical(distinct: number, nonMissing: number): boolean {
  const limit = Math.max(CATEGORICAL_MIN_LIMIT, CATEGORICAL_SHARE * nonMissing);
  return distinct <= limit && distinct <= CATEGORICAL_MAX_SHARE * nonMissing;
}
