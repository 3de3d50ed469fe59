import { Type, type Table } from 'apache-arrow';
import { labelValues, numericValues } from '../data/columns.ts';
import { benchtopError } from '../errors.ts';
import type { Task } from '../spec/types.ts';

export interface EncodedTarget {
  /** Row positions (in the table) whose target is present; rows with a missing target are not used. */
  rows: Int32Array;
  /** Class index (classification) or value (regression), aligned with `rows`. */
  y: Int32Array | Float64Array;
  /** Class labels in index order: sorted like scikit-learn's LabelEncoder (numerically when all are numbers). */
  classes?: string[];
}

function sortLabels(labels: Iterable<string>): string[] {
  const all = [...new Set(labels)];
  const numeric = all.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  return numeric ? all.sort((a, b) => Number(a) - Number(b)) : all.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function encodeTarget(table: Table, target: string, task: Task, classes?: string[]): EncodedTarget {
  if (task === 'regression') {
    const labels = labelValues(table, target);
    const field = table.schema.fields.find((f) => f.name === target);
    if (field && !isNumericType(field.type.typeId)) {
      const bad = labels.findIndex((l) => l !== null && !Number.isFinite(Number(l)));
      throw benchtopError('target_not_numeric', { column: target, value: String(labels[bad] ?? ''), row: bad + 1 });
    }
    const values = numericValues(table, target);
    const rows: number[] = [];
    for (let i = 0; i < values.length; i++) {
      if (!Number.isNaN(values[i]!)) rows.push(i);
      else if (labels[i] !== null && labels[i] !== undefined)
        throw benchtopError('target_not_numeric', { column: target, value: String(labels[i]), row: i + 1 });
    }
    if (rows.length === 0) throw benchtopError('target_all_missing', { column: target });
    return { rows: Int32Array.from(rows), y: Float64Array.from(rows, (r) => values[r]!) };
  }
  const labels = labelValues(table, target);
  const rows: number[] = [];
  labels.forEach((l, i) => {
    if (l !== null) rows.push(i);
  });
  if (rows.length === 0) throw benchtopError('target_all_missing', { column: target });
  const known = classes ?? sortLabels(rows.map((r) => labels[r]!));
  if (!classes) {
    if (known.length < 2) throw benchtopError('target_single_class', { column: target, value: known[0] });
    if (task === 'binary' && known.length > 2)
      throw benchtopError('task_mismatch', {
        task,
        column: target,
        reason: `it has ${known.length} classes; choose multiclass`,
      });
  }
  const index = new Map(known.map((c, i) => [c, i]));
  const y = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    const c = index.get(labels[r]!);
    if (c === undefined)
      throw benchtopError('task_mismatch', {
        task,
        column: target,
        reason: `row ${r + 1} has class "${labels[r]}" that the training data does not have`,
      });
    y[i] = c;
  });
  return { rows: Int32Array.from(rows), y, classes: known };
}

const isNumericType = (t: Type): boolean => t === Type.Float || t === Type.Int || t === Type.Bool;
