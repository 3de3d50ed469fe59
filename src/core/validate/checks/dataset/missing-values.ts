import type { CheckRule, Finding } from '../../types.ts';
import { countsOf, missingRows, summaryOf } from './column-facts.ts';
import { countOf, quote } from './format.ts';

/** Up to this share missing is worth knowing (info); from it on, imputation choices start to matter (warning). */
export const MISSING_WARNING_SHARE = 0.05;

/** Columns with some (not all) cells missing; all-missing columns are all_missing_column's. */
export const missingValues: CheckRule = {
  code: 'missing_values',
  severity: 'warning',
  why: 'Models need every cell filled: missing values get imputed or their rows dropped, and when missingness depends on the outcome that choice shifts results.',
  scope: 'dataset',
  run(ctx) {
    const rows = ctx.table.numRows;
    const out: Finding[] = [];
    for (const info of ctx.columns) {
      const { missing, count } = countsOf(summaryOf(ctx.table, info));
      if (missing === 0 || count === 0) continue;
      const share = missing / rows;
      const tokens = info.missingTokens?.length
        ? ` (${info.missingTokens.map((t) => `${t.token === "" ? "empty" : quote(t.token)} ${t.count.toLocaleString("en-US")}`).join(', ')})`
        : '';
      out.push({
        code: missingValues.code,
        severity: share >= MISSING_WARNING_SHARE ? 'warning' : 'info',
        columns: [info.name],
        message: `"${info.name}": ${countOf(missing, rows, 'cell')} missing${tokens}.`,
        why: missingValues.why,
        rows: missingRows(ctx.table, info.name),
        details: { missing, share },
      });
    }
    return out;
  },
};
