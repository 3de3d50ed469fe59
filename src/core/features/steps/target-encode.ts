/**
 * target-encode: replace a label by the smoothed mean of the target among training rows with
 * that label: (sum + m * prior) / (count + m), m = `smoothing`, prior = the training mean.
 * Binary and regression give one column `<col>.target`; multiclass gives one column per class,
 * `<col>.target=<class index>` = smoothed P(class | level).
 *
 * - `fitApply` (the training rows) returns OUT-OF-FOLD encodings: rows are shuffled into `folds`
 *   folds with ctx.rng and each fold is encoded with statistics (prior included) from the other
 *   folds only, so a row's encoding never depends on its own target. `apply` (new rows) uses the
 *   statistics of all training rows. `fit` alone returns that same full-training state.
 * - Missing is the level "(missing)"; a level unseen in training gets the prior.
 * - Rows whose target is NaN are ignored. Needs ctx.y (spec error otherwise).
 */
import type { FrameColumn } from '../frame.ts';
import type { StepContext, StepDef } from '../step.ts';
import { permutation } from '../../random.ts';
import { MISSING_LABEL } from './impute.ts';
import { checkArity, invalid, numericColumn, requireLabel } from './util.ts';

export interface TargetEncodeParams {
  smoothing: number;
  folds: number;
}

export interface TargetEncodeColumnState {
  name: string;
  levels: string[];
  /** encodings[level][output] */
  encodings: number[][];
}

export interface TargetEncodeState {
  /** One prior per output column (unseen levels). */
  prior: number[];
  /** Output suffixes: [''] or ['=0', '=1', ...]. */
  outputs: string[];
  columns: TargetEncodeColumnState[];
}

type Targets = number[][]; // targets[row] = per-output value, or [] when the target is missing

function targetsOf(ctx: StepContext, rows: number): { targets: Targets; outputs: string[] } {
  const y = ctx.y;
  if (!y) throw invalid('steps.target-encode', 'target encoding needs the training target, and none was given');
  if (y.length !== rows) throw invalid('steps.target-encode', `target has ${y.length} rows but the columns have ${rows}`);
  if (ctx.task === 'multiclass') {
    const k = Math.max(ctx.k, 1);
    const targets = Array.from(y, (c) => (Number.isNaN(c) ? [] : Array.from({ length: k }, (_, j) => (j === c ? 1 : 0))));
    return { targets, outputs: Array.from({ length: k }, (_, j) => `=${j}`) };
  }
  return { targets: Array.from(y, (v) => (Number.isNaN(v) ? [] : [v])), outputs: [''] };
}

function fitOn(p: TargetEncodeParams, columns: FrameColumn[], targets: Targets, outputs: string[], rows: ArrayLike<number>): TargetEncodeState {
  const d = outputs.length;
  const prior = new Array<number>(d).fill(0);
  let n = 0;
  for (let r = 0; r < rows.length; r++) {
    const t = targets[rows[r]!]!;
    if (t.length === 0) continue;
    n++;
    for (let j = 0; j < d; j++) prior[j]! += t[j]!;
  }
  for (let j = 0; j < d; j++) prior[j] = n > 0 ? prior[j]! / n : 0;
  const m = p.smoothing;
  const states = columns.map((c) => {
    const values = requireLabel('target-encode', c).values;
    const sums = new Map<string, { count: number; sum: number[] }>();
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r]!;
      const t = targets[i]!;
      if (t.length === 0) continue;
      const key = values[i] ?? MISSING_LABEL;
      let s = sums.get(key);
      if (!s) sums.set(key, (s = { count: 0, sum: new Array<number>(d).fill(0) }));
      s.count++;
      for (let j = 0; j < d; j++) s.sum[j]! += t[j]!;
    }
    const levels = [...sums.keys()].sort();
    // count + m > 0 always (count >= 1), so a smoothing of 0 gives the plain level mean.
    const encodings = levels.map((l) => {
      const s = sums.get(l)!;
      return s.sum.map((v, j) => (v + m * prior[j]!) / (s.count + m));
    });
    return { name: c.name, levels, encodings };
  });
  return { prior, outputs, columns: states };
}

function encode(state: TargetEncodeState, columns: FrameColumn[], rows: ArrayLike<number> | null, into: Float64Array[][] | null): FrameColumn[] {
  checkArity('target-encode', state.columns.length, columns.length);
  const n = columns[0]?.values.length ?? 0;
  const out: FrameColumn[] = [];
  columns.forEach((c, ci) => {
    const values = requireLabel('target-encode', c).values;
    const s = state.columns[ci]!;
    const index = new Map(s.levels.map((l, k) => [l, k]));
    const cols = into ? into[ci]! : state.outputs.map(() => new Float64Array(n));
    const count = rows ? rows.length : n;
    for (let r = 0; r < count; r++) {
      const i = rows ? rows[r]! : r;
      const k = index.get(values[i] ?? MISSING_LABEL);
      const enc = k === undefined ? state.prior : s.encodings[k]!;
      for (let j = 0; j < cols.length; j++) cols[j]![i] = enc[j]!;
    }
    state.outputs.forEach((suffix, j) => out.push(numericColumn(`${c.name}.target${suffix}`, cols[j]!)));
  });
  return out;
}

export const targetEncode: StepDef<TargetEncodeParams, TargetEncodeState> = {
  name: 'target-encode',
  describe: 'Replaces each label by the smoothed average target of its level (out-of-fold on training rows).',
  defaultSelect: 'label',
  accepts: ['label'],
  defaults: (p) => ({ smoothing: p.smoothing ?? 10, folds: p.folds ?? 5 }),
  fit: (p, columns, ctx) => {
    const n = columns[0]?.values.length ?? ctx.y?.length ?? 0;
    const { targets, outputs } = targetsOf(ctx, n);
    return fitOn(p, columns, targets, outputs, Array.from({ length: n }, (_, i) => i));
  },
  apply: (_p, state, columns) => encode(state, columns, null, null),
  fitApply: (p, columns, ctx) => {
    const state = targetEncode.fit(p, columns, ctx);
    const n = columns[0]?.values.length ?? 0;
    const { targets, outputs } = targetsOf(ctx, n);
    const folds = Math.min(p.folds, n);
    if (folds < 2) return { state, columns: encode(state, columns, null, null) };
    const perm = permutation(n, ctx.rng.fork('target-encode-folds'));
    const foldOf = new Int32Array(n);
    perm.forEach((row, pos) => (foldOf[row] = pos % folds));
    const into = columns.map(() => outputs.map(() => new Float64Array(n)));
    let result: FrameColumn[] = [];
    for (let f = 0; f < folds; f++) {
      const trainRows: number[] = [];
      const foldRows: number[] = [];
      for (let i = 0; i < n; i++) (foldOf[i] === f ? foldRows : trainRows).push(i);
      const foldState = fitOn(p, columns, targets, outputs, trainRows);
      result = encode(foldState, columns, foldRows, into);
    }
    return { state, columns: result };
  },
  why: (p) =>
    `High-cardinality labels become one informative number each; smoothing (m = ${p.smoothing}) and out-of-fold training values keep the target from leaking into the features.`,
};
