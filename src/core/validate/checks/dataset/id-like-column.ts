import type { ColumnInfo } from '../../../data/types.ts';
import type { ColumnSummary } from '../../profile/column-summary.ts';
import type { CheckRule, Finding } from '../../types.ts';
import { countsOf, summaryOf } from './column-facts.ts';
import { count, percent } from './format.ts';

/** Value-based id heuristics need this many present values: in a handful of rows everything is unique. */
export const MIN_VALUES_FOR_ID = 20;
/** Share of distinct values (of present ones) that counts as near-unique for an id-named column. */
export const NEAR_UNIQUE_ID = 0.95;
/** An all-distinct integer column whose range is at most this many times its count reads as a row number. */
export const SEQUENCE_SPAN = 2;
/** Share of code-like values (one token with a digit: 'A-1093', a UUID) for an all-distinct label column. */
export const CODE_LIKE_SHARE = 0.95;

// 'id', 'uuid', 'row_id', 'Customer Key'; camelCase 'userId', 'PassengerID'. Not 'paid' or 'monkey':
// the suffix needs a separator or, for the camelCase form, its capital letter.
const ID_NAME = /^(id|uuid|guid|key|index|idx)$|[_\s.-](id|uuid|guid|key)$/i;
const CAMEL_ID = /[a-z0-9](Id|ID|Uuid|UUID|Key)$/;

export function looksLikeIdName(name: string): boolean {
  const n = name.trim();
  return ID_NAME.test(n) || CAMEL_ID.test(n);
}

/** Why a column reads as an identifier, or null. Shared with high_cardinality so a column is reported once. */
export function idLikeReason(info: ColumnInfo, s: ColumnSummary): string | null {
  if (info.type === 'identifier') return 'inferred as an identifier';
  const c = countsOf(s);
  if (c.count < MIN_VALUES_FOR_ID) return null;
  const unique = c.distinct === c.count;
  if (s.kind === 'numeric' && unique && s.numbers.integer && s.numbers.max - s.numbers.min + 1 <= SEQUENCE_SPAN * c.count)
    return 'every value is a distinct whole number in a tight range, like a row number';
  if ((s.kind === 'categorical' || s.kind === 'text') && unique && (s.labels.codeLikeShare ?? 0) >= CODE_LIKE_SHARE)
    return 'every value is distinct and code-like';
  if (s.kind !== 'boolean' && looksLikeIdName(info.name) && c.distinct / c.count >= NEAR_UNIQUE_ID)
    return `its name reads as a key and ${percent(c.distinct / c.count)} of its values are distinct`;
  return null;
}

export const idLikeColumn: CheckRule = {
  code: 'id_like_column',
  severity: 'warning',
  why: 'An identifier names rows rather than describing them: a model can memorise it, and it tells nothing about new rows.',
  scope: 'dataset',
  run(ctx) {
    const out: Finding[] = [];
    for (const info of ctx.columns) {
      const s = summaryOf(ctx.table, info);
      const reason = idLikeReason(info, s);
      if (!reason) continue;
      const c = countsOf(s);
      out.push({
        code: idLikeColumn.code,
        severity: idLikeColumn.severity,
        columns: [info.name],
        message: `"${info.name}" looks like an identifier (${reason}; ${count(c.distinct)} distinct of ${count(c.count)} present values). Leave it out of the features, or use it to group rows in the split.`,
        why: idLikeColumn.why,
        details: { distinct: c.distinct, count: c.count, reason },
      });
    }
    return out;
  },
};
