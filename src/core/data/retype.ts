/**
 * A user's type override applied to a stored table: the overridden columns are re-read from
 * their canonical text (labelValues) as the chosen kind; the others keep their kind and facts.
 * Text is the common ground every kind converts through exactly: numbers print and parse back
 * to the same double, datetimes as ISO 8601 with milliseconds, booleans as true/false.
 */
import type { Table } from 'apache-arrow';
import { benchtopError } from '../errors.ts';
import { buildTable } from './build-table.ts';
import { labelValues } from './columns.ts';
import { inferColumn } from './infer-types.ts';
import type { ColumnInfo, ColumnKind } from './types.ts';

export interface Retyped {
  table: Table;
  columns: ColumnInfo[];
}

export function retypeTable(table: Table, columns: readonly ColumnInfo[], kinds: ReadonlyMap<string, ColumnKind>): Retyped {
  for (const name of kinds.keys())
    if (!columns.some((c) => c.name === name))
      throw benchtopError('column_not_found', { column: name, available: columns.map((c) => c.name).join(', ') });
  const names = columns.map((c) => c.name);
  const raw = { names, columns: names.map((name) => labelValues(table, name)) };
  const infos = columns.map((info, j): ColumnInfo => {
    const kind = kinds.get(info.name);
    if (kind === undefined || kind === info.kind) return info;
    // column_kind_mismatch (with the row and value) when a cell cannot be read as the chosen kind.
    const read = inferColumn(info.name, raw.columns[j] ?? [], kind);
    return {
      ...read,
      ...(info.missingTokens ? { missingTokens: info.missingTokens } : {}),
      overridden: true,
    };
  });
  return { table: buildTable(raw, infos), columns: infos };
}
