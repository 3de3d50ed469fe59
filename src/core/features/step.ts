/**
 * A pipeline step: a small registered object looked up by its kebab-case `name`. `fit` sees
 * training rows only and returns plain-JSON state; `apply` uses only that state, so the same
 * code transforms training, validation, test and scoring rows. Steps never mutate inputs.
 */
import type { Rng } from '../random.ts';
import type { Task } from '../spec/types.ts';
import type { FrameColumn } from './frame.ts';

export interface StepContext {
  /** Seeded generator for this step in this fold (hashing salts, out-of-fold splits, sampling). */
  rng: Rng;
  task: Task;
  /** Training target aligned with the frame's rows: class index or value. Only during fit. */
  y?: Int32Array | Float64Array;
  /** Number of classes (classification) or 1. */
  k: number;
}

export interface StepDef<P = Record<string, unknown>, S = unknown> {
  name: string;
  /** One line for the UI and docs: what the step does. */
  describe: string;
  /** Which columns the step takes when the spec names none: numeric, label or datetime-sourced columns, or all. */
  defaultSelect: 'numeric' | 'label' | 'datetime' | 'text' | 'all';
  /** The input types the step can handle; a column of another type is a spec error. */
  accepts: readonly ('numeric' | 'label')[];
  /** Fill defaults for the step's parameters (idempotent). */
  defaults(params: Partial<P>): P;
  /** Learn state from training rows. */
  fit(params: P, columns: FrameColumn[], ctx: StepContext): S;
  /** Transform rows with fitted state; returns the columns that replace `columns`. */
  apply(params: P, state: S, columns: FrameColumn[]): FrameColumn[];
  /**
   * Fit and transform the training rows in one go, when the training rows must be transformed
   * differently from new rows (out-of-fold target encoding). Defaults to fit then apply.
   */
  fitApply?(params: P, columns: FrameColumn[], ctx: StepContext): { state: S; columns: FrameColumn[] };
  /** Why a careful engineer would put this step here (shown beside the step). */
  why(params: P): string;
}
