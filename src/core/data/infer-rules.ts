/** A label column may have at least this many distinct values ... */
export const CATEGORICAL_MIN_LIMIT = 20;
/** ... or this share of its non-missing cells, whichever is larger ... */
export const CATEGORICAL_SHARE = 0.05;
/** ... and at most this share of its non-missing cells (more looks like names or ids: text). */
export const CATEGORICAL_MAX_SHARE = 0.5;

/** Few enough distinct labels to be categories: <= max(20, 5% of values) and <= 50% of values. */
export function isCategorical(distinct: number, nonMissing: number): boolean {
  const limit = Math.max(CATEGORICAL_MIN_LIMIT, CATEGORICAL_SHARE * nonMissing);
  return distinct <= limit && distinct <= CATEGORICAL_MAX_SHARE * nonMissing;
}
