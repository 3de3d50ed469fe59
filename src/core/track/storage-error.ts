import { benchtopError, type BenchtopError } from '../errors.ts';

/** What is known about the space a failed write needed. */
export interface QuotaInfo {
  /** Bytes the write was about to store. */
  needed?: number;
  usage?: number;
  quota?: number;
}

/**
 * Whether `e` is the browser refusing a write for lack of space: a QuotaExceededError (as is,
 * as Dexie's `inner` cause of an AbortError, or inside a bulk write's failures), the legacy
 * DOMException code 22, or Firefox's NS_ERROR_DOM_QUOTA_REACHED.
 */
export function isQuotaError(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  const err = e as { name?: unknown; code?: unknown; inner?: unknown; failures?: unknown };
  if (err.name === 'QuotaExceededError' || err.name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  if (err.code === 22 && typeof DOMException !== 'undefined' && e instanceof DOMException) return true;
  if (isQuotaError(err.inner, depth + 1)) return true;
  return Array.isArray(err.failures) && err.failures.some((f) => isQuotaError(f, depth + 1));
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

/** IndexedDB/Dexie failures -> storage_quota_exceeded (with the sizes known) or storage_failed. */
export function storageError(e: unknown, info: QuotaInfo = {}): BenchtopError {
  if (isQuotaError(e)) {
    const parts: string[] = [];
    if (info.needed !== undefined) parts.push(`this save needed ${mb(info.needed)}`);
    if (info.usage !== undefined && info.quota !== undefined)
      parts.push(`${mb(Math.max(0, info.quota - info.usage))} of ${mb(info.quota)} is free`);
    return benchtopError('storage_quota_exceeded', parts.length ? { detail: parts.join('; ') } : {});
  }
  return benchtopError('storage_failed', { reason: e instanceof Error ? e.message : String(e) });
}
