import type { Table } from 'apache-arrow';
import type { ColumnInfo } from '../../../data/types.ts';
import { columnSummary, type ColumnSummary } from '../../profile/column-summary.ts';
import { columnVector } from '../../profile/label-codes.ts';
import type { NumericSummary } from '../../profile/numeric-summary.ts';

/** Example rows listed in a finding. */
export const MAX_EXAMPLE_ROWS = 5;

/** The shared, cached summary of a column (decoded once per table across profile and rules). */
export const summaryOf = (table: Table, info: ColumnInfo): ColumnSummary => columnSummary(table, info);

export function numbersOf(s: ColumnSummary): NumericSummary | null {
  return s.kind === 'numeric' || s.kind === 'datetime' ? s.numbers : null;
}

/** Non-missing cells, missing cells and distinct values, whatever the kind. */
export function countsOf(s: ColumnSummary): { count: number; missing: number; distinct: number } {
  switch (s.kind) {
    case 'numeric':
    case 'datetime':
      return { count: s.numbers.count, missing: s.numbers.missing, distinct: s.numbers.distinct };
    case 'boolean':
      return { count: s.count, missing: s.missing, distinct: (s.trueCount > 0 ? 1 : 0) + (s.falseCount > 0 ? 1 : 0) };
    case 'categorical':
    case 'text':
      return { count: s.labels.count, missing: s.labels.missing, distinct: s.labels.distinct };
  }
}

/** The most frequent value as the report spells it, and its count; null when nothing is present. */
export function modeOf(s: ColumnSummary): { value: string; count: number } | null {
  switch (s.kind) {
    case 'numeric':
      return s.numbers.mode ? { value: String(s.numbers.mode.value), count: s.numbers.mode.count } : null;
    case 'datetime':
      return s.numbers.mode ? { value: new Date(s.numbers.mode.value).toISOString(), count: s.numbers.mode.count } : null;
    case 'boolean':
      if (s.count === 0) return null;
      return s.trueCount >= s.falseCount ? { value: 'true', count: s.trueCount } : { value: 'false', count: s.falseCount };
    case 'categorical':
    case 'text': {
      const top = s.labels.top[0];
      return top ? { value: top.value, count: top.count } : null;
    }
  }
}

/** The first few rows whose cell is missing, read from the validity bitmap (nothing decoded). */
export function missingRows(table: Table, name: string, max = MAX_EXAMPLE_ROWS): number[] {
  const out: number[] = [];
  let at = 0;
  for (const data of columnVector(table, name).data) {
    if (data.nullCount > 0) {
      const bitmap = data.nullBitmap;
      for (let i = 0; i < data.length && out.length < max; i++) {
        const pos = data.offset + i;
        if (!bitmap || ((bitmap[pos >> 3] as number) & (1 << (pos & 7))) === 0) out.push(at + i);
      }
    }
    if (out.length >= max) break;
    at += data.length;
  }
  return out;
}

/** The first few rows whose value satisfies `hit` (NaN = missing is never passed). */
export function rowsWhere(values: Float64Array, hit: (x: number) => boolean, max = MAX_EXAMPLE_ROWS): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length && out.length < max; i++) {
    const x = values[i] as number;
    if (x === x && hit(x)) out.push(i);
  }
  return out;
}
