/**
 * The bundle's other JSON entries, checked against their schema and against the manifest
 * before anything uses them: the fitted pipeline (its recorded column flow must lead from the
 * manifest's input columns to exactly the model's inputs), model/model.json (the artifact
 * without its blobs) and spec.json (kept for reproduction; the fields Benchtop reads from it
 * must agree with the manifest).
 */
import { isBenchtopError } from '../../errors.ts';
import type { ArtifactJson, ModelArtifact } from '../../models/artifact.ts';
import { BLOB_NAME } from '../../models/artifact.ts';
import type { FittedPipeline, FittedStep } from '../../features/run-pipeline.ts';
import { stepKinds } from '../../features/steps/registry.ts';
import type { NormalizedSpec } from '../../spec/types.ts';
import type { DataContract } from '../../validate/contract/types.ts';
import { validateContractJson } from '../../validate/contract/validate-json.ts';
import { CONTRACT, MODEL_JSON, PIPELINE, SPEC } from './entry-names.ts';
import { at, JsonCheck } from './json-check.ts';
import type { BundleManifest } from './types.ts';

const MAX_COLUMNS = 1_000_000;

export function validatePipeline(input: unknown, manifest: BundleManifest): FittedPipeline {
  const c = new JsonCheck(PIPELINE);
  const p = c.object(input, '', ['features', 'steps', 'outputNames']);
  const features = c.strings(p.features, 'features', { unique: true, max: MAX_COLUMNS });
  const expected = manifest.input.columns.map((col) => col.name);
  if (features.length !== expected.length || features.some((f, i) => f !== expected[i]))
    c.fail('features', `the pipeline reads ${JSON.stringify(features.slice(0, 10))} but the manifest's input columns are ${JSON.stringify(expected.slice(0, 10))}`);
  const kinds = stepKinds() as string[];
  // Replay the recorded column flow: each step's inputs must exist at that point, and its
  // outputs replace them where the first one stood (as applyPipeline does).
  let current = [...features];
  c.array(p.steps, 'steps', 1000).forEach((raw, i) => {
    const f = `steps[${i}]`;
    const s = c.object(raw, f, ['spec', 'inputs', 'outputs', 'state']);
    const spec = c.object(s.spec, at(f, 'spec'), ['kind'], Object.keys((s.spec ?? {}) as object));
    const kind = c.oneOf(spec.kind, at(f, 'spec.kind'), kinds);
    c.plain(spec, at(f, 'spec'));
    const inputs = c.strings(s.inputs, at(f, 'inputs'), { unique: true, max: MAX_COLUMNS });
    const outputs = c.strings(s.outputs, at(f, 'outputs'), { unique: true, max: MAX_COLUMNS });
    c.plain(s.state, at(f, 'state'));
    const have = new Set(current);
    for (const name of inputs) if (!have.has(name)) c.fail(at(f, 'inputs'), `column "${name}" does not exist at step ${i + 1}`);
    if (kind === 'hashing') {
      const width = (s.state as { width?: unknown } | null)?.width;
      c.number(width, at(f, 'state.width'), { min: 1, integer: true });
      if ((width as number) * inputs.length !== outputs.length) c.fail(at(f, 'state.width'), `${String(width)} slots per column do not make ${outputs.length} outputs`);
    }
    const taken = new Set(inputs);
    const first = current.findIndex((name) => taken.has(name));
    const kept = current.filter((name) => !taken.has(name));
    const insertAt = first < 0 ? kept.length : current.slice(0, first).filter((name) => !taken.has(name)).length;
    current = [...kept.slice(0, insertAt), ...outputs, ...kept.slice(insertAt)];
    if (new Set(current).size !== current.length) c.fail(at(f, 'outputs'), 'two columns would have the same name after this step');
    if (current.length > MAX_COLUMNS) c.fail(at(f, 'outputs'), `more than ${MAX_COLUMNS} columns`);
  });
  const outputNames = c.strings(p.outputNames, 'outputNames', { unique: true, max: MAX_COLUMNS });
  if (outputNames.length !== current.length || outputNames.some((name, i) => name !== current[i]))
    c.fail('outputNames', 'they are not the columns the steps produce');
  if (outputNames.length !== manifest.model.inputs) c.fail('outputNames', `${outputNames.length} columns but the model takes ${manifest.model.inputs}`);
  return { features, steps: p.steps as FittedStep[], outputNames };
}

/** model/model.json: the artifact's fields with `blobs` as the sorted list of blob names. */
export function validateModelJson(input: unknown, manifest: BundleManifest): { artifact: Omit<ModelArtifact, 'blobs'>; blobNames: string[] } {
  const c = new JsonCheck(MODEL_JSON);
  const o = c.object(input, '', ['kind', 'format', 'task', 'd', 'k', 'meta', 'blobs']);
  const m = manifest.model;
  if (o.kind !== m.kind) c.fail('kind', `expected "${m.kind}" as the manifest says, got ${JSON.stringify(o.kind)}`);
  if (o.format !== m.format) c.fail('format', `expected ${m.format} as the manifest says`);
  if (o.task !== m.task) c.fail('task', `expected "${m.task}" as the manifest says`);
  if (o.d !== m.inputs) c.fail('d', `expected ${m.inputs} inputs as the manifest says`);
  if (o.k !== m.outputs) c.fail('k', `expected ${m.outputs} outputs as the manifest says`);
  c.plain(o.meta, 'meta', 64);
  const blobNames = c.strings(o.blobs, 'blobs', { unique: true, max: 500 });
  blobNames.forEach((name, i) => {
    if (!BLOB_NAME.test(name) || name === 'model.json') c.fail(at('blobs', i), `"${name}" is not a valid blob file name`);
    if (i > 0 && name <= blobNames[i - 1]!) c.fail(at('blobs', i), 'blob names must be sorted');
  });
  return { artifact: { kind: m.kind, format: m.format, task: m.task, d: m.inputs, k: m.outputs, meta: o.meta as ArtifactJson }, blobNames };
}

/** spec.json: informational, but the fields Benchtop reads (task, target, features, seed) must agree with the manifest. */
export function validateSpec(input: unknown, manifest: BundleManifest): NormalizedSpec {
  const c = new JsonCheck(SPEC);
  const o = c.object(input, '', ['version', 'target', 'task', 'features', 'seed'], ['data', 'split', 'model', 'pipeline', 'training', 'backend']);
  c.plain(o, '');
  if (o.version !== 1) c.fail('version', 'expected 1');
  if (o.task !== manifest.model.task) c.fail('task', `expected "${manifest.model.task}" as the manifest says`);
  if (o.target !== manifest.output.target) c.fail('target', `expected "${manifest.output.target}" as the manifest says`);
  if (o.seed !== manifest.training.seed) c.fail('seed', `expected ${manifest.training.seed} as the manifest says`);
  const features = c.strings(o.features, 'features', { unique: true, max: MAX_COLUMNS });
  const inputs = new Set(manifest.input.columns.map((col) => col.name));
  for (const f of features) if (!inputs.has(f)) c.fail('features', `"${f}" is not one of the manifest's input columns`);
  return o as unknown as NormalizedSpec;
}

/** contract.json through the contract's own validator; it must describe every input column. */
export function validateBundleContract(input: unknown, manifest: BundleManifest): DataContract {
  const c = new JsonCheck(CONTRACT);
  let contract: DataContract;
  try {
    contract = validateContractJson(input);
  } catch (e) {
    if (!isBenchtopError(e)) throw e;
    return c.fail(e.location.field ?? '', e.message);
  }
  const names = new Set(contract.columns.map((col) => col.name));
  for (const col of manifest.input.columns) if (!names.has(col.name)) c.fail('columns', `the contract does not describe input column "${col.name}"`);
  return contract;
}
