/** A few raw input rows for examples.csv: the first rows of the data, in the columns the model reads, as canonical text. */
import type { Table } from 'apache-arrow';
import { labelValues } from '../../data/columns.ts';
import type { ExampleRows } from './types.ts';

export function exampleRows(table: Table, features: readonly string[], count = 5): ExampleRows {
  const n = Math.min(count, table.numRows);
  const columns = features.map((name) => labelValues(table, name).slice(0, n));
  return { columns: [...features], rows: Array.from({ length: n }, (_, i) => columns.map((c) => c[i] ?? null)) };
}
