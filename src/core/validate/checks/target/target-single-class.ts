import type { CheckRule } from '../../types.ts';
import { quote, targetData } from './target-context.ts';

const why = 'With one class (or one value) there is nothing to tell apart: every model predicts it and every score is meaningless.';

/** A classification target with a single class, or a regression target with a single value. */
export const targetSingleClass: CheckRule = {
  code: 'target_single_class',
  severity: 'error',
  why,
  scope: 'target',
  run(ctx) {
    const target = targetData(ctx);
    if (!target || target.task === null || target.encoded.k !== 1) return [];
    const value = target.encoded.label(1);
    const rows = target.present.toLocaleString('en-US');
    return [
      {
        code: 'target_single_class',
        severity: 'error',
        columns: [target.name],
        message: target.classification
          ? `Target "${target.name}" has only one class (${quote(value)}) in its ${rows} rows with a value; a classifier needs at least two.`
          : `Target "${target.name}" has the same value (${quote(value)}) in all ${rows} rows with a value; there is nothing to predict.`,
        why,
        details: { value, rows: target.present },
      },
    ];
  },
};
