import { describe, expect, it } from 'vitest';
import { requestPersistence, storageStatus } from '../../../src/core/track/storage.ts';
import { isQuotaError, storageError } from '../../../src/core/track/storage-error.ts';

const MB = 1024 * 1024;

describe('storageStatus and requestPersistence', () => {
  it('report null where the StorageManager API is missing (Node has no navigator.storage)', async () => {
    expect(await storageStatus()).toEqual({ persisted: null });
    expect(await requestPersistence()).toBeNull();
    expect(await storageStatus({})).toEqual({ persisted: null });
  });

  it('read persistence, usage and quota from the manager', async () => {
    const manager = { persisted: async () => false, estimate: async () => ({ usage: 12 * MB, quota: 100 * MB }), persist: async () => true };
    expect(await storageStatus(manager)).toEqual({ persisted: false, usage: 12 * MB, quota: 100 * MB });
    expect(await requestPersistence(manager)).toBe(true);
  });

  it('a failing manager call is an unknown, not a crash', async () => {
    const manager = {
      persisted: () => Promise.reject(new Error('denied')),
      estimate: () => Promise.reject(new Error('denied')),
      persist: () => Promise.reject(new Error('denied')),
    };
    expect(await storageStatus(manager)).toEqual({ persisted: null });
    expect(await requestPersistence(manager)).toBe(false);
  });
});

describe('storageError', () => {
  const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');

  it('recognises quota failures however they are wrapped', () => {
    expect(isQuotaError(quota)).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: quota })).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'AbortError', inner: { name: 'QuotaExceededError' } } })).toBe(true);
    expect(isQuotaError({ name: 'BulkError', failures: [new Error('x'), quota] })).toBe(true);
    expect(isQuotaError(Object.assign(new DOMException('legacy'), {}))).toBe(false);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError(new Error('disk on fire'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });

  it('says what was needed and what is free, and what to do', () => {
    const e = storageError({ name: 'AbortError', inner: quota }, { needed: 40 * MB, usage: 90 * MB, quota: 100 * MB });
    expect(e.code).toBe('storage_quota_exceeded');
    expect(e.message).toContain('this save needed 40 MB; 10 MB of 100 MB is free');
    expect(e.message).toMatch(/Delete datasets, versions or runs/);
    expect(e.message).toMatch(/export a backup/);
    expect(storageError(quota).message).not.toMatch(/needed/);
  });

  it('other failures stay storage_failed with the reason', () => {
    const e = storageError(new Error('disk on fire'));
    expect(e.code).toBe('storage_failed');
    expect(e.message).toMatch(/disk on fire/);
  });
});
