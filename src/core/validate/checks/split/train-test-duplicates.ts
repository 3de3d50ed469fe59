import type { CheckRule } from '../../types.ts';
import { hashRows, RowIndex, rowKeys, sameRow } from '../target/row-index.ts';
import { percent } from '../target/target-context.ts';
import { hasColumn, splitRows } from './split-rows.ts';

const why = 'A test row the model saw in training is scored on memory, not on generalisation, so test scores come out too good.';

/**
 * Test rows equal to some train row in every feature (every column but the target), and how
 * many of them have the same target too.
 */
export const trainTestDuplicates: CheckRule = {
  code: 'train_test_duplicates',
  severity: 'warning',
  why,
  scope: 'split',
  run(ctx) {
    const rows = splitRows(ctx);
    if (!rows || rows.train.length === 0 || rows.test.length === 0) return [];
    const target = hasColumn(ctx, ctx.target) ? ctx.target : undefined;
    const features = ctx.table.schema.fields.map((f) => f.name).filter((n) => n !== target);
    if (features.length === 0) return [];
    const keys = rowKeys(ctx.table, features);
    const index = new RowIndex(keys, hashRows(keys, ctx.table.numRows), rows.train.length);
    for (const r of rows.train) index.findOrAdd(r);
    const targetKey = target === undefined ? null : rowKeys(ctx.table, [target]);
    let count = 0;
    let sameTarget = 0;
    const examples: number[] = [];
    let firstMatch = -1;
    for (const r of rows.test) {
      const match = index.find(r);
      if (match < 0) continue;
      count++;
      if (targetKey && sameRow(targetKey, r, match)) sameTarget++;
      if (examples.length < 5) examples.push(r);
      if (firstMatch < 0) firstMatch = match;
    }
    if (count === 0) return [];
    const n = (v: number) => v.toLocaleString('en-US');
    const withTarget = target === undefined ? '' : ` (${n(sameTarget)} of them with the same "${target}" too)`;
    return [
      {
        code: 'train_test_duplicates',
        severity: 'warning',
        message: `${n(count)} test rows (${percent(count / rows.test.length)} of the test set) equal a train row in every feature${withTarget}; e.g. test row ${examples[0]! + 1} repeats train row ${firstMatch + 1}. Remove duplicates before splitting, or split by group.`,
        why,
        rows: examples,
        details: {
          count,
          share: count / rows.test.length,
          ...(target === undefined ? {} : { sameTarget }),
          exampleTestRow: examples[0]!,
          exampleTrainRow: firstMatch,
        },
      },
    ];
  },
};
