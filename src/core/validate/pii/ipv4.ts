import { matchAll } from './match-all.ts';
import type { PiiDetector } from './types.ts';

// four dot-separated groups of 1-3 digits, not part of a longer dotted token ('1.2.3.4.5')
const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)/g;

/** Octets 0-255 without leading zeros ('010' reads as octal in some tools, so it is refused). */
export function ipv4Valid(s: string): boolean {
  return s.split('.').every((o) => o.length > 0 && (o === '0' || !o.startsWith('0')) && Number(o) <= 255);
}

export const ipv4Detector: PiiDetector = {
  kind: 'ipv4',
  anyMatch: false,
  mayContain: (value, digits) => digits >= 4 && value.includes('.'),
  find: (value) => matchAll(IPV4, value, ipv4Valid),
  preview: (m) => `${m.slice(0, m.indexOf('.'))}.*.*.*`,
  redact: () => '***.***.***.***',
};
