/**
 * one-hot: one 0/1 column per kept training level, plus `<col>=(other)`.
 *
 * - Levels are ordered by training frequency (descending), ties by label in code-unit order.
 * - Missing is a level of its own, "(missing)", when training rows had missing values;
 *   otherwise a missing value at apply goes to (other).
 * - A level is kept when seen at least `minFrequency` times, and at most `maxLevels` levels are
 *   kept (the most frequent). Dropped levels and levels unseen in training go to (other), like
 *   OneHotEncoder(handle_unknown='infrequent_if_exist').
 * - `(other)` is always emitted, even when no training level was dropped: unseen levels at apply
 *   need somewhere to go, and a fixed output width keeps scoring schemas stable. scikit-learn
 *   emits its infrequent column only when some level is infrequent (and then an unseen level
 *   gives an all-zero row); its max_categories counts the infrequent bucket, our maxLevels does not.
 */
import type { StepDef } from '../step.ts';
import { MISSING_LABEL } from './impute.ts';
import { byFrequency, checkArity, countLevels, numericColumn, requireLabel } from './util.ts';
import type { FrameColumn } from '../frame.ts';

export const OTHER_LEVEL = '(other)';

export interface OneHotParams {
  minFrequency: number;
  maxLevels: number;
}

export interface OneHotState {
  columns: { name: string; levels: string[] }[];
}

export const oneHot: StepDef<OneHotParams, OneHotState> = {
  name: 'one-hot',
  describe: 'Turns each label column into 0/1 columns, one per frequent level plus an (other) bucket.',
  defaultSelect: 'label',
  accepts: ['label'],
  defaults: (p) => ({ minFrequency: p.minFrequency ?? 1, maxLevels: p.maxLevels ?? 50 }),
  fit: (p, columns) => ({
    columns: columns.map((c) => {
      const counts = countLevels(requireLabel('one-hot', c).values, MISSING_LABEL);
      const levels = byFrequency(counts)
        .filter(([, n]) => n >= p.minFrequency)
        .slice(0, p.maxLevels)
        .map(([level]) => level);
      return { name: c.name, levels };
    }),
  }),
  apply: (_p, state, columns) => {
    checkArity('one-hot', state.columns.length, columns.length);
    const out: FrameColumn[] = [];
    columns.forEach((c, j) => {
      const values = requireLabel('one-hot', c).values;
      const { levels } = state.columns[j]!;
      const index = new Map(levels.map((l, k) => [l, k]));
      const cols = levels.map(() => new Float64Array(values.length));
      const other = new Float64Array(values.length);
      values.forEach((v, i) => {
        const k = index.get(v ?? MISSING_LABEL);
        if (k === undefined) other[i] = 1;
        else cols[k]![i] = 1;
      });
      levels.forEach((l, k) => out.push(numericColumn(`${c.name}=${l}`, cols[k]!)));
      out.push(numericColumn(`${c.name}=${OTHER_LEVEL}`, other));
    });
    return out;
  },
  why: (p) =>
    `One column per level lets any model use a category without inventing an order; levels rarer than ${p.minFrequency} or beyond the top ${p.maxLevels} share (other) to keep the matrix small.`,
};
