/**
 * Reading a bundle, which may come from anyone: phases in this order, each finishing before
 * the next uses anything.
 *   1. zip directory: names, layout, flags and declared sizes checked; nothing inflated yet;
 *   2. manifest.json inflated and checked field by field;
 *   3. every other entry must be listed in the manifest (and every listed one present), at its
 *      listed size, then inflated and checked against its SHA-256;
 *   4. each JSON entry checked against its schema and against the manifest.
 * Nothing in a bundle is evaluated, fetched or followed: URLs in it are text. The model's data
 * becomes a model only through loadModel (score-with-bundle.ts), which refuses layer types and
 * kinds it does not know.
 */
import { benchtopError } from '../../errors.ts';
import type { ModelArtifact } from '../../models/artifact.ts';
import { canonicalJson, parseCanonicalJson } from './canonical-json.ts';
import { BLOB_DIR, CARD, CONTRACT, EXAMPLES, FIXED_FILES, MANIFEST, MODEL_JSON, PIPELINE, SPEC } from './entry-names.ts';
import { resolveLimits, type BundleLimits } from './limits.ts';
import { inputSignature } from './manifest.ts';
import { inflateEntry, readZipDirectory, type ZipEntry } from './read-zip.ts';
import { sha256Hex } from './sha256.ts';
import type { Bundle } from './types.ts';
import { validateManifest } from './validate-manifest.ts';
import { validateBundleContract, validateModelJson, validatePipeline, validateSpec } from './validate-parts.ts';

export interface ImportOptions {
  /** Tighter (or looser) size limits than DEFAULT_BUNDLE_LIMITS. */
  limits?: Partial<BundleLimits>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(entry: string, bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw benchtopError('bundle_invalid', { entry, reason: 'it is not UTF-8 text' });
  }
}

function json(entry: string, bytes: Uint8Array, tagged: boolean): unknown {
  const source = text(entry, bytes);
  try {
    return tagged ? parseCanonicalJson(source) : JSON.parse(source);
  } catch (e) {
    throw benchtopError('bundle_invalid', { entry, reason: `it is not valid JSON (${e instanceof Error ? e.message : String(e)})` });
  }
}

/** Every check of the module comment, synchronously; the parts of a bundle that passed them all. */
export function validateBundle(bytes: Uint8Array, opts: ImportOptions = {}): Bundle {
  const limits = resolveLimits(opts.limits);
  const entries = readZipDirectory(bytes, limits);
  const byName = new Map<string, ZipEntry>(entries.map((e) => [e.name, e]));
  const manifestEntry = byName.get(MANIFEST);
  if (!manifestEntry) throw benchtopError('bundle_invalid', { entry: MANIFEST, reason: 'the bundle has no manifest', hint: 'Choose a model bundle exported by Benchtop (a .zip holding manifest.json).' });
  const manifest = validateManifest(json(MANIFEST, inflateEntry(bytes, manifestEntry), false));

  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  for (const name of byName.keys())
    if (name !== MANIFEST && !listed.has(name)) throw benchtopError('bundle_invalid', { entry: name, reason: 'the manifest does not list it' });
  for (const path of listed.keys()) {
    if (path === MANIFEST) throw benchtopError('bundle_invalid', { entry: MANIFEST, field: 'files', reason: 'the manifest lists itself' });
    if (!byName.has(path)) throw benchtopError('bundle_invalid', { entry: path, reason: 'the manifest lists it but the zip does not hold it' });
  }
  for (const path of FIXED_FILES) if (!listed.has(path)) throw benchtopError('bundle_invalid', { entry: path, reason: 'a bundle must hold it and this one does not' });

  const contents = new Map<string, Uint8Array>();
  for (const file of manifest.files) {
    const entry = byName.get(file.path)!;
    if (entry.size !== file.bytes) throw benchtopError('bundle_invalid', { entry: file.path, reason: `it is ${entry.size} bytes but the manifest says ${file.bytes}` });
    const data = inflateEntry(bytes, entry);
    const actual = sha256Hex(data);
    if (actual !== file.sha256) throw benchtopError('bundle_hash_mismatch', { entry: file.path, actual: actual.slice(0, 16), expected: file.sha256.slice(0, 16) });
    contents.set(file.path, data);
  }

  const { artifact: head, blobNames } = validateModelJson(json(MODEL_JSON, contents.get(MODEL_JSON)!, true), manifest);
  const blobFiles = manifest.files.map((f) => f.path).filter((p) => p.startsWith(BLOB_DIR) && p !== MODEL_JSON);
  const expectedBlobs = blobNames.map((n) => BLOB_DIR + n);
  if (blobFiles.length !== expectedBlobs.length || blobFiles.some((p, i) => p !== expectedBlobs[i]))
    throw benchtopError('bundle_invalid', { entry: MODEL_JSON, field: 'blobs', reason: `it names blobs ${JSON.stringify(blobNames)} but the bundle holds ${JSON.stringify(blobFiles)}` });
  const blobs: Record<string, Uint8Array> = {};
  for (const name of blobNames) blobs[name] = contents.get(BLOB_DIR + name)!;
  const artifact: ModelArtifact = { ...head, blobs };

  const pipeline = validatePipeline(json(PIPELINE, contents.get(PIPELINE)!, true), manifest);
  const spec = validateSpec(json(SPEC, contents.get(SPEC)!, true), manifest);
  const contract = validateBundleContract(json(CONTRACT, contents.get(CONTRACT)!, false), manifest);
  if (canonicalJson(inputSignature(contract, pipeline.features)) !== canonicalJson(manifest.input.columns))
    throw benchtopError('bundle_invalid', { entry: MANIFEST, field: 'input.columns', reason: 'the input signature differs from what contract.json promises' });
  return {
    manifest,
    artifact,
    pipeline,
    spec,
    contract,
    card: text(CARD, contents.get(CARD)!),
    examplesCsv: text(EXAMPLES, contents.get(EXAMPLES)!),
  };
}

/** validateBundle for callers that read bundles asynchronously (files, IndexedDB). */
export async function importBundle(bytes: Uint8Array, opts: ImportOptions = {}): Promise<Bundle> {
  return validateBundle(bytes, opts);
}
