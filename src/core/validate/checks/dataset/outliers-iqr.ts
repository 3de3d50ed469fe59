import { columnNumbers } from '../../profile/column-numbers.ts';
import type { CheckRule, Finding } from '../../types.ts';
import { rowsWhere, summaryOf } from './column-facts.ts';
import { count, countOf, num } from './format.ts';

/** Above this share of values outside the fences the finding is a warning (about 0.7% of normal data falls outside). */
export const IQR_WARNING_SHARE = 0.05;

export const outliersIqr: CheckRule = {
  code: 'outliers_iqr',
  severity: 'warning',
  why: 'Values far outside the bulk of a column pull means, scales and linear fits toward themselves; they may be errors, units or real extremes.',
  scope: 'dataset',
  run(ctx) {
    const out: Finding[] = [];
    for (const info of ctx.columns) {
      const s = summaryOf(ctx.table, info);
      if (s.kind !== 'numeric') continue;
      const n = s.numbers;
      // With IQR 0 (most values equal) every other value would be "outside": near_constant_column covers that.
      if (!n.iqr || !n.iqrFar) continue;
      const { lower, upper, below, above } = n.iqr;
      const outside = below + above;
      if (outside === 0) continue;
      const share = outside / n.count;
      const farOut = n.iqrFar.below + n.iqrFar.above;
      const values = columnNumbers(ctx.table, info.name);
      out.push({
        code: outliersIqr.code,
        severity: share > IQR_WARNING_SHARE ? 'warning' : 'info',
        columns: [info.name],
        message:
          `"${info.name}": ${countOf(outside, n.count, 'value')} fall outside the IQR fences [${num(lower)}, ${num(upper)}] ` +
          `(${count(below)} below, ${count(above)} above; ${count(farOut)} beyond 3 IQR).` +
          (Math.abs(n.skew) > 2 ? ` The column is skewed (skew ${num(n.skew)}): a log transform may suit it better than dropping values.` : ''),
        why: outliersIqr.why,
        rows: rowsWhere(values, (x) => x < lower || x > upper),
        details: { count: outside, share, lower, upper, below, above, farOut },
      });
    }
    return out;
  },
};
