import { Type } from 'apache-arrow';
import type { CheckRule } from '../../types.ts';
import { canonicalNumbers, columnVector, isNumberStored } from '../target/encode-column.ts';
import { percent } from '../target/target-context.ts';
import { hasColumn, splitRows } from './split-rows.ts';

const why = 'A time split must test on the future only; test rows older than training data let the model learn from what comes after them.';

/** Test rows strictly earlier than the latest train row of split.timeColumn (datetime or numeric). */
export const timeOrder: CheckRule = {
  code: 'time_order',
  severity: 'error',
  why,
  scope: 'split',
  run(ctx) {
    const rows = splitRows(ctx);
    const column = ctx.split?.timeColumn;
    if (!rows || !hasColumn(ctx, column) || !isNumberStored(ctx.table, column)) return [];
    const times = canonicalNumbers(ctx.table, column);
    let latestTrain = -Infinity;
    for (const r of rows.train) if (times[r]! > latestTrain) latestTrain = times[r]!;
    if (latestTrain === -Infinity) return [];
    let count = 0;
    let earliest = Infinity;
    const examples: number[] = [];
    for (const r of rows.test) {
      const t = times[r]!;
      if (!(t < latestTrain)) continue;
      count++;
      if (t < earliest) earliest = t;
      if (examples.length < 5) examples.push(r);
    }
    if (count === 0) return [];
    const typeId = columnVector(ctx.table, column).type.typeId;
    const show = (t: number) => (typeId === Type.Timestamp || typeId === Type.Date ? new Date(t).toISOString() : String(t));
    return [
      {
        code: 'time_order',
        severity: 'error',
        columns: [column],
        message: `${count.toLocaleString('en-US')} test rows (${percent(count / rows.test.length)} of the test set) are earlier than the latest train row (${show(latestTrain)}); the earliest is ${show(earliest)}. Split by time so every test row comes after training.`,
        why,
        rows: examples,
        details: { count, share: count / rows.test.length, latestTrain: show(latestTrain), earliestTest: show(earliest) },
      },
    ];
  },
};
