/**
 * How much browser storage Benchtop uses and whether the browser may evict it. Without
 * persistence a browser under storage pressure may delete every dataset and run silently.
 * Every answer is null where the StorageManager API is missing (Node, old browsers).
 */

/** The part of StorageManager used here; injected in tests. */
export interface StorageManagerLike {
  persisted?(): Promise<boolean>;
  persist?(): Promise<boolean>;
  estimate?(): Promise<{ usage?: number; quota?: number }>;
}

export interface StorageStatus {
  /** true: the browser will not evict our data without asking; null: unknown here. */
  persisted: boolean | null;
  /** Bytes used by this origin, when the browser says. */
  usage?: number;
  /** Bytes this origin may use, when the browser says. */
  quota?: number;
}

const platformStorage = (): StorageManagerLike | undefined =>
  (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator?.storage;

export async function storageStatus(storage: StorageManagerLike | undefined = platformStorage()): Promise<StorageStatus> {
  if (!storage) return { persisted: null };
  const [persisted, estimate] = await Promise.all([
    storage.persisted ? storage.persisted().catch(() => null) : Promise.resolve(null),
    storage.estimate ? storage.estimate().catch(() => undefined) : Promise.resolve(undefined),
  ]);
  const out: StorageStatus = { persisted };
  if (typeof estimate?.usage === 'number') out.usage = estimate.usage;
  if (typeof estimate?.quota === 'number') out.quota = estimate.quota;
  return out;
}

/** Ask the browser to keep our data (it may prompt, or decide by engagement); null where it cannot be asked. */
export async function requestPersistence(storage: StorageManagerLike | undefined = platformStorage()): Promise<boolean | null> {
  if (!storage?.persist) return null;
  try {
    return await storage.persist();
  } catch {
    return false;
  }
}
