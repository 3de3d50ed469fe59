/**
 * impute: fill missing values with a statistic of the training rows, optionally adding a
 * `<col>__missing` 0/1 column.
 *
 * Choices:
 * - Numeric strategies mean / median / most-frequent / constant as scikit-learn's SimpleImputer
 *   (most-frequent ties -> smallest value). Labels accept only most-frequent and constant; a
 *   numeric strategy on a label column falls back to most-frequent (ties -> first label in
 *   code-unit order).
 * - The indicator column is added only when training rows had missing values (SimpleImputer's
 *   add_indicator with features='missing-only'); its presence is part of the fitted state.
 * - A column with no observed training value is filled with 0 (numeric) or "(missing)" (labels)
 *   and kept; scikit-learn would drop it (keep_empty_features=False).
 * - The filled column keeps its `source` (a filled datetime column is still epoch ms).
 */
import type { ImputeStep } from '../../spec/pipeline-types.ts';
import type { FrameColumn } from '../frame.ts';
import type { StepDef } from '../step.ts';
import { checkArity, compareStrings, countLevels, invalid, mean, numericColumn, observed, percentileSorted, sorted } from './util.ts';

export const MISSING_LABEL = '(missing)';

export interface ImputeParams {
  strategy: NonNullable<ImputeStep['strategy']>;
  /** Undefined = 0 for numeric columns, "(missing)" for labels. */
  fillValue?: number | string;
  indicator: boolean;
}

export interface ImputeColumnState {
  name: string;
  type: 'numeric' | 'label';
  fill: number | string;
  indicator: boolean;
}

export interface ImputeState {
  columns: ImputeColumnState[];
}

function mostFrequentNumber(xs: number[]): number {
  const s = sorted(xs);
  let best = s[0]!;
  let bestRun = 0;
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j < s.length && s[j] === s[i]) j++;
    if (j - i > bestRun) {
      bestRun = j - i;
      best = s[i]!;
    }
    i = j;
  }
  return best;
}

function fitColumn(p: ImputeParams, c: FrameColumn): ImputeColumnState {
  if (c.type === 'numeric') {
    const seen = observed(c.values);
    const indicator = p.indicator && seen.length < c.values.length;
    if (p.strategy === 'constant') {
      const v = p.fillValue ?? 0;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw invalid('steps.impute.fillValue', `column "${c.name}" is numeric but fillValue is ${JSON.stringify(v)}; give a finite number`);
      }
      return { name: c.name, type: 'numeric', fill: v + 0, indicator };
    }
    let fill = 0; // no observed value in training: 0, documented above
    if (seen.length > 0) {
      if (p.strategy === 'mean') fill = mean(seen);
      else if (p.strategy === 'median') fill = percentileSorted(sorted(seen), 50);
      else fill = mostFrequentNumber(seen);
    }
    // + 0 turns -0 (the median or mean of -0s) into 0: JSON writes -0 as 0, and a saved
    // pipeline must fill with exactly what the fitted one did.
    return { name: c.name, type: 'numeric', fill: fill + 0, indicator };
  }
  const hasMissing = c.values.some((v) => v === null);
  const indicator = p.indicator && hasMissing;
  if (p.strategy === 'constant') {
    return { name: c.name, type: 'label', fill: p.fillValue === undefined ? MISSING_LABEL : String(p.fillValue), indicator };
  }
  let fill = MISSING_LABEL;
  let best = 0;
  for (const [level, n] of countLevels(c.values)) {
    if (n > best || (n === best && compareStrings(level, fill) < 0)) {
      best = n;
      fill = level;
    }
  }
  return { name: c.name, type: 'label', fill, indicator };
}

export const impute: StepDef<ImputeParams, ImputeState> = {
  name: 'impute',
  describe: 'Fills missing values with a training statistic and can flag which rows were missing.',
  defaultSelect: 'all',
  accepts: ['numeric', 'label'],
  defaults: (p) => ({
    strategy: p.strategy ?? 'median',
    ...(p.fillValue === undefined ? {} : { fillValue: p.fillValue }),
    indicator: p.indicator ?? true,
  }),
  fit: (p, columns) => ({ columns: columns.map((c) => fitColumn(p, c)) }),
  apply: (_p, state, columns) => {
    checkArity('impute', state.columns.length, columns.length);
    const out: FrameColumn[] = [];
    columns.forEach((c, j) => {
      const s = state.columns[j]!;
      const flag = new Float64Array(c.values.length);
      if (c.type === 'numeric') {
        if (s.type !== 'numeric') throw invalid('steps.impute', `column "${c.name}" was labels when fitted and is numeric now`);
        const fill = s.fill as number;
        const values = c.values.map((v, i) => (Number.isNaN(v) ? ((flag[i] = 1), fill) : v));
        out.push({ ...c, values });
      } else {
        if (s.type !== 'label') throw invalid('steps.impute', `column "${c.name}" was numeric when fitted and is labels now`);
        const fill = String(s.fill);
        const values = c.values.map((v, i) => (v === null ? ((flag[i] = 1), fill) : v));
        out.push({ ...c, values });
      }
      if (s.indicator) out.push(numericColumn(`${c.name}__missing`, flag));
    });
    return out;
  },
  why: (p) =>
    p.strategy === 'mean'
      ? 'Models need complete rows; the mean keeps the column average but is pulled by outliers.'
      : p.strategy === 'constant'
        ? 'A constant fill makes "missing" an explicit value the model can learn from.'
        : 'Models need complete rows; a training-set statistic fills gaps without peeking at test data, and the indicator keeps "was missing" as a signal.',
};
