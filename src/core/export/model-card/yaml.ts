/**
 * A small YAML writer for the card's front matter: block mappings and sequences, every string
 * double-quoted with JSON escapes (valid YAML, so no value can turn into markup, a date or a
 * boolean), numbers written so YAML 1.1 and 1.2 readers both see numbers.
 */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const key = (k: string): string => (PLAIN_KEY.test(k) ? k : JSON.stringify(k));

export function yamlNumber(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '.inf' : v < 0 ? '-.inf' : '.nan';
  const s = String(v);
  if (!s.includes('e')) return s;
  // YAML 1.1 wants a dot in the mantissa and a sign on the exponent: 1e-7 -> 1.0e-7.
  const [mantissa, exponent] = s.split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : mantissa + '.0'}e${/^[+-]/.test(exponent) ? exponent : '+' + exponent}`;
}

function scalar(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return yamlNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return JSON.stringify(v);
}

const isScalar = (v: YamlValue): v is string | number | boolean | null => v === null || typeof v !== 'object';
const isEmpty = (v: YamlValue): boolean => (Array.isArray(v) ? v.length === 0 : v !== null && typeof v === 'object' && Object.keys(v).length === 0);
const inline = (v: YamlValue): string => (isScalar(v) ? scalar(v) : Array.isArray(v) ? '[]' : '{}');

function lines(v: YamlValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const item of v) {
      if (isScalar(item) || isEmpty(item)) out.push(`${pad}- ${inline(item)}`);
      else {
        const inner = lines(item, indent + 2);
        out.push(`${pad}- ${inner[0]!.slice(indent + 2)}`, ...inner.slice(1));
      }
    }
    return out;
  }
  if (v !== null && typeof v === 'object') {
    const out: string[] = [];
    for (const [k, item] of Object.entries(v)) {
      if (isScalar(item) || isEmpty(item)) out.push(`${pad}${key(k)}: ${inline(item)}`);
      else out.push(`${pad}${key(k)}:`, ...lines(item, indent + 2));
    }
    return out;
  }
  return [`${pad}${scalar(v)}`];
}

/** A YAML document body (no --- markers) for a mapping. */
export function toYaml(value: { [key: string]: YamlValue }): string {
  return lines(value, 0).join('\n') + '\n';
}
