import type { MetricParams } from './types.ts';

/*
 * Readers for a variant's params. A wrong param is a programming error (the report only
 * passes params its metrics listed), so these throw RangeError rather than guess.
 */

export function choice<T extends string>(params: MetricParams, key: string, allowed: readonly T[], fallback: T): T {
  const v = params[key] ?? fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new RangeError(`evaluate: ${key} must be one of ${allowed.join(', ')}; got ${String(v)}.`);
  }
  return v as T;
}

export function numberParam(params: MetricParams, key: string, fallback: number, ok: (v: number) => boolean, rule: string): number {
  const v = params[key] ?? fallback;
  if (typeof v !== 'number' || !ok(v)) throw new RangeError(`evaluate: ${key} must be ${rule}; got ${String(v)}.`);
  return v;
}

export function flag(params: MetricParams, key: string, fallback: boolean): boolean {
  const v = params[key] ?? fallback;
  if (typeof v !== 'boolean') throw new RangeError(`evaluate: ${key} must be true or false; got ${String(v)}.`);
  return v;
}

/** A class index param (pos_label) for k classes. */
export function classParam(params: MetricParams, key: string, fallback: number, k: number): number {
  return numberParam(params, key, fallback, (v) => Number.isInteger(v) && v >= 0 && v < k, `a class index in 0..${k - 1}`);
}
