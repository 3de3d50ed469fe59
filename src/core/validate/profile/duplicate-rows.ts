import type { Table } from 'apache-arrow';
import type { ColumnInfo } from '../../data/types.ts';
import { columnNumbers } from './column-numbers.ts';
import { encodeLabels } from './label-codes.ts';
import { RowHasher, type DuplicateRows } from './row-hash.ts';

const cache = new WeakMap<Table, Map<string, DuplicateRows>>();

const keyOf = (columns: readonly ColumnInfo[]): string => columns.map((c) => c.name).join('\u0000');

/** Remember a result computed elsewhere (profileTable hashes rows while it decodes columns). */
export function rememberDuplicateRows(table: Table, columns: readonly ColumnInfo[], result: DuplicateRows): void {
  let perTable = cache.get(table);
  if (!perTable) {
    perTable = new Map();
    cache.set(table, perTable);
  }
  perTable.set(keyOf(columns), result);
}

export function cachedDuplicateRows(table: Table, columns: readonly ColumnInfo[]): DuplicateRows | undefined {
  return cache.get(table)?.get(keyOf(columns));
}

/** Rows that repeat an earlier row over `columns` (see RowHasher). */
export function duplicateRows(table: Table, columns: readonly ColumnInfo[]): DuplicateRows {
  const hit = cachedDuplicateRows(table, columns);
  if (hit) return hit;
  const hasher = new RowHasher(table.numRows);
  for (const info of columns) {
    if (info.kind === 'categorical' || info.kind === 'text') hasher.addCodes(encodeLabels(table, info.name).codes);
    else hasher.addNumbers(columnNumbers(table, info.name));
  }
  const result = hasher.duplicates();
  rememberDuplicateRows(table, columns, result);
  return result;
}
