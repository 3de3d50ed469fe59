import type { CheckRule, Finding } from '../../types.ts';
import { countsOf, summaryOf } from './column-facts.ts';

export const allMissingColumn: CheckRule = {
  code: 'all_missing_column',
  severity: 'warning',
  why: 'A column with no values carries no information; it is usually an export artefact or a join that matched nothing.',
  scope: 'dataset',
  run(ctx) {
    const rows = ctx.table.numRows;
    if (rows === 0) return [];
    const out: Finding[] = [];
    for (const info of ctx.columns) {
      if (countsOf(summaryOf(ctx.table, info)).count > 0) continue;
      out.push({
        code: allMissingColumn.code,
        severity: allMissingColumn.severity,
        columns: [info.name],
        message: `"${info.name}" is missing in all ${rows.toLocaleString('en-US')} rows. Drop it.`,
        why: allMissingColumn.why,
        details: { missing: rows },
      });
    }
    return out;
  },
};
