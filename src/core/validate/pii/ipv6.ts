import { ipv4Valid } from './ipv4.ts';
import { matchAll } from './match-all.ts';
import type { PiiDetector } from './types.ts';

// hex groups and colons (at least two), an optional dotted IPv4 tail and an optional zone ('%eth0')
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{1,4})?(?:%[\w.]+)?(?![\w:]|\.\d)/g;
const GROUP = /^[0-9A-Fa-f]{1,4}$/;

/** RFC 4291 text forms: 8 groups, or fewer with one '::'; an IPv4 tail counts as two groups. */
export function ipv6Valid(s: string): boolean {
  const address = s.split('%')[0]!;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
  const all = groups.flat();
  let count = all.length;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!ipv4Valid(last) || !/^\d{1,3}(\.\d{1,3}){3}$/.test(last)) return false;
    all.pop();
    count++;
  }
  if (!all.every((g) => GROUP.test(g))) return false;
  if (count === 0 && halves.length === 2) return false; // '::' alone says nothing about a person
  return halves.length === 2 ? count <= 7 : count === 8;
}

export const ipv6Detector: PiiDetector = {
  kind: 'ipv6',
  anyMatch: false,
  mayContain: (value) => value.includes(':'),
  find: (value) => matchAll(IPV6, value, ipv6Valid),
  preview: (m) => `${m.slice(0, m.indexOf(':'))}:****:****`,
  redact: () => '****:****::****',
};
