import { benchtopError, type BenchtopError } from '../errors.ts';

/** IndexedDB/Dexie failures -> storage_failed, with the quota case said plainly. */
export function storageError(e: unknown): BenchtopError {
  const name = e && typeof e === 'object' && 'name' in e ? String(e.name) : '';
  const inner = e && typeof e === 'object' && 'inner' in e ? (e.inner as { name?: string } | undefined)?.name : undefined;
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError')
    return benchtopError('storage_failed', { reason: 'the browser storage quota is full; delete datasets or runs you no longer need' });
  return benchtopError('storage_failed', { reason: e instanceof Error ? e.message : String(e) });
}
