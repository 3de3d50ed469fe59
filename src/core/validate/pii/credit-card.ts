import { luhnValid } from './luhn.ts';
import { digitsOf, matchAll } from './match-all.ts';
import type { PiiDetector } from './types.ts';

// 13-19 digits, optionally grouped by single spaces or dashes
const CARD = /(?<![\w.-])\d(?:[ -]?\d){12,18}(?!\w|[.-]\d)/g;

/** Issuer prefixes (IIN ranges) and the lengths their cards come in. */
const ISSUERS: readonly { from: number; to: number; digits: number; lengths: readonly number[] }[] = [
  { from: 4, to: 4, digits: 1, lengths: [13, 16, 19] }, // Visa
  { from: 51, to: 55, digits: 2, lengths: [16] }, // Mastercard
  { from: 2221, to: 2720, digits: 4, lengths: [16] }, // Mastercard 2-series
  { from: 34, to: 34, digits: 2, lengths: [15] }, // American Express
  { from: 37, to: 37, digits: 2, lengths: [15] },
  { from: 6011, to: 6011, digits: 4, lengths: [16, 17, 18, 19] }, // Discover
  { from: 644, to: 649, digits: 3, lengths: [16, 17, 18, 19] },
  { from: 65, to: 65, digits: 2, lengths: [16, 17, 18, 19] },
  { from: 300, to: 305, digits: 3, lengths: [14, 15, 16, 17, 18, 19] }, // Diners Club
  { from: 36, to: 36, digits: 2, lengths: [14, 15, 16, 17, 18, 19] },
  { from: 38, to: 39, digits: 2, lengths: [16, 17, 18, 19] },
  { from: 3528, to: 3589, digits: 4, lengths: [16, 17, 18, 19] }, // JCB
  { from: 62, to: 62, digits: 2, lengths: [16, 17, 18, 19] }, // UnionPay
  { from: 2200, to: 2204, digits: 4, lengths: [16, 17, 18, 19] }, // Mir
  { from: 5018, to: 5018, digits: 4, lengths: [13, 14, 15, 16, 17, 18, 19] }, // Maestro
  { from: 5020, to: 5020, digits: 4, lengths: [13, 14, 15, 16, 17, 18, 19] },
  { from: 5038, to: 5038, digits: 4, lengths: [13, 14, 15, 16, 17, 18, 19] },
  { from: 5893, to: 5893, digits: 4, lengths: [13, 14, 15, 16, 17, 18, 19] },
  { from: 6304, to: 6304, digits: 4, lengths: [13, 14, 15, 16, 17, 18, 19] },
  { from: 6759, to: 6759, digits: 4, lengths: [13, 14, 15, 16, 17, 18, 19] },
  { from: 6761, to: 6763, digits: 4, lengths: [13, 14, 15, 16, 17, 18, 19] },
];

export function knownIssuer(digits: string): boolean {
  return ISSUERS.some((i) => {
    const prefix = Number(digits.slice(0, i.digits));
    return prefix >= i.from && prefix <= i.to && i.lengths.includes(digits.length);
  });
}

/** Groups split by one kind of separator only ('4111 1111-1111 1111' is no card number). */
function consistentSeparators(m: string): boolean {
  return !(m.includes(' ') && m.includes('-'));
}

export const creditCardDetector: PiiDetector = {
  kind: 'credit_card',
  anyMatch: true,
  mayContain: (_value, digits) => digits >= 13,
  find: (value) =>
    matchAll(CARD, value, (m) => {
      const digits = digitsOf(m);
      return consistentSeparators(m) && knownIssuer(digits) && luhnValid(digits);
    }),
  preview: (m) => `****${digitsOf(m).slice(-4)}`,
  redact: (m) => `****${digitsOf(m).slice(-4)}`,
};
