import { matchAll } from './match-all.ts';
import type { PiiDetector } from './types.ts';

// two letters, two check digits, then 11-30 letters/digits, optionally in space-separated groups
const IBAN = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])/g;

/** IBAN length per country (ISO 13616 registry). */
const LENGTHS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22,
    CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22,
    GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30,
    KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31,
    MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24,
    SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
  }),
);

/** ISO 7064 mod 97-10: move the first four characters to the end, letters to 10..35, remainder 1. */
export function ibanChecksumValid(compact: string): boolean {
  const s = compact.slice(4) + compact.slice(0, 4);
  let rest = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : -1;
    if (v < 0) return false;
    rest = v < 10 ? (rest * 10 + v) % 97 : (rest * 100 + v) % 97;
  }
  return rest === 1;
}

/**
 * Length of the valid IBAN at the start of a match, or 0. The match may run on into following
 * words ('DE89 ... 00 is mine'), so it is cut at the country's IBAN length first.
 */
function validLength(m: string): number {
  const length = LENGTHS.get(m.slice(0, 2).toUpperCase());
  if (!length) return 0;
  let compact = '';
  let end = 0;
  while (end < m.length && compact.length < length) {
    if (m[end] !== ' ') compact += m[end]!.toUpperCase();
    end++;
  }
  if (compact.length < length) return 0;
  // the IBAN must end at a group break, not inside a longer token
  if (end < m.length && m[end] !== ' ') return 0;
  return ibanChecksumValid(compact) ? end : 0;
}

export const ibanDetector: PiiDetector = {
  kind: 'iban',
  anyMatch: true,
  claimsInvalid: true,
  mayContain: (_value, digits) => digits >= 4,
  find: (value) => matchAll(IBAN, value, validLength),
  preview: (m) => mask(m),
  redact: (m) => mask(m),
};

/** Country code and last four characters kept: 'GB82WEST12345698765432' -> 'GB****************5432'. */
function mask(m: string): string {
  const compact = m.replace(/ /g, '').toUpperCase();
  return `${compact.slice(0, 2)}${'*'.repeat(Math.max(0, compact.length - 6))}${compact.slice(-4)}`;
}
