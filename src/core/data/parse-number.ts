// Plain decimal with optional sign, fraction and exponent. Number() alone would also accept
// '0x1F', 'Infinity', '' and '1_000'-free oddities, which are not numbers in a data file.
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite number from text like ' -1.5e3 ', or null when the text is not one ('1,000', '0x1F', '1e999'). */
export function parseNumber(text: string): number | null {
  const s = text.trim();
  if (!NUMBER.test(s)) return null;
  const x = Number(s);
  return Number.isFinite(x) ? x : null;
}

/**
 * True for '007', '-01', '00.5': a leading zero before another digit marks codes (zip codes,
 * ids) whose spelling matters, so inference keeps such columns as labels.
 */
export function hasLeadingZero(text: string): boolean {
  return /^[+-]?0\d/.test(text.trim());
}
