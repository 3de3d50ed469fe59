/** How findings spell numbers: "1,204 rows (3.1%)". */

export const count = (n: number): string => n.toLocaleString('en-US');

/** A share as a percentage with one decimal; never rounds a non-zero share to 0% or a partial one to 100%. */
export function percent(share: number): string {
  if (share > 0 && share < 0.0005) return '<0.1%';
  if (share < 1 && share > 0.9995) return '>99.9%';
  return `${(share * 100).toFixed(1)}%`;
}

export const countOf = (n: number, whole: number, noun: string): string =>
  `${count(n)} ${noun}${n === 1 ? '' : 's'} (${percent(whole > 0 ? n / whole : 0)})`;

/** A number for a sentence: up to 4 significant digits, no exponent for everyday magnitudes. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e9) return Number(x.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
  return x.toPrecision(4);
}

/** A cell value quoted for a message, shortened when long. */
export function quote(value: string, max = 40): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max - 1)}…` : value);
}
