/** Readable forms of a data contract's promises for the contract table. */
import type { ContractColumn, ContractViolation } from '../../../core/validate/contract/types.ts';

const num = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });

/** An ISO timestamp without the parts that say nothing (midnight, zero milliseconds). */
function shortIso(iso: string): string {
  return iso.replace(/T00:00:00(?:\.000)?Z$/, '').replace(/\.000Z$/, 'Z');
}

export function formatRange(column: ContractColumn): string {
  const r = column.range;
  if (!r) return '—';
  if (typeof r.min === 'string' && typeof r.max === 'string') return `${shortIso(r.min)} … ${shortIso(r.max)}`;
  return `${num.format(r.min as number)} … ${num.format(r.max as number)}`;
}

/** The first few allowed labels and how many more there are. */
export function allowedPreview(column: ContractColumn, limit = 6): { shown: string[]; more: number } | null {
  const values = column.allowedValues;
  if (!values) return null;
  return { shown: values.slice(0, limit), more: Math.max(0, values.length - limit) };
}

export function formatMissing(column: ContractColumn): string {
  if (!column.nullable) return 'no missing values';
  const share = column.maxMissingShare * 100;
  return `up to ${share < 1 ? Number(share.toPrecision(2)) : Number(share.toFixed(1))}% missing`;
}

/** Errors first, then warnings; within each, columns in the order reported. */
export function sortViolations(violations: readonly ContractViolation[]): ContractViolation[] {
  return [...violations].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** The field a contract_invalid message names ("... invalid at columns[2].kind: ..."). */
export function invalidField(message: string): string | null {
  return /invalid at (.+?): /.exec(message)?.[1] ?? null;
}
