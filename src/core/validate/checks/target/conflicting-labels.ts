import type { CheckRule } from '../../types.ts';
import { groupRows, hashRows, rowKeys } from './row-index.ts';
import { featureNames, percent, quote, targetData } from './target-context.ts';

/** Regression targets of identical rows "disagree" when they differ by more than this share of the target's spread. */
const SPREAD_TOLERANCE = 0.01;

const why =
  'Rows that look identical to the model but carry different targets cap the best possible score and often point at label noise or a missing feature.';

/**
 * Groups of rows with the same value in every non-target column but different targets
 * (classification), or targets further apart than 1% of the target's standard deviation
 * (regression). Rows without a target are left out.
 */
export const conflictingLabels: CheckRule = {
  code: 'conflicting_labels',
  severity: 'warning',
  why,
  scope: 'target',
  run(ctx) {
    const target = targetData(ctx);
    if (!target || target.task === null) return [];
    const y = target.y;
    if (!target.classification && !y) return [];
    const features = featureNames(ctx.table, target.name);
    if (features.length === 0) return [];
    const n = ctx.table.numRows;
    const codes = target.encoded.codes;
    const rows = new Int32Array(target.present);
    for (let i = 0, j = 0; i < n; i++) if (codes[i] !== 0) rows[j++] = i;
    const keys = rowKeys(ctx.table, features);
    const { groupOf, firstRow, groups } = groupRows(keys, hashRows(keys, n), rows);
    if (groups === rows.length) return [];

    const conflict = new Uint8Array(groups);
    let tolerance = 0;
    if (target.classification) {
      for (let j = 0; j < rows.length; j++) {
        const g = groupOf[j]!;
        if (codes[rows[j]!] !== codes[firstRow[g]!]) conflict[g] = 1;
      }
    } else if (y) {
      tolerance = SPREAD_TOLERANCE * standardDeviation(y, rows);
      const lo = new Float64Array(groups).fill(Infinity);
      const hi = new Float64Array(groups).fill(-Infinity);
      for (let j = 0; j < rows.length; j++) {
        const g = groupOf[j]!;
        const v = y[rows[j]!]!;
        if (v < lo[g]!) lo[g] = v;
        if (v > hi[g]!) hi[g] = v;
      }
      for (let g = 0; g < groups; g++) if (hi[g]! - lo[g]! > tolerance) conflict[g] = 1;
    }

    let conflictGroups = 0;
    for (let g = 0; g < groups; g++) conflictGroups += conflict[g]!;
    if (conflictGroups === 0) return [];
    let conflictRows = 0;
    for (let j = 0; j < rows.length; j++) conflictRows += conflict[groupOf[j]!]!;

    // up to three rows of the first conflicting group show the disagreement side by side
    const firstGroup = conflict.indexOf(1);
    const examples: number[] = [];
    for (let j = 0; j < rows.length && examples.length < 3; j++) if (groupOf[j] === firstGroup) examples.push(rows[j]!);
    const exampleValues = [...new Set(examples.map((r) => target.encoded.label(codes[r]!)))].map(quote).join(' vs ');
    const groupWord = conflictGroups === 1 ? 'group' : 'groups';
    const disagreement = target.classification ? 'different labels' : `targets more than ${tolerance.toPrecision(3)} apart`;
    return [
      {
        code: 'conflicting_labels',
        severity: 'warning',
        columns: [target.name],
        message: `${conflictGroups.toLocaleString('en-US')} ${groupWord} of rows (${conflictRows.toLocaleString('en-US')} rows, ${percent(conflictRows / rows.length)}) have identical values in every feature but ${disagreement} in "${target.name}"; e.g. rows ${examples.map((r) => r + 1).join(', ')}: ${exampleValues}.`,
        why,
        rows: examples,
        details: { groups: conflictGroups, rows: conflictRows, share: conflictRows / rows.length, ...(target.classification ? {} : { tolerance }) },
      },
    ];
  },
};

function standardDeviation(y: Float64Array, rows: Int32Array): number {
  let mean = 0;
  for (const r of rows) mean += y[r]!;
  mean /= rows.length;
  let ss = 0;
  for (const r of rows) ss += (y[r]! - mean) ** 2;
  return Math.sqrt(ss / rows.length);
}
