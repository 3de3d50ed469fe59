/**
 * The entries a bundle may hold, and the checks on a name before it is looked at further:
 * no absolute or parent paths, no backslashes, no drive letters, no directories, no control
 * characters, nothing outside the fixed layout.
 */
import { BLOB_NAME } from '../../models/artifact.ts';

export const MANIFEST = 'manifest.json';
export const PIPELINE = 'pipeline.json';
export const SPEC = 'spec.json';
export const CONTRACT = 'contract.json';
export const CARD = 'model-card.md';
export const EXAMPLES = 'examples.csv';
export const MODEL_JSON = 'model/model.json';
export const BLOB_DIR = 'model/';

/** Every entry but the manifest, in the order they are checked; blobs follow model/model.json. */
export const FIXED_FILES = [PIPELINE, SPEC, CONTRACT, CARD, EXAMPLES, MODEL_JSON] as const;

export const blobPath = (name: string): string => `${BLOB_DIR}${name}`;

/** Why `name` cannot be an entry of any bundle, or null when its form is fine. */
export function unsafeNameReason(name: string): string | null {
  if (name.length === 0) return 'an entry has an empty name';
  if (name.length > 200) return 'the name is longer than 200 characters';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'the name holds a control character';
  if (name.includes('\\')) return 'the name holds a backslash (a Windows path separator)';
  if (name.startsWith('/')) return 'the name is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'the name starts with a drive letter';
  if (name.endsWith('/')) return 'the entry is a directory';
  const parts = name.split('/');
  if (parts.some((p) => p === '..')) return 'the name climbs out of the bundle (..)';
  if (parts.some((p) => p === '.' || p === '')) return 'the name has an empty or "." path segment';
  return null;
}

/** Whether a name is one a Benchtop bundle can have at all (the manifest then lists which). */
export function isKnownEntry(name: string): boolean {
  if (name === MANIFEST || (FIXED_FILES as readonly string[]).includes(name)) return true;
  return name.startsWith(BLOB_DIR) && name !== MODEL_JSON && BLOB_NAME.test(name.slice(BLOB_DIR.length)) && name.slice(BLOB_DIR.length) !== 'model.json';
}

/** The size limit class of an entry. */
export function entryClass(name: string): 'blob' | 'json' | 'text' {
  if (name === PIPELINE || name === MODEL_JSON || name === CONTRACT) return 'json';
  if (name.startsWith(BLOB_DIR)) return 'blob';
  return 'text';
}
