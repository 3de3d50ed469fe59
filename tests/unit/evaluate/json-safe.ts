import { expect } from 'vitest';

/**
 * Every number in a result must be finite: JSON.stringify would silently turn NaN and
 * Infinity into null (or fail to round-trip), so results use null for "undefined" themselves.
 */
export function expectJsonSafe(value: unknown, path = '$'): void {
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${path} is ${value}`).toBe(true);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (ArrayBuffer.isView(value)) throw new Error(`${path} is a typed array; results should be plain JSON`);
  if (Array.isArray(value)) {
    value.forEach((v, i) => expectJsonSafe(v, `${path}[${i}]`));
    return;
  }
  for (const [k, v] of Object.entries(value)) expectJsonSafe(v, `${path}.${k}`);
  expect(JSON.parse(JSON.stringify(value))).toEqual(value);
}
