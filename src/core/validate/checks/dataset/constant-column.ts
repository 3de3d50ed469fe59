import type { CheckRule, Finding } from '../../types.ts';
import { countsOf, modeOf, summaryOf } from './column-facts.ts';
import { countOf, quote } from './format.ts';

/**
 * One distinct value in every non-missing cell. All-missing columns are constant too, but
 * all_missing_column reports them, once.
 */
export const constantColumn: CheckRule = {
  code: 'constant_column',
  severity: 'warning',
  why: 'A column with a single value cannot help any model tell rows apart; it only adds width.',
  scope: 'dataset',
  run(ctx) {
    const rows = ctx.table.numRows;
    const out: Finding[] = [];
    for (const info of ctx.columns) {
      const s = summaryOf(ctx.table, info);
      const c = countsOf(s);
      if (c.count === 0 || c.distinct !== 1) continue;
      const mode = modeOf(s);
      const value = mode ? quote(mode.value) : '?';
      out.push({
        code: constantColumn.code,
        severity: constantColumn.severity,
        columns: [info.name],
        message:
          c.missing === 0
            ? `"${info.name}" holds ${value} in all ${rows.toLocaleString('en-US')} rows.`
            : `"${info.name}" holds ${value} in every present cell; the other ${countOf(c.missing, rows, 'row')} are missing, which is its only variation.`,
        why: constantColumn.why,
        details: { value: mode?.value ?? '', missing: c.missing },
      });
    }
    return out;
  },
};
