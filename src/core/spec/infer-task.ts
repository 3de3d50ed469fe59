import type { Dataset } from '../data/types.ts';
import { labelValues, numericValues } from '../data/columns.ts';
import { benchtopError } from '../errors.ts';
import type { Task } from './types.ts';

export interface TaskGuess {
  task: Task;
  reason: string;
}

/** Integer-valued numeric targets with at most this many distinct values look like class labels. */
const MAX_INTEGER_CLASSES = 10;

/**
 * Guess the task from the target column the way a person would: labels -> classification
 * (two -> binary), real-valued numbers -> regression, and small sets of integers (0/1,
 * 1..5 ratings) -> classification. The user can always override it.
 */
export function inferTask(dataset: Dataset, target: string): TaskGuess {
  const info = dataset.columns.find((c) => c.name === target);
  if (!info)
    throw benchtopError('target_missing', { column: target, available: dataset.columns.map((c) => c.name).join(', ') });
  if (info.distinct === 0) throw benchtopError('target_all_missing', { column: target });
  if (info.kind === 'numeric') {
    const values = numericValues(dataset.table, target);
    let integers = true;
    for (const v of values) if (!Number.isNaN(v) && !Number.isInteger(v)) integers = false;
    if (info.distinct === 2) return { task: 'binary', reason: 'numeric target with exactly two values' };
    if (integers && info.distinct <= MAX_INTEGER_CLASSES)
      return { task: 'multiclass', reason: `integer target with ${info.distinct} distinct values` };
    return { task: 'regression', reason: `numeric target with ${info.distinct} distinct values` };
  }
  const distinct = new Set(labelValues(dataset.table, target).filter((v) => v !== null)).size;
  if (distinct <= 2) return { task: 'binary', reason: `${info.kind} target with ${distinct} classes` };
  return { task: 'multiclass', reason: `${info.kind} target with ${distinct} classes` };
}
