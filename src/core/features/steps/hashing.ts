/**
 * hashing: each label into `width` slots `<col>#h<slot>` by MurmurHash3 (32-bit, fixed seed 0:
 * deterministic and independent of the data and of the run seed) with sign hashing, exactly as
 * scikit-learn's FeatureHasher(input_type='string', alternate_sign=True) given one string per
 * row: slot = |h| mod width, value = +1 if h >= 0 else -1. Nothing is learned; unseen levels
 * need no special case. A missing value is hashed as the label "(missing)".
 */
import type { StepDef } from '../step.ts';
import { MISSING_LABEL } from './impute.ts';
import { hashSlot, invalid, numericColumn, requireLabel } from './util.ts';
import type { FrameColumn } from '../frame.ts';

export interface HashingParams {
  width: number;
}

export interface HashingState {
  width: number;
}

export const hashing: StepDef<HashingParams, HashingState> = {
  name: 'hashing',
  describe: 'Hashes each label into a fixed number of signed columns (the hashing trick).',
  defaultSelect: 'label',
  accepts: ['label'],
  defaults: (p) => ({ width: p.width ?? 32 }),
  fit: (p, columns) => {
    if (!Number.isInteger(p.width) || p.width < 1) throw invalid('steps.hashing.width', 'must be a whole number >= 1');
    for (const c of columns) requireLabel('hashing', c);
    return { width: p.width };
  },
  apply: (_p, state, columns) => {
    const out: FrameColumn[] = [];
    for (const c of columns) {
      const values = requireLabel('hashing', c).values;
      const cols = Array.from({ length: state.width }, () => new Float64Array(values.length));
      const memo = new Map<string, { slot: number; sign: number }>();
      values.forEach((v, i) => {
        const key = v ?? MISSING_LABEL;
        let h = memo.get(key);
        if (!h) memo.set(key, (h = hashSlot(key, state.width)));
        cols[h.slot]![i]! += h.sign;
      });
      cols.forEach((values, k) => out.push(numericColumn(`${c.name}#h${k}`, values)));
    }
    return out;
  },
  why: () => 'High-cardinality labels fit in a fixed width with no vocabulary to store, at the cost of occasional collisions.',
};
