import { matchAll } from './match-all.ts';
import type { PiiDetector } from './types.ts';

// local@domain.tld; the local part may not start or end with a dot or hold '..'
const EMAIL = /(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-])/g;

export const emailDetector: PiiDetector = {
  kind: 'email',
  anyMatch: false,
  mayContain: (value) => value.includes('@'),
  find: (value) =>
    matchAll(EMAIL, value, (m) => {
      const local = m.slice(0, m.indexOf('@'));
      return !local.startsWith('.') && !local.endsWith('.') && !local.includes('..');
    }),
  preview: (m) => `${m[0]}***${m.slice(m.indexOf('@'))}`,
  redact: () => '***@***',
};
