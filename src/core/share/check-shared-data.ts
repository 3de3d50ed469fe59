import { benchtopError } from '../errors.ts';
import type { ShareLink } from './types.ts';

/** What is known of the data the opener provided. */
export interface ProvidedData {
  name: string;
  fingerprint: string;
  columns: readonly { name: string; kind: string }[];
}

/**
 * The opener's data must be exactly the data the run used (same fingerprint); anything else
 * would make the comparison meaningless. The refusal says how the file differs, when the
 * contract can tell.
 */
export function checkSharedData(link: ShareLink, data: ProvidedData): void {
  const expected = link.spec.data.fingerprint;
  if (data.fingerprint === expected) return;
  const have = new Map(data.columns.map((c) => [c.name, c.kind]));
  const notes: string[] = [];
  for (const c of link.contract) {
    const kind = have.get(c.name);
    if (kind === undefined) notes.push(`no column "${c.name}"`);
    else if (kind !== c.kind) notes.push(`"${c.name}" is ${kind}, expected ${c.kind}`);
  }
  const detail = notes.length === 0 ? 'same columns, different values or rows' : notes.slice(0, 3).join('; ') + (notes.length > 3 ? `; ${notes.length - 3} more` : '');
  throw benchtopError('link_data_mismatch', { name: data.name, expected: expected.slice(0, 12), actual: data.fingerprint.slice(0, 12), detail });
}
