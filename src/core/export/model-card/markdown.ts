/** Markdown helpers: text from data (column names, labels) is escaped so it stays text. */

/** Inline text from data: no markup, no HTML, no table breaks. */
export function md(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`);
}

/** A number as the card shows it: 4 significant decimals, n/a when undefined. */
export function num(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return 'n/a';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-4)) return v.toExponential(3);
  return v.toFixed(digits);
}

export const count = (v: number): string => v.toLocaleString('en-US');

export const pct = (share: number): string => `${(share * 100).toFixed(share > 0 && share < 0.01 ? 2 : 1)}%`;

export function interval(ci: readonly [number, number] | null | undefined, level?: number): string {
  if (!ci) return 'n/a';
  return `${level !== undefined ? `${Math.round(level * 100)}% CI ` : ''}[${num(ci[0])}, ${num(ci[1])}]`;
}

export function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
