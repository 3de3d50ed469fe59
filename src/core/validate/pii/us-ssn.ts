import { digitsOf, matchAll } from './match-all.ts';
import type { PiiDetector } from './types.ts';

// ddd-dd-dddd; a bare 9-digit number only in an ssn-named column
const SSN = /(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])/g;
const BARE = /(?<![\w.-])\d{9}(?![\w]|[.-]\d)/g;

/** Numbers the SSA never issues or that are publicly known samples. */
const NEVER_ISSUED: ReadonlySet<string> = new Set(['078051120', '219099999', '457555462']);

/** Area 001-665 or 667-899, group 01-99, serial 0001-9999. */
export function ssnValid(s: string): boolean {
  const d = digitsOf(s);
  const area = Number(d.slice(0, 3));
  return d.length === 9 && area !== 0 && area !== 666 && area < 900 && d.slice(3, 5) !== '00' && d.slice(5) !== '0000' && !NEVER_ISSUED.has(d);
}

export const usSsnDetector: PiiDetector = {
  kind: 'us_ssn',
  anyMatch: false,
  mayContain: (_value, digits) => digits >= 9,
  find: (value, hints) => [...matchAll(SSN, value, ssnValid), ...(hints.ssn ? matchAll(BARE, value, ssnValid) : [])],
  preview: (m) => `***-**-${digitsOf(m).slice(-4)}`,
  redact: () => '***-**-****',
};
