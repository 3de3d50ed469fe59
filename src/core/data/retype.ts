/**
 * A user's type override applied to a stored table: the overridden columns are re-read from
 * their canonical text (labelValues) as the chosen kind; the others keep their column data and
 * facts untouched (no copy). Text is the common ground every kind converts through exactly:
 * numbers print and parse back to the same double, datetimes as ISO 8601 with milliseconds,
 * booleans as true/false.
 */
import { makeData, RecordBatch, Schema, Struct, Table, type Data, type Field } from 'apache-arrow';
import { ipcToTable, tableToIpc } from './fingerprint.ts';
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
  const changed = columns.filter((c) => {
    const kind = kinds.get(c.name);
    return kind !== undefined && kind !== c.kind;
  });
  if (changed.length === 0) return { table, columns: [...columns] };
  // One unsliced batch, so untouched columns can be reused as they are (stored versions already are).
  const base = table.batches.length === 1 && table.batches[0]!.data.offset === 0 ? table : ipcToTable(tableToIpc(table));
  const raw = { names: changed.map((c) => c.name), columns: changed.map((c) => labelValues(base, c.name)) };
  const reread = changed.map((info, j): ColumnInfo => {
    // column_kind_mismatch (with the row and value) when a cell cannot be read as the chosen kind.
    const read = inferColumn(info.name, raw.columns[j] ?? [], kinds.get(info.name));
    return { ...read, ...(info.missingTokens ? { missingTokens: info.missingTokens } : {}), overridden: true };
  });
  const built = buildTable(raw, reread);
  const fields: Field[] = [];
  const children: Data[] = [];
  const infos = columns.map((info, j): ColumnInfo => {
    const k = changed.indexOf(info);
    const source = k >= 0 ? built : base;
    const at = k >= 0 ? k : j;
    fields.push(source.schema.fields[at]!);
    children.push(source.batches[0]!.data.children[at]!);
    return k >= 0 ? reread[k]! : info;
  });
  const schema = new Schema(fields);
  const struct = makeData({ type: new Struct(fields), length: base.numRows, nullCount: 0, children });
  return { table: new Table(schema, [new RecordBatch(schema, struct)]), columns: infos };
}
