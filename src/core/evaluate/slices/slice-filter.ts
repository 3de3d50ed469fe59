/**
 * User-defined slices: a predicate {column, op, value} or several ANDed together, e.g.
 * "age >= 65" or "region in [north, east] and plan == pro". Missing values never satisfy an
 * ordering (<, <=, >, >=); `== null` selects them and `!= null` everything else. Ordering needs
 * a number; categories compare by ==, != and in (3 and "3" are the same category).
 */
import { benchtopError } from '../../errors.ts';
import { columnKind, displayValue, isMissing, sameValue, type SliceColumn, type SliceValue } from './slice-values.ts';

export type SliceOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in';

export interface SlicePredicate {
  column: string;
  op: SliceOp;
  /** A value, or a list of values for 'in'; null stands for missing. */
  value: SliceValue | readonly SliceValue[];
}

export interface SliceFilter {
  /** Shown instead of the generated description. */
  name?: string;
  /** One predicate, or several that must all hold. */
  where: SlicePredicate | readonly SlicePredicate[];
}

const ORDER_OPS = new Set<SliceOp>(['<', '<=', '>', '>=']);
const OPS = new Set<SliceOp>(['==', '!=', '<', '<=', '>', '>=', 'in']);

function invalid(index: number, column: string, reason: string): never {
  throw benchtopError('slice_filter_invalid', { index: index + 1, column, reason });
}

function checkPredicate(p: SlicePredicate, index: number, columns: ReadonlyMap<string, SliceColumn>): SliceColumn {
  const column = columns.get(p.column);
  if (!column) throw benchtopError('column_not_found', { column: p.column, available: [...columns.keys()].join(', ') });
  if (!OPS.has(p.op)) invalid(index, p.column, `unknown operator "${String(p.op)}"`);
  if (p.op === 'in') {
    if (!Array.isArray(p.value)) invalid(index, p.column, '"in" needs a list of values');
  } else if (Array.isArray(p.value)) {
    invalid(index, p.column, `"${p.op}" needs a single value (use "in" for a list)`);
  }
  if (ORDER_OPS.has(p.op)) {
    if (typeof p.value !== 'number' || !Number.isFinite(p.value)) invalid(index, p.column, `"${p.op}" needs a finite number`);
    if (columnKind(column) !== 'numeric') invalid(index, p.column, `"${p.op}" orders numbers, and the column is categorical`);
  }
  return column;
}

function holds(p: SlicePredicate, v: SliceValue | undefined): boolean {
  switch (p.op) {
    case '==':
      return sameValue(v, p.value as SliceValue);
    case '!=':
      return !sameValue(v, p.value as SliceValue);
    case 'in':
      return (p.value as readonly SliceValue[]).some((x) => sameValue(v, x));
    default: {
      if (isMissing(v) || typeof v !== 'number') return false;
      const t = p.value as number;
      return p.op === '<' ? v < t : p.op === '<=' ? v <= t : p.op === '>' ? v > t : v >= t;
    }
  }
}

function describe(p: SlicePredicate): string {
  if (p.op === 'in') return `${p.column} in [${(p.value as readonly SliceValue[]).map(displayValue).join(', ')}]`;
  const v = p.value as SliceValue;
  if (v === null) return p.op === '==' ? `${p.column} is missing` : `${p.column} is present`;
  return `${p.column} ${p.op} ${displayValue(v)}`;
}

export interface FilterGroup {
  id: string;
  label: string;
  rows: number[];
}

/** The rows each filter selects, checked against the columns it names. `index` numbers the filter in messages. */
export function filterRows(filter: SlicePredicate | SliceFilter, index: number, columns: ReadonlyMap<string, SliceColumn>, n: number): FilterGroup {
  const where: readonly SlicePredicate[] = 'where' in filter ? (Array.isArray(filter.where) ? filter.where : [filter.where as SlicePredicate]) : [filter];
  if (where.length === 0) invalid(index, '(none)', 'the filter has no predicate');
  const cols = where.map((p) => checkPredicate(p, index, columns));
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (where.every((p, j) => holds(p, (cols[j] as SliceColumn).values[i]))) rows.push(i);
  }
  const generated = where.map(describe).join(' and ');
  const label = 'where' in filter && filter.name ? filter.name : generated;
  return { id: `filter: ${generated}`, label, rows };
}
