import { benchtopError } from '../errors.ts';
import { accumulateStrings } from './accumulate-strings.ts';
import { ColumnAccumulator } from './column-accumulator.ts';
import { finishColumn } from './finish-column.ts';
import type { FinishedColumn } from './finish-column.ts';
import { MissingTokenMatcher } from './missing-token-matcher.ts';
import { parseBoolean } from './parse-boolean.ts';
import { parseDatetime } from './parse-datetime.ts';
import { parseNumber } from './parse-number.ts';
import type { RawTable } from './raw-table.ts';
import type { ColumnInfo, ColumnKind } from './types.ts';

export { CATEGORICAL_MAX_SHARE, CATEGORICAL_MIN_LIMIT, CATEGORICAL_SHARE, isCategorical } from './infer-rules.ts';

/** Cells of a RawTable are already missing-resolved: no spelling is a missing token there. */
const NO_TOKENS = new MissingTokenMatcher([]);

/**
 * Infer (or check a forced kind) and build one column of string cells through the byte path the
 * file readers use, so a RawTable gets the very kinds and Arrow bytes a file with the same cells
 * gets.
 */
export function finishStrings(name: string, values: readonly (string | null)[], kind?: ColumnKind): FinishedColumn {
  const acc = new ColumnAccumulator({ name, forced: kind, tokens: NO_TOKENS });
  return finishColumn(name, acc, { prefix: accumulateStrings(acc, values) });
}

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

/** One column's name, kind, missing and distinct counts; infers the kind unless `kind` is given. */
export function inferColumn(name: string, values: readonly (string | null)[], kind?: ColumnKind): ColumnInfo {
  const { info } = finishStrings(name, values, kind);
  return { name, kind: info.kind, missing: info.missing, distinct: info.distinct };
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
 *   '02139') makes the column a label column instead: such codes lose meaning as numbers; so does
 *   an integer beyond 2^53 (64-bit ids), which a float64 would round.
 * - boolean: every value true/false, yes/no, t/f, y/n (any case), or 0/1 mixed with those words.
 * - datetime: every value a date in one reading: ISO-like (YYYY-MM-DD or YYYY/MM/DD, optional time
 *   and zone), DD.MM.YYYY, MM/DD/YYYY or DD/MM/YYYY (one reading for the whole column), or with an
 *   English month name.
 * - categorical: distinct <= max(20, 5% of non-missing) and distinct <= 50% of non-missing.
 * - text: anything else (free text, ids), and a column with no values at all.
 */
export function inferKind(values: readonly (string | null)[]): ColumnKind {
  return finishStrings('', values).info.kind;
}
