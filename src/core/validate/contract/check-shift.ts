/** Distribution promises: no unit change (an error) and no large shift from the reference (a warning). */
import { effect } from '../shift/effect.ts';
import { binShares, psiFromShares } from '../shift/psi.ts';
import { sortedFinite } from '../shift/sample.ts';
import type { CategoricalReference, ContractColumn, ContractViolation, NumericReference } from './types.ts';
import { describeFactor, detectUnitChange } from './unit-change.ts';

/** PSI at or above this is reported (the conventional "major shift" line). */
export const SHIFT_PSI = 0.25;
/** Fewer non-missing values than this say too little about a distribution to call a shift. */
export const MIN_VALUES_FOR_SHIFT = 30;

const fmt = (v: number): string => (Math.abs(v) >= 1000 ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(Number(v.toPrecision(4))));

/** Unit change first: when found, range and shift findings on the column would repeat it, so they are not run. */
export function checkNumericDistribution(column: ContractColumn, numbers: Float64Array): { violations: ContractViolation[]; unitChanged: boolean } {
  const reference = column.reference;
  if (reference?.kind !== 'numeric') return { violations: [], unitChanged: false };
  const sorted = sortedFinite(numbers);
  const unit = detectUnitChange(reference, sorted);
  if (unit)
    return {
      unitChanged: true,
      violations: [
        {
          code: 'unit_change',
          severity: 'error',
          column: column.name,
          message:
            `Column "${column.name}" looks rescaled by ${describeFactor(unit.power)} (x${unit.factor}): median ${fmt(unit.currentMedian)} vs ${fmt(unit.referenceMedian)} in the reference, ` +
            `IQR ${fmt(unit.currentIqr)} vs ${fmt(unit.referenceIqr)}. The units probably changed (${unit.hint}); convert the column back, or make a new contract if the new unit is intended.`,
          details: { factor: unit.factor, power: unit.power, currentMedian: unit.currentMedian, referenceMedian: unit.referenceMedian },
        },
      ],
    };
  return { violations: numericShift(column.name, reference, sorted), unitChanged: false };
}

function numericShift(name: string, reference: NumericReference, sorted: Float64Array): ContractViolation[] {
  if (sorted.length < MIN_VALUES_FOR_SHIFT) return [];
  const psi = psiFromShares(reference.bins.shares, binShares(sorted, reference.bins.edges));
  return shiftViolation(name, psi, sorted.length);
}

export function checkCategoricalDistribution(column: ContractColumn, labels: readonly (string | null)[]): ContractViolation[] {
  const reference = column.reference;
  if (reference?.kind !== 'categorical') return [];
  const { psi, n } = categoricalPsi(reference, labels);
  if (n < MIN_VALUES_FOR_SHIFT) return [];
  return shiftViolation(column.name, psi, n);
}

/** PSI over the reference's labels plus one bin for labels it never saw. */
function categoricalPsi(reference: CategoricalReference, labels: readonly (string | null)[]): { psi: number; n: number } {
  const index = new Map(reference.frequencies.map((f, i) => [f.value, i]));
  const counts = new Array<number>(reference.frequencies.length + 1).fill(0);
  let n = 0;
  for (const v of labels) {
    if (v === null) continue;
    n++;
    counts[index.get(v) ?? reference.frequencies.length]!++;
  }
  const ref = [...reference.frequencies.map((f) => f.share), 0];
  return { psi: n ? psiFromShares(ref, counts.map((c) => c / n)) : NaN, n };
}

function shiftViolation(column: string, psi: number, n: number): ContractViolation[] {
  if (!(psi >= SHIFT_PSI)) return [];
  return [
    {
      code: 'distribution_shift',
      severity: 'warning',
      column,
      message: `Column "${column}" is distributed differently from the reference: PSI ${psi.toFixed(3)} over ${n} values (0.25 or more is a major shift). Models trained on the reference may not transfer.`,
      details: { psi, values: n, reading: effect('psi', psi).reading },
    },
  ];
}
