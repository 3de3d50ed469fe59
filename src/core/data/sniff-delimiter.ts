import { isBenchtopError } from '../errors.ts';
import { CsvSplitter } from './csv-splitter.ts';

/** Candidates in order of preference when two fit equally well. */
export const DELIMITER_CANDIDATES = [',', '\t', ';', '|'] as const;

/** How many records of the sample are compared. */
const SAMPLE_RECORDS = 20;

interface Fit {
  delimiter: string;
  /** Field count every sampled record has, or 0 when they disagree. */
  consistent: number;
  /** Most common field count and how many records have it. */
  mode: number;
  modeCount: number;
}

/**
 * Pick the delimiter from the first records of `sample` (quote-aware, so a quoted "a,b" does not
 * count). Prefers a candidate that gives every sampled record the same field count > 1 (the most
 * fields wins, then the order above); failing that, the one whose most common count > 1 covers the
 * most records, so a ragged file still fails loudly at the bad row instead of parsing as one
 * column; failing that, a comma (a one-column file). `complete` says the sample is the whole
 * input; otherwise its last, possibly cut, record is not used.
 */
export function sniffDelimiter(sample: string, complete: boolean): string {
  return sniffDelimiterBytes(new TextEncoder().encode(sample.charCodeAt(0) === 0xfeff ? sample.slice(1) : sample), complete);
}

/** sniffDelimiter on UTF-8 bytes. */
export function sniffDelimiterBytes(sample: Uint8Array, complete: boolean): string {
  const fits = DELIMITER_CANDIDATES.map((d) => fit(sample, complete, d));
  let best: Fit | undefined;
  for (const f of fits) if (f.consistent > 1 && (!best || f.consistent > best.consistent)) best = f;
  if (best) return best.delimiter;
  for (const f of fits) if (f.mode > 1 && (!best || f.modeCount > best.modeCount)) best = f;
  return best?.delimiter ?? ',';
}

function fit(sample: Uint8Array, complete: boolean, delimiter: string): Fit {
  const splitter = new CsvSplitter(delimiter);
  splitter.append(sample);
  try {
    splitter.scan(complete, SAMPLE_RECORDS);
  } catch (e) {
    // An unclosed quote is reported by the real parse, with its row.
    if (!isBenchtopError(e)) throw e;
  }
  const counts = splitter.widths;
  const tally = new Map<number, number>();
  for (const c of counts) tally.set(c, (tally.get(c) ?? 0) + 1);
  let mode = 0;
  let modeCount = 0;
  for (const [c, k] of tally) if (k > modeCount || (k === modeCount && c > mode)) [mode, modeCount] = [c, k];
  const first = counts[0] ?? 0;
  return { delimiter, consistent: counts.every((c) => c === first) ? first : 0, mode, modeCount };
}
