import type { CheckRule } from '../../types.ts';
import { classTable } from './class-table.ts';
import { exampleRows, quote, targetData } from './target-context.ts';

/** Fewer rows than this give a class too few examples to learn or to measure. */
const RARE = 10;
/** The default cross-validation: stratified 5-fold puts at least one row of every class in each fold. */
const FOLDS = 5;

const why = 'A class with a handful of rows is learned poorly, scored on one or two test rows, and may be missing from some folds.';

export const rareClasses: CheckRule = {
  code: 'rare_classes',
  severity: 'warning',
  why,
  scope: 'target',
  run(ctx) {
    const target = targetData(ctx);
    if (!target?.classification || target.encoded.k < 2) return [];
    const rare = classTable(target)
      .filter((c) => c.count < RARE)
      .reverse();
    if (rare.length === 0) return [];
    const tooFewForFolds = rare.filter((c) => c.count < FOLDS);
    const listed = rare.slice(0, 8).map((c) => `${quote(c.label)} (${c.count})`);
    if (rare.length > 8) listed.push(`and ${rare.length - 8} more`);
    const folds =
      tooFewForFolds.length > 0
        ? ` Stratified ${FOLDS}-fold needs >= ${FOLDS} per class; ${tooFewForFolds.length === 1 ? `${quote(tooFewForFolds[0]!.label)} has` : `${tooFewForFolds.length} classes have`} fewer.`
        : '';
    const rarest = rare[0]!.code;
    const codes = target.encoded.codes;
    return [
      {
        code: 'rare_classes',
        severity: 'warning',
        columns: [target.name],
        message: `${rare.length === 1 ? '1 class has' : `${rare.length} classes have`} fewer than ${RARE} rows in target "${target.name}": ${listed.join(', ')}.${folds}`,
        why,
        rows: exampleRows(codes.length, (i) => codes[i] === rarest),
        details: { rareClasses: rare.length, smallestCount: rare[0]!.count, belowFolds: tooFewForFolds.length, folds: FOLDS },
      },
    ];
  },
};
