import type { CheckContext } from '../../types.ts';

/** The split's rows as typed arrays, after checking every index names a row of the table. */
export function splitRows(ctx: CheckContext): { train: Int32Array; test: Int32Array } | null {
  const split = ctx.split;
  if (!split) return null;
  const n = ctx.table.numRows;
  const check = (rows: readonly number[], side: string): Int32Array => {
    const out = Int32Array.from(rows);
    rows.forEach((r, j) => {
      if (!Number.isInteger(r) || r < 0 || r >= n)
        throw new RangeError(`split.${side}[${j}] = ${r} is not a row index of a ${n}-row table`);
    });
    return out;
  };
  return { train: check(split.train, 'train'), test: check(split.test, 'test') };
}

export function hasColumn(ctx: CheckContext, name: string | undefined): name is string {
  return name !== undefined && ctx.table.schema.fields.some((f) => f.name === name);
}
