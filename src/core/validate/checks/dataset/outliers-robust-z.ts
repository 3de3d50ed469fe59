import { columnNumbers } from '../../profile/column-numbers.ts';
import { MAD_SCALE, ROBUST_Z_LIMIT } from '../../profile/numeric-summary.ts';
import type { CheckRule, Finding } from '../../types.ts';
import { rowsWhere, summaryOf } from './column-facts.ts';
import { count, countOf, num } from './format.ts';

/** Warning at this share of values beyond the limit (normal data: about 0.05%) ... */
export const ROBUST_Z_WARNING_SHARE = 0.01;
/** ... or when any value is this many robust deviations out: a sentinel (999, -1) or a unit slip, rarely a real tail. */
export const ROBUST_Z_EXTREME = 20;

/** Modified z-score (Iglewicz & Hoaglin): |x - median| / (1.4826 · MAD) > 3.5. Skips columns whose MAD is 0. */
export const outliersRobustZ: CheckRule = {
  code: 'outliers_robust_z',
  severity: 'warning',
  why: 'Values many robust deviations from the median are unlikely under the rest of the column: check them for entry errors, sentinels or unit changes.',
  scope: 'dataset',
  run(ctx) {
    const out: Finding[] = [];
    for (const info of ctx.columns) {
      const s = summaryOf(ctx.table, info);
      if (s.kind !== 'numeric') continue;
      const n = s.numbers;
      if (!n.robustZ) continue;
      const { lower, upper, below, above, maxAbsZ } = n.robustZ;
      const outside = below + above;
      if (outside === 0) continue;
      const share = outside / n.count;
      const values = columnNumbers(ctx.table, info.name);
      out.push({
        code: outliersRobustZ.code,
        severity: share >= ROBUST_Z_WARNING_SHARE || maxAbsZ >= ROBUST_Z_EXTREME ? 'warning' : 'info',
        columns: [info.name],
        message:
          `"${info.name}": ${countOf(outside, n.count, 'value')} lie more than ${ROBUST_Z_LIMIT} robust deviations from the median ${num(n.median)} ` +
          `(outside [${num(lower)}, ${num(upper)}]; ${count(below)} below, ${count(above)} above; the farthest is ${num(maxAbsZ)} out).`,
        why: outliersRobustZ.why,
        rows: rowsWhere(values, (x) => x < lower || x > upper),
        details: { count: outside, share, median: n.median, mad: n.mad, scale: MAD_SCALE * n.mad, lower, upper, maxAbsZ },
      });
    }
    return out;
  },
};
