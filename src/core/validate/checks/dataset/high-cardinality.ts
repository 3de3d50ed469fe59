import type { CheckRule, Finding } from '../../types.ts';
import { summaryOf } from './column-facts.ts';
import { idLikeReason } from './id-like-column.ts';
import { count, percent } from './format.ts';

/**
 * Thresholds. A label column is flagged (warning) when it has more than MANY_LEVELS distinct
 * values that are also more than HIGH_SHARE of its present values, and its values are short
 * (mean length <= SHORT_LABEL code points): that looks like categories or names that barely
 * repeat, not free text (long values) and not an id (reported by id_like_column instead). A
 * categorical column with more than WIDE_ONE_HOT levels is noted (info): one-hot encoding it
 * adds that many features.
 */
export const MANY_LEVELS = 50;
export const HIGH_SHARE = 0.5;
export const SHORT_LABEL = 40;
export const WIDE_ONE_HOT = 100;

export const highCardinality: CheckRule = {
  code: 'high_cardinality',
  severity: 'warning',
  why: 'A label with nearly as many values as rows repeats too rarely to learn from, and one-hot encoding it adds a feature per value.',
  scope: 'dataset',
  run(ctx) {
    const out: Finding[] = [];
    for (const info of ctx.columns) {
      const s = summaryOf(ctx.table, info);
      if (s.kind !== 'categorical' && s.kind !== 'text') continue;
      const { distinct, count: present, length } = s.labels;
      if (present === 0 || idLikeReason(info, s)) continue;
      const share = distinct / present;
      const details = { distinct, count: present, distinctShare: share };
      if (distinct > MANY_LEVELS && share > HIGH_SHARE && length && length.mean <= SHORT_LABEL) {
        out.push({
          code: highCardinality.code,
          severity: highCardinality.severity,
          columns: [info.name],
          message: `"${info.name}" has ${count(distinct)} distinct values in ${count(present)} present cells (${percent(share)}): most values occur once. Group rare values, extract a coarser feature, or leave it out.`,
          why: highCardinality.why,
          details,
        });
      } else if (s.kind === 'categorical' && distinct > WIDE_ONE_HOT) {
        out.push({
          code: highCardinality.code,
          severity: 'info',
          columns: [info.name],
          message: `"${info.name}" has ${count(distinct)} categories; one-hot encoding adds that many features. Consider grouping rare categories.`,
          why: highCardinality.why,
          details,
        });
      }
    }
    return out;
  },
};
