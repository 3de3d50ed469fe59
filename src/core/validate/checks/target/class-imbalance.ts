import type { CheckRule } from '../../types.ts';
import { classTable, describeClasses } from './class-table.ts';
import { percent, quote, targetData } from './target-context.ts';

/** Below this share the minority class is easy to ignore: accuracy rewards predicting the majority. */
const MINORITY_SHARE = 0.1;

const why =
  'When one class is rare, accuracy rewards ignoring it; judge models by balanced accuracy, F1 or ROC AUC and consider class weights.';

export const classImbalance: CheckRule = {
  code: 'class_imbalance',
  severity: 'warning',
  why,
  scope: 'target',
  run(ctx) {
    const target = targetData(ctx);
    if (!target?.classification || target.encoded.k < 2) return [];
    const classes = classTable(target);
    const minority = classes[classes.length - 1]!;
    const majority = classes[0]!;
    if (minority.share >= MINORITY_SHARE) return [];
    return [
      {
        code: 'class_imbalance',
        severity: 'warning',
        columns: [target.name],
        message: `Target "${target.name}" is imbalanced: the smallest class ${quote(minority.label)} has ${minority.count.toLocaleString('en-US')} rows (${percent(minority.share)}). Classes: ${describeClasses(classes)}.`,
        why,
        details: {
          classes: classes.length,
          minorityClass: minority.label,
          minorityCount: minority.count,
          minorityShare: minority.share,
          majorityClass: majority.label,
          majorityShare: majority.share,
          ratio: majority.count / minority.count,
        },
      },
    ];
  },
};
