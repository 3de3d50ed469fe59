/** Reading a bundle file from disk: its size is checked before a byte is read. */
import { readFile, stat } from 'node:fs/promises';
import { benchtopError } from '../core/errors.ts';
import { importBundle } from '../core/export/bundle/import-bundle.ts';
import { DEFAULT_BUNDLE_LIMITS } from '../core/export/bundle/limits.ts';
import type { Bundle } from '../core/export/bundle/types.ts';

export async function readBundleFile(path: string): Promise<Bundle> {
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > DEFAULT_BUNDLE_LIMITS.maxBundleBytes)
      throw benchtopError('bundle_too_large', { entry: path, bytes: info.size, max: DEFAULT_BUNDLE_LIMITS.maxBundleBytes });
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    if (e && typeof e === 'object' && 'code' in e && (e as { code: unknown }).code === 'bundle_too_large') throw e;
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
    throw benchtopError('file_read_failed', { name: path, reason });
  }
  return importBundle(bytes);
}

