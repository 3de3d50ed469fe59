/**
 * JSON for people and machines alike: objects (and arrays of objects) indented down to `depth`
 * levels, anything deeper or any array of numbers kept on one line, so a result reads as a table.
 */
export function printJson(value: unknown, depth = 3, indent = ''): string {
  if (depth <= 0 || value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0 || !value.some((v) => v !== null && typeof v === 'object')) return JSON.stringify(value);
    return `[\n${value.map((v) => inner + printJson(v, depth - 1, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${printJson(v, depth - 1, inner)}`).join(',\n')}\n${indent}}`;
}
