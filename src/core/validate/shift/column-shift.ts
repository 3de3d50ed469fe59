/**
 * One column's shift between a reference sample and a current one, with every statistic that
 * fits its kind: what compareVersions shows per shared column and what drift monitoring reuses.
 */
import type { Table } from 'apache-arrow';
import { labelValues, numericValues } from '../../data/columns.ts';
import type { ColumnKind } from '../../data/types.ts';
import { categoryCounts } from './categories.ts';
import { chiSquaredHomogeneity, type ChiSquaredResult } from './chi-squared.ts';
import { effect, strongest, type Effect } from './effect.ts';
import { jensenShannon, type JensenShannonResult } from './jensen-shannon.ts';
import { ksTwoSampleSorted, type KsResult } from './ks.ts';
import { PSI_EPSILON, populationStabilityIndexSorted, psiFromShares, type PsiResult } from './psi.ts';
import { sortedFinite } from './sample.ts';
import { wassersteinSorted, type WassersteinResult } from './wasserstein.ts';

interface Sizes {
  column: string;
  /** Non-missing values compared on each side. */
  nReference: number;
  nCurrent: number;
  /** Share of missing cells on each side: a change in missingness is a shift too. */
  missingReference: number;
  missingCurrent: number;
}

export interface NumericShift extends Sizes {
  kind: 'numeric';
  psi: PsiResult;
  ks: KsResult;
  wasserstein: WassersteinResult;
  /** The strongest reading among PSI, KS and standardized Wasserstein. */
  effect: Effect;
}

export interface CategoricalShift extends Sizes {
  kind: 'categorical';
  psi: PsiResult;
  chiSquared: ChiSquaredResult;
  jensenShannon: JensenShannonResult;
  /** Categories seen only in the current sample. */
  unseen: string[];
  effect: Effect;
}

export interface SkippedShift {
  kind: 'skipped';
  column: string;
  reason: string;
}

export type ColumnShift = NumericShift | CategoricalShift | SkippedShift;

/** Numeric statistics on two numeric samples (NaN = missing). */
export function numericShift(column: string, reference: Float64Array, current: Float64Array): NumericShift | SkippedShift {
  const missing = (v: Float64Array) => (v.length ? v.reduce((s, x) => s + (Number.isFinite(x) ? 0 : 1), 0) / v.length : 0);
  // Sorted once, shared by all three statistics.
  const ref = sortedFinite(reference);
  const cur = sortedFinite(current);
  if (ref.length === 0 || cur.length === 0) return { kind: 'skipped', column, reason: 'no non-missing values on one side' };
  const psi = populationStabilityIndexSorted(ref, cur);
  const ks = ksTwoSampleSorted(ref, cur);
  const w = wassersteinSorted(ref, cur);
  return {
    kind: 'numeric',
    column,
    nReference: psi.nReference,
    nCurrent: psi.nCurrent,
    missingReference: missing(reference),
    missingCurrent: missing(current),
    psi,
    ks,
    wasserstein: w,
    effect: strongest([psi.effect, ks.effect, w.effect]),
  };
}

/** Categorical statistics on two label samples (null = missing). */
export function categoricalShift(column: string, reference: readonly (string | null)[], current: readonly (string | null)[]): CategoricalShift | SkippedShift {
  const counts = categoryCounts(reference, current);
  const nRef = counts.reference.reduce((s, v) => s + v, 0);
  const nCur = counts.current.reduce((s, v) => s + v, 0);
  if (nRef === 0 || nCur === 0) return { kind: 'skipped', column, reason: 'no non-missing values on one side' };
  const refShares = counts.reference.map((c) => c / nRef);
  const curShares = counts.current.map((c) => c / nCur);
  const psiValue = psiFromShares(refShares, curShares);
  const psi: PsiResult = {
    psi: psiValue,
    bins: counts.categories.map((label, i) => ({ label, reference: refShares[i]!, current: curShares[i]! })),
    epsilon: PSI_EPSILON,
    nReference: nRef,
    nCurrent: nCur,
    effect: effect('psi', psiValue),
  };
  const chiSquared = chiSquaredHomogeneity(counts.reference, counts.current);
  const js = jensenShannon(counts.reference, counts.current);
  return {
    kind: 'categorical',
    column,
    nReference: nRef,
    nCurrent: nCur,
    missingReference: reference.length ? (reference.length - nRef) / reference.length : 0,
    missingCurrent: current.length ? (current.length - nCur) / current.length : 0,
    psi,
    chiSquared,
    jensenShannon: js,
    unseen: counts.categories.filter((_, i) => counts.reference[i] === 0),
    effect: strongest([psi.effect, chiSquared.effect, js.effect]),
  };
}

/**
 * The shift of column `name` between two tables, by its kind: numeric and datetime columns
 * by PSI, KS and Wasserstein (datetimes in epoch milliseconds), categorical and boolean by
 * PSI over categories, chi-squared and Jensen-Shannon. Free text is skipped: nearly every
 * value is new, so a distribution over values says nothing.
 */
export function columnShift(name: string, kind: ColumnKind, reference: Table, current: Table): ColumnShift {
  switch (kind) {
    case 'numeric':
    case 'datetime':
      return numericShift(name, numericValues(reference, name), numericValues(current, name));
    case 'categorical':
    case 'boolean':
      return categoricalShift(name, labelValues(reference, name), labelValues(current, name));
    case 'text':
      return { kind: 'skipped', column: name, reason: 'free-text columns have no distribution to compare' };
  }
}
