/**
 * Raw slice values as the caller passes them (one per scored row: string, number or null; NaN
 * and undefined also count as missing) and how they group: one group per distinct value for
 * categorical columns, equal-frequency bins for numeric ones, and missing values always a group
 * of their own.
 */
import { quantileEdges, sortedCopy } from '../uncertainty/percentile.ts';

export type SliceValue = string | number | null;

export interface SliceColumn {
  name: string;
  /** One value per row, in the row order of the scored data. */
  values: ArrayLike<SliceValue | undefined>;
  /** 'numeric': quantile bins; 'categorical': one slice per value. Default: numeric when every present value is a number. */
  kind?: 'numeric' | 'categorical';
}

export function isMissing(v: SliceValue | undefined): v is null | undefined {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

/** Equality across number/string spellings of a category (3 and "3" are one value). */
export function sameValue(a: SliceValue | undefined, b: SliceValue | undefined): boolean {
  if (isMissing(a) || isMissing(b)) return isMissing(a) && isMissing(b);
  return a === b || String(a) === String(b);
}

/** Numbers as a person reads them: at most 6 significant digits, no trailing zeros. */
export function formatNumber(v: number): string {
  return String(Number(v.toPrecision(6)));
}

export function displayValue(v: SliceValue | undefined): string {
  if (isMissing(v)) return 'missing';
  return typeof v === 'number' ? formatNumber(v) : v;
}

export function columnKind(column: SliceColumn): 'numeric' | 'categorical' {
  if (column.kind) return column.kind;
  const { values } = column;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!isMissing(v) && typeof v !== 'number') return 'categorical';
  }
  return 'numeric';
}

/** A group of rows sharing a value or a bin. */
export interface ValueGroup {
  /** Stable id: `column=value`, `column in (lo, hi]`, `column is missing`, `column=(other)`. */
  id: string;
  /** How a person reads it. */
  label: string;
  kind: 'value' | 'bin' | 'missing' | 'other';
  /** The value (kind 'value'), or the bin's bounds (kind 'bin'). */
  value?: SliceValue;
  low?: number;
  high?: number;
  rows: number[];
}

export interface GroupingOptions {
  /** Quantile bins of a numeric column. Default 4. */
  bins: number;
  /** Most distinct categories listed; the rarer rest form one "other" group. Default 50. */
  maxCategories: number;
}

function categoricalGroups(column: SliceColumn, maxCategories: number): ValueGroup[] {
  const { name, values } = column;
  const byKey = new Map<string, { value: SliceValue; rows: number[] }>();
  const missing: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) {
      missing.push(i);
      continue;
    }
    const key = String(v);
    let g = byKey.get(key);
    if (!g) {
      g = { value: v, rows: [] };
      byKey.set(key, g);
    }
    g.rows.push(i);
  }
  const sorted = [...byKey.entries()].sort((a, b) => b[1].rows.length - a[1].rows.length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: ValueGroup[] = sorted.slice(0, maxCategories).map(([key, g]) => ({
    id: `${name}=${key}`,
    label: `${name} = ${displayValue(g.value)}`,
    kind: 'value',
    value: g.value,
    rows: g.rows,
  }));
  const rest = sorted.slice(maxCategories);
  if (rest.length > 0) {
    const rows = rest.flatMap(([, g]) => g.rows).sort((a, b) => a - b);
    out.push({ id: `${name}=(other)`, label: `${name}: ${rest.length} other values`, kind: 'other', rows });
  }
  if (missing.length > 0) out.push({ id: `${name} is missing`, label: `${name} is missing`, kind: 'missing', value: null, rows: missing });
  return out;
}

/**
 * Equal-frequency bins: edges at numpy percentiles 0, 100/bins, ..., 100 of the present values,
 * repeated edges merged (pandas qcut(duplicates='drop')); the first bin is [e0, e1], the others
 * (e_j, e_j+1], so each value falls in exactly one.
 */
function numericGroups(column: SliceColumn, bins: number): ValueGroup[] {
  const { name, values } = column;
  const present: number[] = [];
  const missing: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) missing.push(i);
    else if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`Slice column "${name}" is numeric but row ${i} holds ${String(v)}.`);
    else present.push(i);
  }
  const out: ValueGroup[] = [];
  if (present.length > 0) {
    const sorted = sortedCopy(present.map((i) => values[i] as number));
    const edges = [...new Set(quantileEdges(sorted, bins))];
    if (edges.length < 2) {
      const v = edges[0] as number;
      out.push({ id: `${name}=${v}`, label: `${name} = ${formatNumber(v)}`, kind: 'value', value: v, rows: present });
    } else {
      const groups = edges.slice(0, -1).map((lo, j): ValueGroup => {
        const hi = edges[j + 1] as number;
        const open = j === 0 ? '[' : '(';
        return {
          id: `${name} in ${open}${lo}, ${hi}]`,
          label: `${name} in ${open}${formatNumber(lo)}, ${formatNumber(hi)}]`,
          kind: 'bin',
          low: lo,
          high: hi,
          rows: [],
        };
      });
      for (const i of present) {
        const v = values[i] as number;
        // searchsorted(edges, v, 'left') - 1, with the lowest edge in the first bin.
        let lo = 0;
        let hi = edges.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((edges[mid] as number) < v) lo = mid + 1;
          else hi = mid;
        }
        (groups[Math.max(lo - 1, 0)] as ValueGroup).rows.push(i);
      }
      out.push(...groups);
    }
  }
  if (missing.length > 0) out.push({ id: `${name} is missing`, label: `${name} is missing`, kind: 'missing', value: null, rows: missing });
  return out;
}

export function valueGroups(column: SliceColumn, options: GroupingOptions): ValueGroup[] {
  return columnKind(column) === 'numeric' ? numericGroups(column, options.bins) : categoricalGroups(column, options.maxCategories);
}
