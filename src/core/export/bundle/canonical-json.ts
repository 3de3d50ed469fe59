/**
 * The JSON inside a bundle: object keys sorted at every level (so the same model gives the same
 * bytes whatever order its fields were built in), two-space indent, a final newline. JSON has no
 * NaN, infinities or negative zero; a fitted pipeline or model may hold them, so they are written
 * as {"$float": "NaN" | "Infinity" | "-Infinity" | "-0"} and read back exactly.
 */
import { benchtopError } from '../../errors.ts';

const FLOAT_TAG = '$float';
const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

function encodable(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { [FLOAT_TAG]: 'NaN' };
    if (value === Infinity || value === -Infinity) return { [FLOAT_TAG]: value > 0 ? 'Infinity' : '-Infinity' };
    if (Object.is(value, -0)) return { [FLOAT_TAG]: '-0' };
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => encodable(v, `${path}[${i}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = encodable(v, path ? `${path}.${key}` : key);
    }
    return out;
  }
  // Typed arrays, Maps, class instances would be written as something else than they are.
  const what = value === undefined ? 'undefined' : ArrayBuffer.isView(value) ? 'a typed array' : typeof value === 'object' ? `a ${value.constructor?.name ?? 'non-plain'} object` : typeof value;
  throw benchtopError('bundle_export_failed', { reason: `${path || 'the value'} is ${what}, which is not plain JSON` });
}

/** Canonical JSON text of a plain-JSON value (sorted keys, tagged non-finite numbers). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(encodable(value, ''), null, 2) + '\n';
}

export function canonicalJsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}

/** Parse canonical JSON text, turning tagged numbers back into numbers. Throws SyntaxError on bad JSON. */
export function parseCanonicalJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const tag = (v as Record<string, unknown>)[FLOAT_TAG];
      if (keys.length === 1 && typeof tag === 'string' && tag in SPECIAL) return SPECIAL[tag];
    }
    return v;
  });
}
