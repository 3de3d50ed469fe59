/**
 * The registered detectors, in the order a cell is scanned: a value claimed by an earlier
 * detector is not matched again by a later one, so the specific shapes (email, IBAN, card, SSN,
 * IP) come before the loose phone pattern that would otherwise catch their digits, and IPv6
 * before IPv4 so an IPv4-mapped IPv6 address is read whole.
 */
import { creditCardDetector } from './credit-card.ts';
import { emailDetector } from './email.ts';
import { ibanDetector } from './iban.ts';
import { ipv4Detector } from './ipv4.ts';
import { ipv6Detector } from './ipv6.ts';
import { phoneDetector } from './phone.ts';
import type { ColumnHints, PiiCandidate, PiiDetector } from './types.ts';
import { ukNinoDetector } from './uk-nino.ts';
import { usSsnDetector } from './us-ssn.ts';
import { isDigit } from './match-all.ts';

export const PII_DETECTORS: readonly PiiDetector[] = [
  emailDetector,
  ibanDetector,
  creditCardDetector,
  usSsnDetector,
  ukNinoDetector,
  ipv6Detector,
  ipv4Detector,
  phoneDetector,
];

export interface CellMatch extends PiiCandidate {
  /** Index into PII_DETECTORS. */
  detector: number;
}

/** Every candidate in a cell; valid matches claim their text, and later detectors skip claimed text. */
export function scanCell(value: string, hints: ColumnHints): CellMatch[] {
  let digits = 0;
  for (let i = 0; i < value.length; i++) if (isDigit(value.charCodeAt(i))) digits++;
  const out: CellMatch[] = [];
  const claimed: PiiCandidate[] = [];
  PII_DETECTORS.forEach((d, detector) => {
    if (!d.mayContain(value, digits)) return;
    for (const c of d.find(value, hints)) {
      if (claimed.some((x) => c.start < x.end && x.start < c.end)) continue;
      out.push({ ...c, detector });
      if (c.valid || d.claimsInvalid) claimed.push(c);
    }
  });
  return out;
}
