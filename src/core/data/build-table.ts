import type { Data, DataType, Table } from 'apache-arrow';
import { benchtopError } from '../errors.ts';
import { assembleTable } from './arrow-data.ts';
import { finishStrings } from './infer-types.ts';
import type { RawTable } from './raw-table.ts';
import type { ColumnInfo } from './types.ts';

export { KIND_METADATA_KEY } from './arrow-data.ts';
export { utf8Length } from './utf8-length.ts';

/**
 * An Arrow table with one column per entry of `columns` (in that order), typed by kind:
 * numeric -> Float64, boolean -> Bool, datetime -> Timestamp(ms, 'UTC'), categorical/text -> Utf8;
 * null for missing. Built by the same code as the file readers (see arrow-data.ts), so equal data
 * always gives equal bytes (see fingerprintTable). A value that does not fit its column's kind is
 * column_kind_mismatch with its data row.
 */
export function buildTable(raw: RawTable, columns: readonly ColumnInfo[]): Table {
  const length = raw.columns[0]?.length ?? 0;
  const children: Data<DataType>[] = [];
  for (const info of columns) {
    const j = raw.names.indexOf(info.name);
    const values = raw.columns[j];
    if (j < 0 || !values) throw benchtopError('column_not_found', { column: info.name, available: raw.names.join(', ') });
    children.push(finishStrings(info.name, values, info.kind).data);
  }
  return assembleTable(
    columns.map((c) => c.name),
    columns.map((c) => c.kind),
    children,
    length,
  );
}
