/**
 * What every target rule needs first: the target column encoded once, the task (given or
 * inferred the way planning infers it), and class counts. Cached per table so the rules of one
 * check run share the work.
 */
import type { Table } from 'apache-arrow';
import { KIND_METADATA_KEY } from '../../../data/build-table.ts';
import type { ColumnInfo, ColumnKind } from '../../../data/types.ts';
import { inferTask } from '../../../spec/infer-task.ts';
import type { Task } from '../../../spec/types.ts';
import type { CheckContext } from '../../types.ts';
import { encodeColumn, type EncodedColumn } from './encode-column.ts';

export interface TargetData {
  name: string;
  /** null when the target has no values, so no task can be inferred. */
  task: Task | null;
  classification: boolean;
  encoded: EncodedColumn;
  /** Rows with a target value. */
  present: number;
  /** Rows per code (index 0 = missing). */
  counts: Int32Array;
  /** Target as numbers for regression (NaN when missing); absent for label columns. */
  y?: Float64Array;
}

const cache = new WeakMap<Table, Map<string, TargetData | null>>();

/** The target of the context, or null when none is chosen or the table lacks it. */
export function targetData(ctx: CheckContext): TargetData | null {
  const name = ctx.target;
  if (name === undefined || !ctx.table.schema.fields.some((f) => f.name === name)) return null;
  let perTable = cache.get(ctx.table);
  if (!perTable) cache.set(ctx.table, (perTable = new Map()));
  const key = `${ctx.task ?? ''}\u0000${name}`;
  if (perTable.has(key)) return perTable.get(key)!;
  const data = build(ctx, name);
  perTable.set(key, data);
  return data;
}

function build(ctx: CheckContext, name: string): TargetData {
  const encoded = encodeColumn(ctx.table, name);
  const counts = new Int32Array(encoded.k + 1);
  for (const c of encoded.codes) counts[c]!++;
  const present = encoded.codes.length - counts[0]!;
  const task = present === 0 ? null : (ctx.task ?? guessTask(ctx, name, encoded, counts[0]!));
  const classification = task === 'binary' || task === 'multiclass';
  const y = task === 'regression' ? encoded.numbers : undefined;
  return { name, task, classification, encoded, present, counts, ...(y ? { y } : {}) };
}

/**
 * inferTask on the encoded column (its distinct count is exact even when ctx.columns is stale).
 * Label columns take inferTask's label branch here: it only counts classes, which the encoding
 * already did, and inferTask would decode every cell to a string to count them again.
 */
function guessTask(ctx: CheckContext, name: string, encoded: EncodedColumn, missing: number): Task {
  const field = ctx.table.schema.fields.find((f) => f.name === name);
  const kind =
    ctx.columns.find((c) => c.name === name)?.kind ??
    (field?.metadata.get(KIND_METADATA_KEY) as ColumnKind | undefined) ??
    (encoded.numbers ? 'numeric' : 'categorical');
  if (kind !== 'numeric' || !encoded.numbers) return encoded.k <= 2 ? 'binary' : 'multiclass';
  const info: ColumnInfo = { name, kind, missing, distinct: encoded.k };
  return inferTask({ name: '', table: ctx.table, columns: [info], rows: ctx.table.numRows, fingerprint: '' }, name).task;
}

/** The non-target columns of the table, in table order. */
export function featureNames(table: Table, target: string): string[] {
  return table.schema.fields.map((f) => f.name).filter((n) => n !== target);
}

/** `"label"` for messages; long labels are cut so a message stays one line. */
export function quote(label: string): string {
  return `"${label.length > 40 ? `${label.slice(0, 37)}...` : label}"`;
}

export function percent(share: number): string {
  if (share > 0 && share < 0.001) return '<0.1%';
  return `${(share * 100).toFixed(1)}%`;
}

/** Up to `max` example row indices where `pick(row)` holds. */
export function exampleRows(n: number, pick: (row: number) => boolean, max = 5): number[] {
  const out: number[] = [];
  for (let i = 0; i < n && out.length < max; i++) if (pick(i)) out.push(i);
  return out;
}
