import type { LabelCodes } from './label-codes.ts';
import type { TopValue } from './types.ts';

/** A label looks like a code or key: one token of letters, digits and - _ . : / # with at least one digit. */
const CODE_LIKE = /^(?=[^\s]*\d)[A-Za-z0-9_\-.:/#]{1,64}$/;
/** Label columns at least this unique get their code-like share measured (for the id rule). */
export const NEAR_UNIQUE = 0.95;

export interface LabelSummary {
  count: number;
  missing: number;
  distinct: number;
  /** The topK most frequent values, by count then value (code-unit order). */
  top: TopValue<string>[];
  otherCount: number;
  /** Code-point lengths over non-missing values; null when none. */
  length: { min: number; mean: number; max: number } | null;
  /** Share of distinct values that look like codes (see CODE_LIKE); null unless distinct/count >= NEAR_UNIQUE. */
  codeLikeShare: number | null;
}

export function summarizeLabels(labels: LabelCodes, topK: number): LabelSummary {
  const { values, counts } = labels;
  let count = 0;
  let minLen = Infinity;
  let maxLen = 0;
  let lenSum = 0;
  const top = new TopList(topK);
  for (let c = 0; c < values.length; c++) {
    const v = values[c] as string;
    const k = counts[c] as number;
    count += k;
    const len = codePoints(v);
    if (len < minLen) minLen = len;
    if (len > maxLen) maxLen = len;
    lenSum += len * k;
    top.offer(v, k);
  }
  const listed = top.items();
  const distinct = values.length;
  let codeLikeShare: number | null = null;
  if (count > 0 && distinct / count >= NEAR_UNIQUE) {
    let codeLike = 0;
    for (const v of values) if (CODE_LIKE.test(v)) codeLike++;
    codeLikeShare = codeLike / distinct;
  }
  return {
    count,
    missing: labels.codes.length - count,
    distinct,
    top: listed,
    otherCount: count - listed.reduce((s, t) => s + t.count, 0),
    length: count > 0 ? { min: minLen, mean: lenSum / count, max: maxLen } : null,
    codeLikeShare,
  };
}

/** Length in code points: a surrogate pair is one character, as Python's len counts. */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** The k best (count desc, then value asc) of a stream, without sorting the whole stream. */
class TopList {
  #k: number;
  #items: TopValue<string>[] = [];
  constructor(k: number) {
    this.#k = Math.max(0, Math.floor(k));
  }
  offer(value: string, count: number): void {
    const items = this.#items;
    if (this.#k === 0) return;
    const worst = items[items.length - 1];
    if (items.length === this.#k && worst && !before(count, value, worst)) return;
    let at = items.length;
    while (at > 0 && before(count, value, items[at - 1] as TopValue<string>)) at--;
    items.splice(at, 0, { value, count });
    if (items.length > this.#k) items.pop();
  }
  items(): TopValue<string>[] {
    return this.#items;
  }
}

const before = (count: number, value: string, other: TopValue<string>): boolean =>
  count > other.count || (count === other.count && value < other.value);
