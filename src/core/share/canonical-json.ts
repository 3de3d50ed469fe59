/**
 * JSON with object keys sorted at every level, so the same payload always gives the same link.
 * Numbers are written by JSON.stringify (shortest text that reads back as the same double), so
 * metrics survive the trip bit for bit. Non-finite numbers have no JSON form: callers drop them.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    // No prototype: a "__proto__" key stays a plain key.
    const out = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
