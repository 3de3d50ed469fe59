import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { Dataset } from '../../../src/core/data/types.ts';
import { heldOutReports } from '../../../src/core/evaluate/held-out-report.ts';
import { exampleRows } from '../../../src/core/export/bundle/example-rows.ts';
import { sha256Hex } from '../../../src/core/export/bundle/sha256.ts';
import type { BundleInput, BundleManifest } from '../../../src/core/export/bundle/types.ts';
import { neverCancelled } from '../../../src/core/jobs.ts';
import { parseSpec } from '../../../src/core/spec/parse.ts';
import { plan } from '../../../src/core/spec/plan.ts';
import type { NormalizedSpec } from '../../../src/core/spec/types.ts';
import { runExperiment, type ExperimentResult } from '../../../src/core/train/run-experiment.ts';
import { generateContract } from '../../../src/core/validate/contract/generate.ts';
import { cpuTf } from '../../helpers/tf.ts';

export interface Trained {
  ds: Dataset;
  spec: NormalizedSpec;
  result: ExperimentResult;
}

/** A holdout run on `ds` that keeps its model (the caller disposes result.model). */
export async function train(ds: Dataset, target: string, model: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<Trained> {
  const spec = plan(parseSpec({ version: 1, target, model, seed: 7, ...extra }), ds);
  const result = await runExperiment(ds, spec, { tf: await cpuTf(), cancel: neverCancelled, keepModel: true });
  return { ds, spec, result };
}

/** The BundleInput of a trained run (metrics from its held-out rows, contract from its data). */
export async function bundleInputOf(t: Trained, overrides: Partial<BundleInput> = {}): Promise<BundleInput> {
  const { ds, spec, result } = t;
  const reports = heldOutReports(result.predictions, { task: spec.task, seed: spec.seed, resamples: 50, ...(result.classes ? { classes: result.classes } : {}) });
  return {
    name: 'test-model',
    version: 3,
    createdAt: '2024-05-01T12:00:00.000Z',
    artifact: await result.model!.save!(),
    pipeline: result.pipeline,
    spec,
    ...(result.classes ? { classes: result.classes } : {}),
    contract: generateContract(ds.table, ds.columns, { datasetName: ds.name, fingerprint: ds.fingerprint }),
    metrics: { source: 'holdout', heldOut: reports.heldOut },
    lineage: {
      nodes: [
        { id: 'dataset:1', kind: 'dataset', label: ds.name },
        { id: 'model:test@3', kind: 'model-version', label: 'test v3' },
      ],
      edges: [{ from: 'dataset:1', to: 'model:test@3', relation: 'trained' }],
    },
    training: { datasetName: ds.name, fingerprint: ds.fingerprint, seed: spec.seed, trainRows: result.trainRows, testRows: result.testRows },
    examples: exampleRows(ds.table, result.pipeline.features),
    card: '---\nlibrary_name: "benchtop"\n---\n\n# test\n',
    libraries: { benchtop: '0.1.0', tfjs: '4.22.0' },
    ...overrides,
  };
}

/** The entries of a (trusted, test-made) zip. */
export const unzip = (bytes: Uint8Array): Record<string, Uint8Array> => unzipSync(bytes);

export function zip(files: Record<string, Uint8Array>, opts: Record<string, { os?: number; attrs?: number; level?: 0 }> = {}): Uint8Array {
  const z: Zippable = {};
  for (const [name, data] of Object.entries(files)) z[name] = [data, { mtime: new Date(1980, 0, 1), ...(opts[name] ?? {}) }];
  return zipSync(z);
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export const readJson = (files: Record<string, Uint8Array>, name: string): Record<string, unknown> => JSON.parse(dec.decode(files[name]!)) as Record<string, unknown>;

/**
 * A bundle with some entries changed and the manifest's hashes and sizes made to match again:
 * what a careful attacker (or a buggy tool) would produce. `manifest` edits the manifest last.
 */
export function tamper(
  bytes: Uint8Array,
  edit: (files: Record<string, Uint8Array>) => void,
  manifestEdit?: (m: BundleManifest) => void,
): Uint8Array {
  const files = unzip(bytes);
  edit(files);
  const manifest = readJson(files, 'manifest.json') as unknown as BundleManifest;
  manifest.files = Object.keys(files)
    .filter((p) => p !== 'manifest.json')
    .sort()
    .map((path) => ({ path, sha256: sha256Hex(files[path]!), bytes: files[path]!.length }));
  manifestEdit?.(manifest);
  files['manifest.json'] = enc.encode(JSON.stringify(manifest));
  return zip(files);
}

export const editJson = (files: Record<string, Uint8Array>, name: string, change: (o: Record<string, unknown>) => void): void => {
  const o = readJson(files, name);
  change(o);
  files[name] = enc.encode(JSON.stringify(o));
};
