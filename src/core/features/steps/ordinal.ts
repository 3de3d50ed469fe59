/**
 * ordinal: training levels sorted (code-unit order, as scikit-learn's sorted categories for
 * ASCII) -> codes 0..L-1; a level unseen in training -> `unknownValue`; missing -> NaN (missing
 * is not a level, so a later impute step or the model's own missing handling decides).
 * Same as OrdinalEncoder(handle_unknown='use_encoded_value', unknown_value=unknownValue).
 */
import type { StepDef } from '../step.ts';
import { checkArity, compareStrings, countLevels, invalid, requireLabel } from './util.ts';

export interface OrdinalParams {
  unknownValue: number;
}

export interface OrdinalState {
  columns: { name: string; levels: string[] }[];
}

export const ordinal: StepDef<OrdinalParams, OrdinalState> = {
  name: 'ordinal',
  describe: 'Replaces each label with its index among the sorted training levels.',
  defaultSelect: 'label',
  accepts: ['label'],
  defaults: (p) => ({ unknownValue: p.unknownValue ?? -1 }),
  fit: (p, columns) => {
    if (!Number.isFinite(p.unknownValue)) throw invalid('steps.ordinal.unknownValue', 'must be a finite number');
    return {
      columns: columns.map((c) => ({ name: c.name, levels: [...countLevels(requireLabel('ordinal', c).values).keys()].sort(compareStrings) })),
    };
  },
  apply: (p, state, columns) => {
    checkArity('ordinal', state.columns.length, columns.length);
    return columns.map((c, j) => {
      const index = new Map(state.columns[j]!.levels.map((l, k) => [l, k]));
      const values = Float64Array.from(requireLabel('ordinal', c).values, (v) => (v === null ? Number.NaN : (index.get(v) ?? p.unknownValue)));
      return { name: c.name, type: 'numeric', source: 'derived', values };
    });
  },
  why: () => 'Tree models split on codes just as well as on one-hot columns, with one column per feature instead of one per level.',
};
