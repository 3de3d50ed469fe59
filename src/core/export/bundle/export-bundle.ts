/**
 * exportBundle: BundleInput -> the bytes of one zip. Deterministic: canonical JSON, entries
 * sorted by path, one fixed timestamp, created-at from the input, so the same model version
 * always gives byte-identical bundles (and the same SHA-256 to cite).
 */
import { zipSync, type Zippable } from 'fflate';
import { benchtopError, isBenchtopError } from '../../errors.ts';
import { BLOB_NAME } from '../../models/artifact.ts';
import { csvCell } from '../csv-cell.ts';
import { canonicalJsonBytes } from './canonical-json.ts';
import { blobPath, CARD, CONTRACT, EXAMPLES, MANIFEST, MODEL_JSON, PIPELINE, SPEC } from './entry-names.ts';
import { inputSignature, outputSchema } from './manifest.ts';
import { sha256Hex } from './sha256.ts';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type BundleInput, type BundleManifest, type ExampleRows } from './types.ts';
import { validateManifest } from './validate-manifest.ts';
import { validateModelJson, validatePipeline, validateSpec } from './validate-parts.ts';

/** Local-time fields (what zip stores) of 1980-01-01 00:00, the earliest zip date, on every machine. */
const ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0);

const fail = (reason: string): never => {
  throw benchtopError('bundle_export_failed', { reason });
};

/** Example rows as CSV (header = the columns the model reads); spreadsheet formulas neutralised. */
export function examplesCsv(examples: ExampleRows): string {
  const lines = [examples.columns.map(csvCell).join(',')];
  for (const row of examples.rows) {
    if (row.length !== examples.columns.length) fail(`an example row has ${row.length} cells for ${examples.columns.length} columns`);
    lines.push(row.map((v) => csvCell(v ?? '')).join(','));
  }
  return lines.join('\n') + '\n';
}

function normalizeCreatedAt(text: string): string {
  const t = Date.parse(text);
  if (Number.isNaN(t)) fail(`createdAt "${text}" is not a date`);
  return new Date(t).toISOString();
}

/** The files of the bundle (path -> bytes), manifest included. */
export function bundleFiles(input: BundleInput): Map<string, Uint8Array> {
  const { artifact, pipeline, spec } = input;
  if (input.name.trim() === '' || input.name.length > 100) fail('the model name must be 1 to 100 characters');
  if (!Number.isInteger(input.version) || input.version < 1) fail(`the model version must be a whole number >= 1, got ${input.version}`);
  if (artifact.d !== pipeline.outputNames.length) fail(`the model takes ${artifact.d} inputs but the pipeline makes ${pipeline.outputNames.length}`);
  if (artifact.task !== spec.task) fail(`the model is a ${artifact.task} model but the spec's task is ${spec.task}`);
  const blobNames = Object.keys(artifact.blobs).sort();
  for (const name of blobNames) if (!BLOB_NAME.test(name) || name === 'model.json') fail(`"${name}" cannot be a blob file name`);
  const text = new TextEncoder();
  const files = new Map<string, Uint8Array>();
  files.set(PIPELINE, canonicalJsonBytes(pipeline));
  files.set(SPEC, canonicalJsonBytes(spec));
  files.set(CONTRACT, canonicalJsonBytes(input.contract));
  files.set(CARD, text.encode(input.card.endsWith('\n') ? input.card : input.card + '\n'));
  files.set(EXAMPLES, text.encode(examplesCsv(input.examples)));
  const { blobs: _blobs, ...head } = artifact;
  files.set(MODEL_JSON, canonicalJsonBytes({ ...head, blobs: blobNames }));
  for (const name of blobNames) files.set(blobPath(name), artifact.blobs[name]!);

  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    name: input.name,
    version: input.version,
    createdAt: normalizeCreatedAt(input.createdAt),
    ...(input.description ? { description: input.description } : {}),
    model: { kind: artifact.kind, format: artifact.format, task: artifact.task, inputs: artifact.d, outputs: artifact.k },
    libraries: { benchtop: input.libraries.benchtop, tfjs: input.libraries.tfjs },
    input: { columns: inputSignature(input.contract, pipeline.features) },
    output: outputSchema(artifact.task, spec.target, input.classes, input.decision),
    training: { ...input.training },
    metrics: input.metrics,
    lineage: input.lineage,
    ...(input.predictionReference ? { predictionReference: input.predictionReference } : {}),
    files: [...files.keys()].sort().map((path) => ({ path, sha256: sha256Hex(files.get(path)!), bytes: files.get(path)!.length })),
  };
  // Refuse to write what importBundle would refuse to read.
  const manifestBytes = canonicalJsonBytes(manifest);
  try {
    const checked = validateManifest(JSON.parse(new TextDecoder().decode(manifestBytes)));
    validatePipeline(pipeline, checked);
    validateModelJson({ ...head, blobs: blobNames }, checked);
    validateSpec(spec, checked);
  } catch (e) {
    if (isBenchtopError(e) && e.code === 'bundle_invalid') fail(`it would not pass its own import check (${e.message.split('. Nothing from it')[0]})`);
    throw e;
  }
  files.set(MANIFEST, manifestBytes);
  return files;
}

export function exportBundle(input: BundleInput): Uint8Array {
  const files = bundleFiles(input);
  const zippable: Zippable = {};
  // Insertion order is entry order; no entry name looks like an array index, so it is kept.
  for (const path of [...files.keys()].sort()) zippable[path] = [files.get(path)!, { level: 6, mtime: ZIP_TIME }];
  return zipSync(zippable, { mtime: ZIP_TIME });
}
