import { matchAll } from './match-all.ts';
import type { PiiDetector } from './types.ts';

// two letters, three pairs of digits, a suffix A-D; spaces between the parts allowed
const NINO = /(?<![A-Za-z0-9])[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d](?![A-Za-z0-9])/g;

const BAD_FIRST = new Set('DFIQUV');
const BAD_SECOND = new Set('DFIOQUV');
const BAD_PREFIX = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** HMRC's rules for the prefix: letters never used first or second, and prefixes never allocated. */
export function ninoValid(s: string): boolean {
  const prefix = s.slice(0, 2).toUpperCase();
  return !BAD_FIRST.has(prefix[0]!) && !BAD_SECOND.has(prefix[1]!) && !BAD_PREFIX.has(prefix);
}

export const ukNinoDetector: PiiDetector = {
  kind: 'uk_nino',
  anyMatch: false,
  mayContain: (_value, digits) => digits >= 6,
  find: (value) => matchAll(NINO, value, ninoValid),
  preview: (m) => `${m.slice(0, 2).toUpperCase()} ** ** ** ${m.slice(-1).toUpperCase()}`,
  redact: () => '** ** ** ** *',
};
