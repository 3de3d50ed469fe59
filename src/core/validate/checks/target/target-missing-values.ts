import type { CheckRule, Finding } from '../../types.ts';
import { exampleRows, percent, targetData } from './target-context.ts';

const why = 'Rows without a target cannot be learned from or scored; training drops them, so fewer rows are used than the file holds.';

/** Rows whose target is missing: counted, shown, and said to be dropped. */
export const targetMissingValues: CheckRule = {
  code: 'target_missing_values',
  severity: 'warning',
  why,
  scope: 'target',
  run(ctx) {
    const target = targetData(ctx);
    if (!target) return [];
    const rows = target.encoded.codes.length;
    const missing = rows - target.present;
    if (missing === 0) return [];
    const codes = target.encoded.codes;
    const finding: Finding = {
      code: 'target_missing_values',
      severity: missing === rows ? 'error' : 'warning',
      columns: [target.name],
      message:
        missing === rows
          ? `Target "${target.name}" has no values in any of the ${rows.toLocaleString('en-US')} rows; pick another target column.`
          : `${missing.toLocaleString('en-US')} rows (${percent(missing / rows)}) have no value in target "${target.name}"; they will be dropped for training.`,
      why,
      rows: exampleRows(rows, (i) => codes[i] === 0),
      details: { count: missing, share: missing / rows },
    };
    return [finding];
  },
};
