import { Type, type Table } from 'apache-arrow';
import { numericValues } from '../../data/columns.ts';
import type { ColumnHints } from './types.ts';

/**
 * The text a detector reads from each cell of column j, or null when the column is not scanned:
 * text columns as they are; numeric columns only when their name says phone or SSN (numbers
 * elsewhere are measurements), as whole non-negative integers. Missing cells read as null.
 */
export function cellReader(table: Table, j: number, hints: ColumnHints): ((row: number) => string | null) | null {
  const vector = table.getChildAt(j);
  if (!vector) return null;
  const typeId = vector.type.typeId;
  if (typeId === Type.Utf8 || typeId === Type.LargeUtf8) {
    return (row) => {
      const v: unknown = vector.get(row);
      return typeof v === 'string' ? v : null;
    };
  }
  if ((typeId === Type.Float || typeId === Type.Int) && (hints.phone || hints.ssn)) {
    const numbers = numericValues(table, table.schema.fields[j]!.name);
    return (row) => {
      const v = numbers[row]!;
      return Number.isInteger(v) && v >= 0 ? String(v) : null;
    };
  }
  return null;
}
