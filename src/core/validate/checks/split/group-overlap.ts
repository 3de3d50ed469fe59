import type { CheckRule } from '../../types.ts';
import { encodeColumn } from '../target/encode-column.ts';
import { quote } from '../target/target-context.ts';
import { hasColumn, splitRows } from './split-rows.ts';

const why = 'Rows of one group (a patient, a customer, a site) are alike; scoring on groups seen in training overstates how the model does on new groups.';

/** Groups (values of split.groupColumn, missing counted as one group) on both sides of the split. */
export const groupOverlap: CheckRule = {
  code: 'group_overlap',
  severity: 'error',
  why,
  scope: 'split',
  run(ctx) {
    const rows = splitRows(ctx);
    const column = ctx.split?.groupColumn;
    if (!rows || !hasColumn(ctx, column)) return [];
    const groups = encodeColumn(ctx.table, column);
    const inTrain = new Uint8Array(groups.k + 1);
    for (const r of rows.train) inTrain[groups.codes[r]!] = 1;
    const shared = new Uint8Array(groups.k + 1);
    let testRows = 0;
    const examples: number[] = [];
    for (const r of rows.test) {
      const g = groups.codes[r]!;
      if (!inTrain[g]) continue;
      shared[g] = 1;
      testRows++;
      if (examples.length < 5) examples.push(r);
    }
    const overlapping: number[] = [];
    for (let g = 1; g <= groups.k; g++) if (shared[g]) overlapping.push(g);
    if (shared[0]) overlapping.push(0); // the missing group last, as the group splits order it
    if (overlapping.length === 0) return [];
    const name = (g: number) => (g === 0 ? '(missing)' : quote(groups.label(g)));
    const listed = overlapping.slice(0, 5).map(name);
    if (overlapping.length > 5) listed.push(`and ${overlapping.length - 5} more`);
    return [
      {
        code: 'group_overlap',
        severity: 'error',
        columns: [column],
        message: `${overlapping.length.toLocaleString('en-US')} ${overlapping.length === 1 ? 'group' : 'groups'} of "${column}" appear in both train and test (${listed.join(', ')}), covering ${testRows.toLocaleString('en-US')} test rows. Use a group split so each group is on one side only.`,
        why,
        rows: examples,
        details: { groups: overlapping.length, testRows, share: testRows / rows.test.length },
      },
    ];
  },
};
