import { DataType, type Field } from 'apache-arrow';

export type CellKind = 'number' | 'date' | 'bool' | 'text';

export function cellKind(field: Field): CellKind {
  const t = field.type;
  if (DataType.isInt(t) || DataType.isFloat(t) || DataType.isDecimal(t)) return 'number';
  if (DataType.isTimestamp(t) || DataType.isDate(t)) return 'date';
  if (DataType.isBool(t)) return 'bool';
  return 'text';
}

/** One cell as text; `null` for a missing value. Never HTML: callers render it as text. */
export function formatCell(v: unknown, kind: CellKind): string | null {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'number': {
      if (typeof v === 'bigint') return v.toString();
      if (typeof v !== 'number') return String(v);
      if (Number.isNaN(v)) return null;
      return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(10)));
    }
    case 'date': {
      const ms = v instanceof Date ? v.getTime() : Number(v);
      if (!Number.isFinite(ms)) return String(v);
      const iso = new Date(ms).toISOString();
      return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
    }
    case 'bool':
      return v ? 'true' : 'false';
    default:
      return typeof v === 'string' ? v : String(v);
  }
}
