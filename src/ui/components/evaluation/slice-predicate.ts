/**
 * The slice filter form's reading of what was typed: a predicate the worker accepts, or the
 * reason it would not. Ordering operators need a number. == and != compare a numeric column with
 * the number typed and a categorical one with the text as typed (the core matches 3 and "3", but
 * not "3.0" or "03" against 3); a column of unknown kind gets a number only when the text is
 * exactly how that number prints.
 */
import type { SliceOp, SlicePredicate } from '../../../core/evaluate/slices/index.ts';

/** The operators the form offers ('in' needs a list, which the form does not take). */
export const FORM_OPS = ['==', '!=', '<', '<=', '>', '>='] as const satisfies readonly SliceOp[];
export type FormOp = (typeof FORM_OPS)[number];

export const OP_WORDS: Record<FormOp, string> = {
  '==': 'equals',
  '!=': 'is not',
  '<': 'less than',
  '<=': 'at most',
  '>': 'greater than',
  '>=': 'at least',
};

const ORDERING = new Set<FormOp>(['<', '<=', '>', '>=']);

/** `numeric`: whether the column is numeric, when known. */
export function slicePredicate(column: string, op: FormOp, text: string, numeric?: boolean): { predicate: SlicePredicate } | { error: string } {
  if (!column) return { error: 'Choose a column.' };
  const value = text.trim();
  if (value === '') return { error: 'Type a value.' };
  const num = Number(value);
  const isNumber = Number.isFinite(num);
  if (ORDERING.has(op)) {
    if (numeric === false) return { error: `“${op}” orders numbers, and ${column} is categorical: use == or !=.` };
    if (!isNumber) return { error: `“${op}” compares numbers: type a number.` };
    return { predicate: { column, op, value: num } };
  }
  if (numeric === true) {
    if (!isNumber) return { error: `${column} is numeric: type a number.` };
    return { predicate: { column, op, value: num } };
  }
  const asNumber = numeric === undefined && isNumber && String(num) === value;
  return { predicate: { column, op, value: asNumber ? num : value } };
}

/** A predicate as the slices table labels it ("age >= 40"). */
export function describePredicate(p: SlicePredicate): string {
  const v = Array.isArray(p.value) ? `[${p.value.join(', ')}]` : p.value === null ? 'missing' : String(p.value);
  return `${p.column} ${p.op} ${v}`;
}
