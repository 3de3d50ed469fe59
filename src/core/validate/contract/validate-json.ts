/**
 * validateContractJson: a contract from a file, a link or a text box is untrusted. Every field
 * is checked by hand so the error names the exact place (columns[2].range.min) and says what
 * was expected; unknown fields are refused, since a misspelt promise silently ignored would
 * pass data it was meant to stop.
 */
import { benchtopError } from '../../errors.ts';
import type { ColumnKind, InferredType } from '../../data/types.ts';
import { CONTRACT_FORMAT, type DataContract } from './types.ts';

const KINDS: readonly ColumnKind[] = ['numeric', 'categorical', 'boolean', 'datetime', 'text'];
const TYPES: readonly InferredType[] = ['integer', 'float', 'boolean', 'categorical', 'datetime', 'text', 'identifier'];

type Obj = Record<string, unknown>;

const fail = (field: string, reason: string): never => {
  throw benchtopError('contract_invalid', { field, reason });
};

const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? `"${v.length > 40 ? v.slice(0, 40) + '...' : v}"` : typeof v === 'object' ? 'an object' : String(v);

function object(v: unknown, field: string, allowed: readonly string[]): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(field || 'the top level', `expected an object, got ${describe(v)}`);
  for (const key of Object.keys(v)) if (!allowed.includes(key)) fail(join(field, key), `unknown field (allowed: ${allowed.join(', ')})`);
  return v as Obj;
}

const join = (field: string, key: string): string => (field ? `${field}.${key}` : key);

function string(o: Obj, key: string, field: string, optional = false): void {
  const v = o[key];
  if (v === undefined && optional) return;
  if (typeof v !== 'string' || v.length === 0) fail(join(field, key), `expected a non-empty string, got ${describe(v)}`);
}

function boolean(o: Obj, key: string, field: string, optional = false): void {
  const v = o[key];
  if (v === undefined && optional) return;
  if (typeof v !== 'boolean') fail(join(field, key), `expected true or false, got ${describe(v)}`);
}

function number(o: Obj, key: string, field: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number {
  const v = o[key];
  const at = join(field, key);
  if (typeof v !== 'number' || !Number.isFinite(v)) return fail(at, `expected a finite number, got ${describe(v)}`);
  if (opts.integer && !Number.isInteger(v)) fail(at, `expected a whole number, got ${v}`);
  if (opts.min !== undefined && v < opts.min) fail(at, `must be at least ${opts.min}, got ${v}`);
  if (opts.max !== undefined && v > opts.max) fail(at, `must be at most ${opts.max}, got ${v}`);
  return v;
}

function array(o: Obj, key: string, field: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) return fail(join(field, key), `expected an array, got ${describe(v)}`);
  return v;
}

function numbers(o: Obj, key: string, field: string, opts: { length?: number; ascending?: 'strict' | 'loose' } = {}): number[] {
  const list = array(o, key, field);
  const at = join(field, key);
  if (opts.length !== undefined && list.length !== opts.length) fail(at, `expected ${opts.length} numbers, got ${list.length}`);
  list.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${at}[${i}]`, `expected a finite number, got ${describe(v)}`);
    const prev = list[i - 1] as number;
    if (i > 0 && opts.ascending === 'strict' && !((v as number) > prev)) fail(`${at}[${i}]`, `must be greater than the previous value ${prev}`);
    if (i > 0 && opts.ascending === 'loose' && !((v as number) >= prev)) fail(`${at}[${i}]`, `must not be less than the previous value ${prev}`);
  });
  return list as number[];
}

function oneOf<T extends string>(o: Obj, key: string, field: string, options: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !options.includes(v as T)) fail(join(field, key), `expected one of ${options.join(', ')}, got ${describe(v)}`);
  return v as T;
}

const COLUMN_FIELDS = ['name', 'kind', 'type', 'required', 'nullable', 'maxMissingShare', 'unique', 'range', 'allowedValues', 'allowUnseen', 'reference'];

function column(v: unknown, field: string): { name: string } {
  const c = object(v, field, COLUMN_FIELDS);
  string(c, 'name', field);
  const kind = oneOf(c, 'kind', field, KINDS);
  oneOf(c, 'type', field, TYPES);
  boolean(c, 'required', field);
  boolean(c, 'nullable', field);
  number(c, 'maxMissingShare', field, { min: 0, max: 1 });
  boolean(c, 'unique', field, true);
  boolean(c, 'allowUnseen', field, true);
  if (c.range !== undefined) range(c.range, join(field, 'range'), kind);
  if (c.allowedValues !== undefined) {
    if (kind !== 'categorical' && kind !== 'boolean') fail(join(field, 'allowedValues'), `only categorical and boolean columns list allowed values; this column is ${kind}`);
    const values = array(c, 'allowedValues', field);
    const seen = new Set<string>();
    values.forEach((x, i) => {
      if (typeof x !== 'string') fail(`${field}.allowedValues[${i}]`, `expected a string, got ${describe(x)}`);
      if (seen.has(x as string)) fail(`${field}.allowedValues[${i}]`, `"${x as string}" is listed twice`);
      seen.add(x as string);
    });
  }
  if (c.reference !== undefined) reference(c.reference, join(field, 'reference'), kind);
  return c as { name: string };
}

function range(v: unknown, field: string, kind: ColumnKind): void {
  const r = object(v, field, ['min', 'max']);
  if (kind === 'numeric') {
    const min = number(r, 'min', field);
    const max = number(r, 'max', field);
    if (min > max) fail(join(field, 'min'), `min ${min} is greater than max ${max}`);
  } else if (kind === 'datetime') {
    const ms = (key: 'min' | 'max'): number => {
      const s = r[key];
      const t = typeof s === 'string' ? Date.parse(s) : NaN;
      return Number.isNaN(t) ? fail(join(field, key), `expected an ISO 8601 date such as "2024-01-31T00:00:00.000Z", got ${describe(s)}`) : t;
    };
    if (ms('min') > ms('max')) fail(join(field, 'min'), 'min is later than max');
  } else fail(field, `only numeric and datetime columns have a range; this column is ${kind}`);
}

function reference(v: unknown, field: string, kind: ColumnKind): void {
  const head = object(v, field, ['kind', 'count', 'percentiles', 'mean', 'std', 'median', 'iqr', 'bins', 'frequencies']);
  const refKind = oneOf(head, 'kind', field, ['numeric', 'categorical'] as const);
  const expected = kind === 'numeric' ? 'numeric' : kind === 'categorical' || kind === 'boolean' ? 'categorical' : null;
  if (refKind !== expected) fail(join(field, 'kind'), expected ? `a ${kind} column takes a ${expected} reference` : `a ${kind} column has no reference distribution`);
  if (refKind === 'numeric') {
    const r = object(v, field, ['kind', 'count', 'percentiles', 'mean', 'std', 'median', 'iqr', 'bins']);
    number(r, 'count', field, { min: 1, integer: true });
    numbers(r, 'percentiles', field, { length: 99, ascending: 'loose' });
    number(r, 'mean', field);
    number(r, 'std', field, { min: 0 });
    number(r, 'median', field);
    number(r, 'iqr', field, { min: 0 });
    const binsField = join(field, 'bins');
    const bins = object(r.bins, binsField, ['edges', 'shares']);
    const edges = numbers(bins, 'edges', binsField, { ascending: 'strict' });
    const shares = numbers(bins, 'shares', binsField, { length: edges.length + 1 });
    shares.forEach((s, i) => (s < 0 || s > 1) && fail(`${binsField}.shares[${i}]`, `a share must be within 0..1, got ${s}`));
  } else {
    const r = object(v, field, ['kind', 'count', 'frequencies']);
    number(r, 'count', field, { min: 1, integer: true });
    array(r, 'frequencies', field).forEach((f, i) => {
      const at = `${field}.frequencies[${i}]`;
      const o = object(f, at, ['value', 'share']);
      if (typeof o.value !== 'string') fail(`${at}.value`, `expected a string, got ${describe(o.value)}`);
      number(o, 'share', at, { min: 0, max: 1 });
    });
  }
}

/** The contract in `input` (parsed JSON), checked field by field; contract_invalid names the first bad field. */
export function validateContractJson(input: unknown): DataContract {
  const top = object(input, '', ['format', 'version', 'createdFrom', 'rowCount', 'columns']);
  if (top.format !== CONTRACT_FORMAT) fail('format', `expected "${CONTRACT_FORMAT}", got ${describe(top.format)}`);
  if (top.version !== 1) fail('version', `version ${describe(top.version)} is not supported (this Benchtop reads version 1)`);
  const from = object(top.createdFrom, 'createdFrom', ['datasetName', 'versionId', 'fingerprint']);
  string(from, 'datasetName', 'createdFrom');
  string(from, 'versionId', 'createdFrom', true);
  string(from, 'fingerprint', 'createdFrom');
  const rc = object(top.rowCount, 'rowCount', ['min', 'max']);
  const min = number(rc, 'min', 'rowCount', { min: 0, integer: true });
  const max = number(rc, 'max', 'rowCount', { min: 0, integer: true });
  if (min > max) fail('rowCount.min', `min ${min} is greater than max ${max}`);
  const names = new Set<string>();
  array(top, 'columns', '').forEach((c, i) => {
    const { name } = column(c, `columns[${i}]`);
    if (names.has(name)) fail(`columns[${i}].name`, `column "${name}" appears twice`);
    names.add(name);
  });
  return structuredClone(input) as DataContract;
}

/** Parse contract text (JSON) and validate it; bad JSON is contract_invalid too. */
export function parseContract(text: string): DataContract {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail('the top level', `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return validateContractJson(parsed);
}
