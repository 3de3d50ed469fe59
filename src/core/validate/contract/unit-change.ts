/**
 * Unit-change detection: the same quantity recorded in other units (mm -> cm, g -> kg,
 * percent -> fraction) keeps the distribution's shape but multiplies every value by a power
 * of ten. That passes type checks and often range checks too, and silently wrecks a model.
 *
 * A pure rescaling x -> c x multiplies every spread (IQR, p10-p90, p5-p95) and, away from
 * zero, the median by c. We estimate log10 c from those ratios; the change is called when the
 * estimates agree with each other and sit near a non-zero integer power of ten: robust to
 * sampling noise (a smaller batch moves a spread by tens of percent, not by 10x) and blind to
 * ordinary shifts, which move location without scaling spread.
 */
import { quantileSorted } from '../shift/sample.ts';
import type { NumericReference } from './types.ts';

export interface UnitChange {
  /** Values look multiplied by this: 0.1 for mm -> cm, 1000 for kg -> g. */
  factor: number;
  /** log10 of the factor: -3..3, never 0. */
  power: number;
  referenceMedian: number;
  currentMedian: number;
  referenceIqr: number;
  currentIqr: number;
  /** Usual unit pairs with this factor, for the message. */
  hint: string;
}

/** Fewer current values say little about spread. */
export const MIN_VALUES_FOR_UNIT_CHECK = 8;
/** How far (in log10) each estimate may stray from the power of ten: a factor of ~1.6. */
const TOLERANCE = 0.2;

const HINTS: Record<number, string> = {
  [-3]: 'e.g. mm -> m, g -> kg, ms -> s',
  [-2]: 'e.g. cm -> m, percent -> fraction',
  [-1]: 'e.g. mm -> cm',
  1: 'e.g. cm -> mm',
  2: 'e.g. m -> cm, fraction -> percent',
  3: 'e.g. m -> mm, kg -> g, s -> ms',
};

/** p is 1..99; percentiles[p-1] holds it. */
const refPercentile = (ref: NumericReference, p: number): number => ref.percentiles[p - 1]!;

export function detectUnitChange(reference: NumericReference, currentSorted: Float64Array): UnitChange | null {
  if (currentSorted.length < MIN_VALUES_FOR_UNIT_CHECK || reference.count < MIN_VALUES_FOR_UNIT_CHECK) return null;
  const cur = (p: number) => quantileSorted(currentSorted, p / 100);
  const logs: number[] = [];
  for (const [lo, hi] of [[25, 75], [10, 90], [5, 95]] as const) {
    const refSpread = refPercentile(reference, hi) - refPercentile(reference, lo);
    const curSpread = cur(hi) - cur(lo);
    if (refSpread > 0 && curSpread > 0) logs.push(Math.log10(curSpread / refSpread));
  }
  const refIqr = reference.iqr;
  const curIqr = cur(75) - cur(25);
  const refMedian = reference.median;
  const curMedian = cur(50);
  // The median says something about scale only when it sits clearly away from zero.
  const spreadRef = refIqr > 0 ? refIqr : refPercentile(reference, 95) - refPercentile(reference, 5);
  const locationInformative = Math.abs(refMedian) > 0.25 * spreadRef && refMedian !== 0;
  if (locationInformative) {
    if (curMedian === 0 || Math.sign(curMedian) !== Math.sign(refMedian)) return null;
    logs.push(Math.log10(curMedian / refMedian));
  }
  if (logs.length < 2) return null;
  const sorted = [...logs].sort((a, b) => a - b);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)]!;
  const power = Math.round(middle);
  if (power === 0 || Math.abs(power) > 3) return null;
  if (!logs.every((l) => Math.abs(l - power) <= TOLERANCE)) return null;
  return {
    factor: 10 ** power,
    power,
    referenceMedian: refMedian,
    currentMedian: curMedian,
    referenceIqr: refIqr,
    currentIqr: curIqr,
    hint: HINTS[power]!,
  };
}

/** "1/10" for 0.1, "100" for 100. */
export function describeFactor(power: number): string {
  return power < 0 ? `1/${10 ** -power}` : `${10 ** power}`;
}
