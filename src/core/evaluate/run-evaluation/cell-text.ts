/**
 * Table cells as a person reads them in the error list: numbers with at most 6 significant
 * digits, datetimes as ISO text, booleans as true / false, missing as the empty string.
 */
import type { ColumnInfo, Dataset } from '../../data/types.ts';
import { frameFromTable } from '../../features/frame.ts';
import { formatNumber } from '../slices/slice-values.ts';

export function rowTexts(source: Pick<Dataset, 'table' | 'columns'>, names: readonly string[], rows: Int32Array): Record<string, string>[] {
  const frame = frameFromTable(source.table, source.columns, names, rows);
  const out = Array.from({ length: rows.length }, () => ({}) as Record<string, string>);
  frame.columns.forEach((c) => {
    const kind = (source.columns.find((x: ColumnInfo) => x.name === c.name)?.kind ?? 'text') as ColumnInfo['kind'];
    for (let i = 0; i < rows.length; i++) {
      let text: string;
      if (c.type === 'label') text = c.values[i] ?? '';
      else {
        const v = c.values[i]!;
        if (Number.isNaN(v)) text = '';
        else if (kind === 'boolean') text = v ? 'true' : 'false';
        else if (kind === 'datetime') text = Number.isFinite(v) ? new Date(v).toISOString() : String(v);
        else text = formatNumber(v);
      }
      out[i]![c.name] = text;
    }
  });
  return out;
}
