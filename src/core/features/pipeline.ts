/**
 * The preprocessing pipeline: raw columns -> a dense float matrix for the models.
 * `fitPipeline` sees training rows only (no leakage from validation or test rows); the
 * fitted state is plain JSON so it can be stored with a run and exported with a model.
 */
import type { Table } from 'apache-arrow';
import type { ColumnInfo } from '../data/types.ts';
import { labelValues, numericValues } from '../data/columns.ts';
import type { PreprocessSpec } from '../spec/types.ts';
import { fitImpute } from './impute.ts';
import { fitStandardize } from './standardize.ts';
import { fitOneHot, MISSING_LEVEL } from './one-hot.ts';

export type FittedStep =
  | {
      kind: 'numeric';
      column: string;
      fill: number;
      mean: number;
      scale: number;
      /** Adds a 0/1 "was missing" column when training rows had missing values. */
      indicator: boolean;
    }
  | { kind: 'one-hot'; column: string; levels: string[] };

export interface FittedPipeline {
  steps: FittedStep[];
  /** Names of the output columns, in matrix order. */
  outputNames: string[];
}

export function fitPipeline(
  table: Table,
  columns: ColumnInfo[],
  features: string[],
  trainRows: Int32Array,
  spec: Required<PreprocessSpec>,
): FittedPipeline {
  const steps: FittedStep[] = [];
  const outputNames: string[] = [];
  for (const name of features) {
    const info = columns.find((c) => c.name === name);
    if (!info) throw new Error(`feature ${name} has no column info`);
    if (info.kind === 'numeric') {
      const values = numericValues(table, name);
      const fill = fitImpute(values, trainRows, spec.impute);
      const standardize = spec.numeric === 'standardize';
      const { mean, scale } = standardize ? fitStandardize(values, trainRows, fill) : { mean: 0, scale: 1 };
      let indicator = false;
      for (const r of trainRows) if (Number.isNaN(values[r]!)) indicator = true;
      steps.push({ kind: 'numeric', column: name, fill, mean, scale, indicator });
      outputNames.push(name);
      if (indicator) outputNames.push(`${name}__missing`);
    } else {
      const levels = fitOneHot(labelValues(table, name), trainRows, spec.minFrequency, spec.maxLevels);
      steps.push({ kind: 'one-hot', column: name, levels });
      for (const l of levels) outputNames.push(`${name}=${l}`);
    }
  }
  return { steps, outputNames };
}

/** Rows (positions in `table`) -> row-major Float32Array of shape [rows.length, outputNames.length]. */
export function transformPipeline(p: FittedPipeline, table: Table, rows: Int32Array): Float32Array {
  const d = p.outputNames.length;
  const out = new Float32Array(rows.length * d);
  let offset = 0;
  for (const step of p.steps) {
    if (step.kind === 'numeric') {
      const values = numericValues(table, step.column);
      rows.forEach((r, i) => {
        const v = values[r]!;
        const missing = Number.isNaN(v);
        out[i * d + offset] = ((missing ? step.fill : v) - step.mean) / step.scale;
        if (step.indicator) out[i * d + offset + 1] = missing ? 1 : 0;
      });
      offset += step.indicator ? 2 : 1;
    } else {
      const labels = labelValues(table, step.column);
      const index = new Map(step.levels.map((l, j) => [l, j]));
      rows.forEach((r, i) => {
        const j = index.get(labels[r] ?? MISSING_LEVEL);
        if (j !== undefined) out[i * d + offset + j] = 1;
      });
      offset += step.levels.length;
    }
  }
  return out;
}
