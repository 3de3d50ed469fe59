/**
 * drop: removes the selected columns. Its default selection is 'all' for type completeness, but
 * a drop step is only meaningful with explicit `columns` (or a `select`).
 */
import type { StepDef } from '../step.ts';

export type DropParams = Record<string, never>;

export interface DropState {
  dropped: string[];
}

export const drop: StepDef<DropParams, DropState> = {
  name: 'drop',
  describe: 'Removes the selected columns.',
  defaultSelect: 'all',
  accepts: ['numeric', 'label'],
  defaults: () => ({}),
  fit: (_p, columns) => ({ dropped: columns.map((c) => c.name) }),
  apply: () => [],
  why: () => 'Identifiers, leaky or irrelevant columns only add noise (or leak the answer), so they are removed before modelling.',
};
