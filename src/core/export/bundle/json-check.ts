/**
 * Small hand-written checks for the JSON files of a bundle. No schema compiler: the studio is
 * headed for a Content-Security-Policy without 'unsafe-eval', and a hand-written check names
 * the exact entry and field ("manifest.json at files[3].sha256") in its bundle_invalid error.
 */
import { benchtopError } from '../../errors.ts';

export type Obj = Record<string, unknown>;

export const describeValue = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'an array'
      : typeof v === 'string'
        ? `"${v.length > 40 ? v.slice(0, 40) + '...' : v}"`
        : typeof v === 'object'
          ? 'an object'
          : String(v);

export const at = (field: string, key: string | number): string => (typeof key === 'number' ? `${field}[${key}]` : field ? `${field}.${key}` : key);

/** Checks bound to one bundle entry: every failure is bundle_invalid naming the entry and field. */
export class JsonCheck {
  constructor(readonly entry: string) {}

  fail(field: string, reason: string): never {
    throw benchtopError('bundle_invalid', { entry: this.entry, field: field || 'the top level', reason });
  }

  /** An object with exactly the allowed keys (required ones present). */
  object(v: unknown, field: string, required: readonly string[], optional: readonly string[] = []): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return this.fail(field, `expected an object, got ${describeValue(v)}`);
    for (const key of Object.keys(v))
      if (!required.includes(key) && !optional.includes(key)) this.fail(at(field, key), `unknown field (allowed: ${[...required, ...optional].join(', ')})`);
    for (const key of required) if (!(key in v)) this.fail(at(field, key), 'missing');
    return v as Obj;
  }

  string(v: unknown, field: string, opts: { max?: number; pattern?: RegExp; allowEmpty?: boolean } = {}): string {
    if (typeof v !== 'string') return this.fail(field, `expected a string, got ${describeValue(v)}`);
    if (!opts.allowEmpty && v.length === 0) this.fail(field, 'expected a non-empty string');
    if (v.length > (opts.max ?? 1000)) this.fail(field, `longer than ${opts.max ?? 1000} characters`);
    if (opts.pattern && !opts.pattern.test(v)) this.fail(field, `${describeValue(v)} is not of the expected form`);
    return v;
  }

  number(v: unknown, field: string, opts: { min?: number; max?: number; integer?: boolean; nullable?: boolean } = {}): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.fail(field, `expected a finite number, got ${describeValue(v)}`);
    if (opts.integer && !Number.isInteger(v)) this.fail(field, `expected a whole number, got ${v}`);
    if (opts.min !== undefined && v < opts.min) this.fail(field, `must be at least ${opts.min}, got ${v}`);
    if (opts.max !== undefined && v > opts.max) this.fail(field, `must be at most ${opts.max}, got ${v}`);
    return v;
  }

  nullableNumber(v: unknown, field: string): number | null {
    return v === null ? null : this.number(v, field);
  }

  boolean(v: unknown, field: string): boolean {
    if (typeof v !== 'boolean') return this.fail(field, `expected true or false, got ${describeValue(v)}`);
    return v;
  }

  array(v: unknown, field: string, max = 100_000): unknown[] {
    if (!Array.isArray(v)) return this.fail(field, `expected an array, got ${describeValue(v)}`);
    if (v.length > max) this.fail(field, `more than ${max} items`);
    return v;
  }

  strings(v: unknown, field: string, opts: { max?: number; unique?: boolean; maxLength?: number } = {}): string[] {
    const list = this.array(v, field, opts.max);
    const seen = new Set<string>();
    list.forEach((s, i) => {
      this.string(s, at(field, i), { max: opts.maxLength ?? 1000, allowEmpty: true });
      if (opts.unique && seen.has(s as string)) this.fail(at(field, i), `"${s as string}" is listed twice`);
      seen.add(s as string);
    });
    return list as string[];
  }

  oneOf<T extends string>(v: unknown, field: string, options: readonly T[]): T {
    if (typeof v !== 'string' || !options.includes(v as T)) this.fail(field, `expected one of ${options.join(', ')}, got ${describeValue(v)}`);
    return v as T;
  }

  /** Plain JSON of bounded depth and size (for fields that are stored, not interpreted). */
  plain(v: unknown, field: string, maxDepth = 32): void {
    const walk = (x: unknown, path: string, depth: number): void => {
      if (depth > maxDepth) this.fail(path, `nested deeper than ${maxDepth} levels`);
      if (x === null || typeof x === 'string' || typeof x === 'boolean' || typeof x === 'number') return;
      if (Array.isArray(x)) return x.forEach((y, i) => walk(y, at(path, i), depth + 1));
      if (typeof x === 'object') return Object.entries(x).forEach(([k, y]) => walk(y, at(path, k), depth + 1));
      this.fail(path, `expected JSON, got ${typeof x}`);
    };
    walk(v, field, 0);
  }
}
