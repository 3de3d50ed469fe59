import type { PiiCandidate } from './types.ts';

/**
 * Candidates for every match of a global regex; `check` says whether a match is valid and may
 * shorten it (returns the valid length, 0 for invalid, or true/false for the whole match).
 */
export function matchAll(re: RegExp, value: string, check: (match: string) => boolean | number): PiiCandidate[] {
  const out: PiiCandidate[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const verdict = check(m[0]);
    const length = typeof verdict === 'number' ? verdict : m[0].length;
    // a shortened match leaves the rest of the text to be searched again
    if (length > 0 && length < m[0].length) re.lastIndex = m.index + length;
    out.push({ start: m.index, end: m.index + (length > 0 ? length : m[0].length), valid: verdict !== false && verdict !== 0 });
  }
  return out;
}

/** Every ASCII digit but the last `keep` replaced by '*', other characters kept: '+1 (415) 555-2671' -> '+* (***) ***-**71'. */
export function maskDigits(s: string, keep: number): string {
  let seen = 0;
  let total = 0;
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) total++;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) out += s[i];
    else out += ++seen > total - keep ? s[i] : '*';
  }
  return out;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}
