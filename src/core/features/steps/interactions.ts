/**
 * interactions: keeps the selected numeric columns and adds their pairwise products `a*b`
 * (every pair once, in selection order), so linear models can fit "a matters more when b is
 * large". A missing factor gives a missing product (NaN propagates). Nothing is learned.
 */
import type { FrameColumn } from '../frame.ts';
import type { StepDef } from '../step.ts';
import { numericColumn, requireNumeric } from './util.ts';

export type InteractionsParams = Record<string, never>;

export interface InteractionsState {
  columns: string[];
}

export const interactions: StepDef<InteractionsParams, InteractionsState> = {
  name: 'interactions',
  describe: 'Adds the pairwise products of the selected numeric columns.',
  defaultSelect: 'numeric',
  accepts: ['numeric'],
  defaults: () => ({}),
  fit: (_p, columns) => ({ columns: columns.map((c) => requireNumeric('interactions', c).name) }),
  apply: (_p, _state, columns) => {
    const cols = columns.map((c) => requireNumeric('interactions', c));
    const out: FrameColumn[] = [...cols];
    for (let a = 0; a < cols.length; a++) {
      for (let b = a + 1; b < cols.length; b++) {
        const x = cols[a]!.values;
        const y = cols[b]!.values;
        out.push(numericColumn(`${cols[a]!.name}*${cols[b]!.name}`, x.map((v, i) => v * y[i]!)));
      }
    }
    return out;
  },
  why: () => 'Linear models cannot multiply features themselves; explicit products let them fit effects that depend on two columns together.',
};
