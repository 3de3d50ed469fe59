import { benchtopError } from '../errors.ts';
import { createRng, shuffleInPlace } from '../random.ts';
import { checkFraction, type Fold } from './fold.ts';
import { indexGroups } from './group-index.ts';
import { partition } from './stratified-holdout.ts';
import { orderByTime } from './time-series-split.ts';

/**
 * Whole groups to test, in seeded random order, until the test side holds >= testSize of the
 * ROWS (not of the groups, unlike sklearn's GroupShuffleSplit: with uneven group sizes a
 * group-count fraction can give a wildly off row share). At least one group always stays in
 * train. Missing group (null) counts as one group.
 */
export function groupHoldout(groups: readonly (string | null)[], testSize: number, seed: number): Fold {
  checkFraction(testSize, 'split.testSize');
  const { labels, ofRow, sizes } = indexGroups(groups);
  if (labels.length < 2)
    throw benchtopError('spec_invalid', { field: 'split.groups', reason: `a group holdout needs at least 2 distinct groups, found ${labels.length}` });
  // start from the sorted group order so the result does not depend on row order
  const order = shuffleInPlace(Array.from(labels, (_, g) => g), createRng(seed).fork('group-holdout')) as number[];
  const target = testSize * groups.length;
  const inTest = new Uint8Array(labels.length);
  let rows = 0;
  for (let i = 0; i < order.length - 1 && rows < target; i++) {
    inTest[order[i]!] = 1;
    rows += sizes[order[i]!]!;
  }
  return partition(Uint8Array.from(ofRow, (g) => inTest[g]!));
}

/**
 * The latest round(testSize * n) rows (at least 1) go to test; rows tied with the first test time
 * join test too, so every train time is strictly earlier. The `gap` rows just before the test
 * block are dropped from train (they are in neither side). No shuffle. NaN times are rejected:
 * a row without a time cannot be placed on either side of a cut.
 */
export function timeHoldout(times: Float64Array, testSize: number, gap = 0): Fold {
  checkFraction(testSize, 'split.testSize');
  if (!Number.isInteger(gap) || gap < 0)
    throw benchtopError('spec_invalid', { field: 'split.gap', reason: `must be a whole number >= 0, got ${gap}` });
  const nanRow = times.findIndex((t) => Number.isNaN(t));
  if (nanRow >= 0)
    throw benchtopError('spec_invalid', { field: 'split.timeColumn', row: nanRow + 1, reason: `row ${nanRow + 1} has no time value` });
  const n = times.length;
  const order = orderByTime(times);
  let cut = n - Math.max(1, Math.round(testSize * n));
  while (cut > 0 && times[order[cut - 1]!] === times[order[cut]!]) cut--;
  const trainEnd = cut - gap;
  if (trainEnd < 1)
    throw benchtopError('spec_invalid', {
      field: 'split.testSize',
      reason: `with ${n - cut} test rows and a gap of ${gap}, no rows are left to train on`,
    });
  const test = Int32Array.from(order.subarray(cut)).sort();
  const train = Int32Array.from(order.subarray(0, trainEnd)).sort();
  return { train, test };
}

const TEST_WORDS = new Set(['test', 'true', '1']);
const TRAIN_WORDS = new Set(['train', 'false', '0']);

/**
 * A user-provided split column: "test" / "true" / "1" mark test rows, "train" / "false" / "0"
 * train rows (case-insensitive, surrounding spaces ignored). Anything else, including a missing
 * value, is an error naming the row, since guessing a side would silently leak or lose rows.
 */
export function columnHoldout(values: readonly (string | null)[]): Fold {
  const isTest = new Uint8Array(values.length);
  values.forEach((raw, i) => {
    const v = raw?.trim().toLowerCase() ?? '';
    if (TEST_WORDS.has(v)) isTest[i] = 1;
    else if (!TRAIN_WORDS.has(v))
      throw benchtopError('spec_invalid', {
        field: 'split.column',
        row: i + 1,
        reason: `row ${i + 1} has "${raw ?? ''}"; use train/test, true/false or 1/0`,
      });
  });
  const fold = partition(isTest);
  if (fold.test.length === 0 || fold.train.length === 0)
    throw benchtopError('spec_invalid', {
      field: 'split.column',
      reason: `the split column marks ${fold.test.length === 0 ? 'no rows as test' : 'every row as test'}`,
    });
  return fold;
}
