/**
 * The working table a feature pipeline passes from step to step: named columns, each either
 * numeric (Float64Array, NaN = missing) or labels (string | null per row). Steps replace the
 * columns they consume with the columns they produce; the last frame must be all numeric and
 * becomes the model's matrix.
 */
import type { Table } from 'apache-arrow';
import { labelValues, numericValues } from '../data/columns.ts';
import type { ColumnInfo, ColumnKind } from '../data/types.ts';

export interface NumericColumn {
  name: string;
  type: 'numeric';
  values: Float64Array;
  /** What the column was in the data: numeric, boolean (0/1) or datetime (epoch ms); 'derived' once a step made it. */
  source: ColumnKind | 'derived';
}

export interface LabelColumn {
  name: string;
  type: 'label';
  values: (string | null)[];
  /** categorical or text in the data; 'derived' once a step made it. */
  source: ColumnKind | 'derived';
}

export type FrameColumn = NumericColumn | LabelColumn;

export interface Frame {
  rows: number;
  columns: FrameColumn[];
}

/**
 * Decoded columns per table. A run builds frames for the fit, validation and test rows of
 * every fold from the same immutable table; decoding Arrow vectors (strings above all) each
 * time was most of a k-fold run's preprocessing. Frames copy out the rows they need, so the
 * cached arrays are never handed to a caller that could mutate them.
 */
const decoded = new WeakMap<Table, Map<string, Float64Array | (string | null)[]>>();

function cached<T extends Float64Array | (string | null)[]>(table: Table, key: string, decode: () => T): T {
  let byName = decoded.get(table);
  if (!byName) decoded.set(table, (byName = new Map()));
  let v = byName.get(key) as T | undefined;
  if (!v) byName.set(key, (v = decode()));
  return v;
}

/** Rows `rows` of the listed features as a frame: numeric, boolean and datetime columns numeric; the rest labels. */
export function frameFromTable(table: Table, columns: readonly ColumnInfo[], features: readonly string[], rows: Int32Array): Frame {
  const out: FrameColumn[] = [];
  for (const name of features) {
    const info = columns.find((c) => c.name === name);
    const kind: ColumnKind = info?.kind ?? 'text';
    if (kind === 'numeric' || kind === 'boolean' || kind === 'datetime') {
      const all = cached(table, `n:${name}`, () => numericValues(table, name));
      out.push({ name, type: 'numeric', source: kind, values: Float64Array.from(rows, (r) => all[r]!) });
    } else {
      const all = cached(table, `l:${name}`, () => labelValues(table, name));
      out.push({ name, type: 'label', source: kind, values: Array.from(rows, (r) => all[r] ?? null) });
    }
  }
  return { rows: rows.length, columns: out };
}

/** All-numeric frame -> row-major Float32Array [rows, columns]. */
export function frameToMatrix(frame: Frame): Float32Array {
  const d = frame.columns.length;
  const X = new Float32Array(frame.rows * d);
  frame.columns.forEach((c, j) => {
    if (c.type !== 'numeric') throw new Error(`column "${c.name}" is still a label column at the end of the pipeline`);
    for (let i = 0; i < frame.rows; i++) X[i * d + j] = c.values[i]!;
  });
  return X;
}
