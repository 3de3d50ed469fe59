import type { CheckRule } from '../../types.ts';
import { duplicateRows as findDuplicates } from '../../profile/duplicate-rows.ts';
import { countsOf, summaryOf } from './column-facts.ts';
import { count, countOf } from './format.ts';

/**
 * Exact duplicate rows (every column equal, missing equal to missing). Info instead of warning
 * when the columns cannot tell that many rows apart anyway (the product of their distinct
 * counts, missing counted as one more value, is below the row count): then repeats are expected.
 */
export const duplicateRows: CheckRule = {
  code: 'duplicate_rows',
  severity: 'warning',
  why: 'Repeated rows weigh some examples twice and, split across train and test, make scores look better than they are.',
  scope: 'dataset',
  run(ctx) {
    const rows = ctx.table.numRows;
    const found = findDuplicates(ctx.table, ctx.columns);
    if (found.count === 0) return [];
    let combos = 1;
    for (const info of ctx.columns) {
      const c = countsOf(summaryOf(ctx.table, info));
      combos *= c.distinct + (c.missing > 0 ? 1 : 0);
      if (combos >= rows) break;
    }
    const expected = combos < rows;
    const first = found.examples[0];
    return [
      {
        code: duplicateRows.code,
        severity: expected ? 'info' : duplicateRows.severity,
        message:
          `${countOf(found.count, rows, 'row')} ${found.count === 1 ? 'is an exact duplicate' : 'are exact duplicates'} of an earlier row ` +
          `(${count(found.groups)} distinct ${found.groups === 1 ? 'row repeats' : 'rows repeat'}` +
          (first ? `; e.g. row ${count(first.row)} repeats row ${count(first.of)}` : '') +
          ')' +
          (expected ? `; with only ${count(combos)} possible value combinations, repeats are expected.` : '.'),
        why: duplicateRows.why,
        rows: found.examples.map((e) => e.row),
        details: { count: found.count, share: found.count / rows, groups: found.groups },
      },
    ];
  },
};
