/**
 * The raw values the slices (and the fairness groups) are cut from, one per evaluated row.
 * Default columns: every categorical or boolean feature, and the first 8 numeric features in
 * the spec's order (binned into quantiles by sliceMetrics). Text, datetime and id-like columns
 * are left out by default; a request may name any column of the table.
 */
import type { ColumnInfo, Dataset } from '../../data/types.ts';
import { benchtopError } from '../../errors.ts';
import { frameFromTable } from '../../features/frame.ts';
import type { SliceColumn, SliceValue } from '../slices/index.ts';

export const MAX_NUMERIC_SLICE_COLUMNS = 8;

type Source = Pick<Dataset, 'table' | 'columns'>;

export function defaultSliceColumnNames(columns: readonly ColumnInfo[], features: readonly string[]): string[] {
  const kindOf = (name: string) => columns.find((c) => c.name === name)?.kind;
  const categorical = features.filter((f) => kindOf(f) === 'categorical' || kindOf(f) === 'boolean');
  const numeric = features.filter((f) => kindOf(f) === 'numeric').slice(0, MAX_NUMERIC_SLICE_COLUMNS);
  const chosen = new Set([...categorical, ...numeric]);
  return features.filter((f) => chosen.has(f));
}

/** Values of `names` at table rows `rows`: numbers (NaN missing) for numeric columns, text otherwise. */
export function sliceColumns(source: Source, names: readonly string[], rows: Int32Array): SliceColumn[] {
  for (const name of names)
    if (!source.columns.some((c) => c.name === name))
      throw benchtopError('column_not_found', { column: name, available: source.columns.map((c) => c.name).join(', ') });
  const frame = frameFromTable(source.table, source.columns, names, rows);
  return frame.columns.map((c): SliceColumn => {
    const kind = source.columns.find((x) => x.name === c.name)!.kind;
    if (c.type === 'label') return { name: c.name, values: c.values, kind: 'categorical' };
    if (kind === 'boolean') {
      const values: SliceValue[] = Array.from(c.values, (v) => (Number.isNaN(v) ? null : v ? 'true' : 'false'));
      return { name: c.name, values, kind: 'categorical' };
    }
    return { name: c.name, values: c.values, kind: 'numeric' };
  });
}
