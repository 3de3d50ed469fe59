import { digitsOf, maskDigits, matchAll } from './match-all.ts';
import type { PiiDetector } from './types.ts';

// an optional '+', then 7-17 digits with up to 3 separator characters (space . - ( )) between them
const PHONE = /(?<![\w+:./-])\+?\(?\d(?:[ .\-()]{0,3}\d){6,16}\)?(?![\w:/]|[.-]\d)/g;

const IPV4_LIKE = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})(?!\d)/;
const SSN_LIKE = /^\d{3}-\d{2}-\d{4}$/;
// 1 234 567 or 1.234.567: a number with thousands separators
const THOUSANDS = /^\d{1,3}(?:([ .])\d{3})(?:\1\d{3})*$/;
const DECIMAL = /^\d+\.\d+$/;

/**
 * E.164 with '+' or '00' (9-15 digits), or a national number of 9-12 digits written with separators.
 * Bare digit strings count only in a phone-named column, and shapes of other things are
 * refused: dates, dotted quads, SSNs, thousands-separated and decimal numbers.
 */
function valid(m: string, phoneColumn: boolean): boolean {
  const plus = m.startsWith('+');
  // '00' is the international call prefix most of the world dials instead of '+'
  const international = plus || m.startsWith('00');
  const digits = digitsOf(m).length - (international && !plus ? 2 : 0);
  if (international ? digits < 9 || digits > 15 : digits < 9 || digits > 12) return false;
  if (IPV4_LIKE.test(m) || DATE_LIKE.test(m) || SSN_LIKE.test(m) || THOUSANDS.test(m) || DECIMAL.test(m)) return false;
  if (!international && !/[ .\-()]/.test(m)) return phoneColumn;
  return (m.split('(').length === m.split(')').length);
}

export const phoneDetector: PiiDetector = {
  kind: 'phone',
  anyMatch: false,
  mayContain: (_value, digits) => digits >= 9,
  find: (value, hints) => matchAll(PHONE, value, (m) => valid(m, hints.phone)),
  preview: (m) => maskDigits(m, 2),
  redact: (m) => maskDigits(m, 0),
};
