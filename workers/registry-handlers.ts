/**
 * The model registry's worker methods (RegistryApi, registry-api.ts) on the core: registry,
 * aliases, card revisions and lineage in src/core/track, bundles, cards, ONNX and scoring in
 * src/core/export. studio.worker.ts spreads these into the API it exposes, passing what it
 * owns: the database, tfjs, its dataset loader and its job and error plumbing.
 */
import * as Comlink from 'comlink';
import type * as tfjs from '@tensorflow/tfjs';
import type { Dataset } from '../src/core/data/types.ts';
import { ingest } from '../src/core/data/ingest.ts';
import { benchtopError } from '../src/core/errors.ts';
import { exampleRows } from '../src/core/export/bundle/example-rows.ts';
import { exportBundle } from '../src/core/export/bundle/export-bundle.ts';
import { validateBundle } from '../src/core/export/bundle/import-bundle.ts';
import { DEFAULT_BUNDLE_LIMITS } from '../src/core/export/bundle/limits.ts';
import { sha256Hex } from '../src/core/export/bundle/sha256.ts';
import { bundleInputFromVersion, cardKeyOf, modelCardInputFromVersion, sectionKeyOf, type VersionContext } from '../src/core/export/from-model-version.ts';
import { cardSections, modelCard } from '../src/core/export/model-card/model-card.ts';
import { CARD_SECTION_KEYS, type CardSectionKey } from '../src/core/export/model-card/types.ts';
import { onnxFromArtifact } from '../src/core/export/onnx/onnx-from-artifact.ts';
import { loadBundleModel, readWithInputKinds } from '../src/core/export/score/score-with-bundle.ts';
import { inputSignature } from '../src/core/export/bundle/manifest.ts';
import type { Bundle } from '../src/core/export/bundle/types.ts';
import { selectBackend } from '../src/core/gpu/backend.ts';
import type { CancelSource, Progress } from '../src/core/jobs.ts';
import type { BackendName } from '../src/core/spec/types.ts';
import { asRunId, type DatasetId } from '../src/core/ids.ts';
import { encodeTarget } from '../src/core/train/encode-target.ts';
import { makeSplits } from '../src/core/train/make-splits.ts';
import { aliasHistory, resolveModel, rollbackAlias, setAlias } from '../src/core/track/aliases.ts';
import { cardRevisions, saveCardSections } from '../src/core/track/card-revisions.ts';
import type { BenchtopDb } from '../src/core/track/db.ts';
import { importModelVersion } from '../src/core/track/import-version.ts';
import { lineageOf } from '../src/core/track/lineage.ts';
import * as registry from '../src/core/track/registry.ts';
import type { CardRevision, ModelVersionRecord } from '../src/core/track/registry-types.ts';
import type { DatasetVersionId } from '../src/core/track/types.ts';
import { getVersion, setVersionContract } from '../src/core/track/versions.ts';
import { generateContract } from '../src/core/validate/contract/generate.ts';
import { BENCHTOP_VERSION } from '../src/core/version.ts';
import type { ExportedFile, ModelCardView, RegistryApi } from './registry-api.ts';
import { scoreVersion } from './registry-score.ts';
import { modelSummary, versionDetail, versionSummary } from './registry-views.ts';

export interface RegistryDeps {
  db: BenchtopDb;
  tf: typeof tfjs;
  /** A stored dataset version's data (the worker's cached loader); rejects when it is gone. */
  loadVersion(datasetId: DatasetId, versionId: DatasetVersionId): Promise<{ ds: Dataset }>;
  /** Runs `work` as a cancellable job under `jobId`. */
  withJob<T>(jobId: string, work: (cancel: CancelSource) => Promise<T>): Promise<T>;
  /** Turns any failure into the coded Error the UI reads. */
  guarded<T>(work: () => Promise<T>): Promise<T>;
}

/** Card section titles as the editor shows them (the card's own headings). */
export const SECTION_TITLES: Record<CardSectionKey, string> = {
  summary: 'Summary',
  intendedUse: 'Intended use',
  outOfScopeUse: 'Out-of-scope use',
  whenNotToUse: 'When not to use this model',
  trainingDataNotes: 'Training data notes',
  limitations: 'Limitations',
  ethicalConsiderations: 'Ethical considerations',
  monitoring: 'Monitoring plan',
};

const required = (text: string | undefined, field: string): string => {
  const t = (text ?? '').trim();
  if (!t) throw benchtopError('registry_input_invalid', { field, reason: 'it is empty; say why, so the change can be understood later' });
  return t;
};

/** A file name part from a model name (already [A-Za-z0-9._-]). */
const fileStem = (mv: ModelVersionRecord): string => `${mv.name}-v${mv.version}`;

function transferFile(name: string, bytes: Uint8Array): ExportedFile {
  const file: ExportedFile = { name, bytes, sha256: sha256Hex(bytes) };
  return Comlink.transfer(file, [bytes.buffer as ArrayBuffer]);
}

export function registryHandlers(deps: RegistryDeps): RegistryApi {
  const { db, tf, guarded } = deps;

  async function runStored(runId: string): Promise<boolean> {
    return (await db.runs.get(asRunId(runId))) !== undefined;
  }

  /** The version's training data, when it is still stored under the fingerprint it was trained on. */
  async function trainingData(mv: ModelVersionRecord): Promise<Dataset | null> {
    if (mv.imported || !mv.datasetVersionId) return null;
    try {
      const { ds } = await deps.loadVersion(mv.datasetId, mv.datasetVersionId);
      return ds.fingerprint === mv.fingerprint ? ds : null;
    } catch {
      return null;
    }
  }

  /** Rows the version's model trained on and was scored on, re-planned from the stored data (the split is seeded). */
  function exactRows(mv: ModelVersionRecord, ds: Dataset): { train: number; test: number } | undefined {
    try {
      const target = encodeTarget(ds.table, mv.spec.target, mv.spec.task, mv.classes);
      const plan = makeSplits(mv.spec, ds.table, target);
      const fit = plan.finalTest ?? plan.folds[0];
      if (!fit) return undefined;
      return { train: fit.train.length, test: mv.heldOut?.rows ?? fit.test.length };
    } catch {
      return undefined;
    }
  }

  async function context(mv: ModelVersionRecord, revisions?: CardRevision[]): Promise<VersionContext> {
    const revs = revisions ?? (await cardRevisions(db, mv.id));
    const sections = revs.at(-1)?.sections;
    const lineage = mv.imported ? { nodes: [], edges: [] } : await lineageOf(db, mv.id);
    const ds = await trainingData(mv);
    const rows = ds ? exactRows(mv, ds) : undefined;
    return {
      lineage,
      ...(sections ? { sections } : {}),
      ...(ds ? { examples: exampleRows(ds.table, mv.pipeline.features) } : {}),
      ...(rows ? { rows } : {}),
      ...(ds && !mv.contract
        ? { contract: generateContract(ds.table, ds.columns, { datasetName: mv.run.datasetName, fingerprint: mv.fingerprint, ...(mv.datasetVersionId ? { versionId: mv.datasetVersionId } : {}) }) }
        : {}),
      libraries: { benchtop: BENCHTOP_VERSION, tfjs: tf.version.tfjs },
    };
  }

  async function cardView(mv: ModelVersionRecord): Promise<ModelCardView> {
    const revisions = await cardRevisions(db, mv.id);
    const input = modelCardInputFromVersion(mv, await context(mv, revisions));
    const current = revisions.at(-1)?.sections ?? {};
    const inForce = cardSections(input);
    return {
      markdown: modelCard(input),
      sections: CARD_SECTION_KEYS.map((k) => ({ key: sectionKeyOf(k), title: SECTION_TITLES[k], text: inForce[k], edited: current[sectionKeyOf(k)] !== undefined })),
      revisions: revisions.map((r) => ({ revision: r.revision, at: r.at, by: r.by, note: r.note, sections: Object.keys(r.sections).sort(), texts: { ...r.sections } })),
    };
  }

  async function summaryOf(name: string) {
    const model = await registry.getRegisteredModel(db, name);
    return modelSummary(model, await registry.versionsOf(db, name));
  }

  async function versionSummaryOf(mv: ModelVersionRecord) {
    const model = await registry.getRegisteredModel(db, mv.name);
    return versionSummary(mv, model, await runStored(mv.runId));
  }

  /** Saves a contract generated from the data on the run's dataset version when it has none, so the registered version carries it. */
  async function pinContract(runId: string): Promise<void> {
    const run = await db.runs.get(asRunId(runId));
    if (!run?.datasetVersionId) return;
    const version = await getVersion(db, run.datasetVersionId).catch(() => null);
    if (!version || version.contract) return;
    const { ds } = await deps.loadVersion(version.datasetId, version.id);
    const contract = generateContract(ds.table, ds.columns, { datasetName: ds.name, fingerprint: version.fingerprint, versionId: version.id });
    await setVersionContract(db, version.id, contract);
  }

  /** Scoring uses the backend the model was trained on when this browser has it (the same numbers as the run), else the best available. */
  async function scoringBackend(mv: ModelVersionRecord): Promise<string> {
    const wanted = mv.env.backend as BackendName;
    if (['webgpu', 'webgl', 'wasm', 'cpu'].includes(wanted)) {
      try {
        return (await selectBackend(tf, wanted)).backend;
      } catch {
        // Not available in this browser: fall through to the best one that is.
      }
    }
    return (await selectBackend(tf, 'auto')).backend;
  }

  return {
    registerRun: (runId, name, note, by) =>
      guarded(async () => {
        registry.checkModelName(name);
        const run = await db.runs.get(asRunId(runId));
        if (run?.status === 'done') await pinContract(runId);
        const mv = await registry.registerModel(db, { runId: asRunId(runId), name, ...(note !== undefined ? { note } : {}), ...(by !== undefined ? { by } : {}) });
        return versionSummaryOf(mv);
      }),

    listModels: () =>
      guarded(async () => {
        const models = await registry.listRegisteredModels(db);
        return Promise.all(models.map(async (m) => modelSummary(m, await registry.versionsOf(db, m.name))));
      }),

    registeredModel: (name) => guarded(() => summaryOf(name)),

    modelVersions: (name) =>
      guarded(async () => {
        const model = await registry.getRegisteredModel(db, name);
        const versions = await registry.versionsOf(db, name);
        const runIds = new Set((await db.runs.bulkGet(versions.map((v) => v.runId))).filter((r) => r !== undefined).map((r) => r.id as string));
        return versions.map((v) => versionSummary(v, model, runIds.has(v.runId))).reverse();
      }),

    modelVersion: (ref) =>
      guarded(async () => {
        const mv = await resolveModel(db, ref);
        const model = await registry.getRegisteredModel(db, mv.name);
        const lineage = mv.imported ? null : await lineageOf(db, mv.id);
        return versionDetail(mv, model, await runStored(mv.runId), lineage);
      }),

    setModelDescription: (name, description) =>
      guarded(async () => {
        await registry.setModelDescription(db, name, description);
        return summaryOf(name);
      }),

    setAlias: (name, alias, version, note, by) =>
      guarded(async () => {
        const why = required(note, 'reason for the alias move');
        await setAlias(db, { name, alias, version, note: why, ...(by !== undefined ? { by } : {}) });
        return summaryOf(name);
      }),

    rollbackAlias: (name, alias, note, by) =>
      guarded(async () => {
        const why = note?.trim();
        await rollbackAlias(db, { name, alias, ...(why ? { note: why } : {}), ...(by !== undefined ? { by } : {}) });
        return summaryOf(name);
      }),

    aliasHistory: (name) =>
      guarded(async () => (await aliasHistory(db, name)).map((e) => ({ alias: e.alias, from: e.from, to: e.to, at: e.at, by: e.by, note: e.note }))),

    modelCard: (versionId) => guarded(async () => cardView(await registry.getModelVersion(db, versionId))),

    saveCardSections: (versionId, sections, note, by) =>
      guarded(async () => {
        const mv = await registry.getModelVersion(db, versionId);
        for (const key of Object.keys(sections))
          if (!cardKeyOf(key)) throw benchtopError('card_sections_invalid', { field: `"${key}"`, reason: `the card has no such section (it has ${CARD_SECTION_KEYS.map(sectionKeyOf).join(', ')})` });
        const revisions = await cardRevisions(db, mv.id);
        const current = revisions.at(-1)?.sections ?? {};
        // The defaults of a card with no written text: text equal to one of them stays generated.
        const defaults = cardSections(modelCardInputFromVersion(mv, { ...(await context(mv, [])) }));
        const next: Record<string, string> = { ...current };
        for (const [key, text] of Object.entries(sections)) {
          const clean = text.replace(/\s+$/, '');
          if (clean.trim() === '' || clean === defaults[cardKeyOf(key)!]) delete next[key];
          else next[key] = clean;
        }
        const same = Object.keys(next).length === Object.keys(current).length && Object.entries(next).every(([k, v]) => current[k] === v);
        if (!same) await saveCardSections(db, mv.id, next, by, (note ?? '').trim());
        return cardView(mv);
      }),

    exportBundle: (versionId) =>
      guarded(async () => {
        const mv = await registry.getModelVersion(db, versionId);
        const ctx = await context(mv);
        const card = modelCard(modelCardInputFromVersion(mv, ctx));
        return transferFile(`${fileStem(mv)}.zip`, exportBundle(bundleInputFromVersion(mv, { ...ctx, card })));
      }),

    exportOnnx: (versionId) =>
      guarded(async () => {
        const mv = await registry.getModelVersion(db, versionId);
        const bytes = onnxFromArtifact(mv.artifact, {
          inputNames: mv.pipeline.outputNames,
          ...(mv.classes ? { classes: mv.classes } : {}),
          metadata: { 'model.name': mv.name, 'model.version': String(mv.version), 'model.target': mv.spec.target },
        });
        return transferFile(`${fileStem(mv)}.onnx`, bytes);
      }),

    importBundle: (file, options) =>
      guarded(async () => {
        const max = DEFAULT_BUNDLE_LIMITS.maxBundleBytes;
        const label = 'name' in file && typeof file.name === 'string' ? file.name : 'the bundle';
        if (file.size > max) throw benchtopError('bundle_too_large', { entry: label, bytes: file.size, max });
        const bytes = new Uint8Array(await file.arrayBuffer());
        const bundle = validateBundle(bytes);
        // A bundle whose parts pass their schemas can still hold model data its kind cannot load: refuse it before registering.
        const model = await loadBundleModel(bundle, tf);
        model.dispose();
        const mv = await importModelVersion(db, {
          bundle,
          sha256: sha256Hex(bytes),
          ...(options.name?.trim() ? { name: options.name.trim() } : {}),
          ...(options.note !== undefined ? { note: options.note } : {}),
          ...(options.by !== undefined ? { by: options.by } : {}),
        });
        return versionSummaryOf(mv);
      }),

    scoreFile: (versionId, file, jobId, onProgress) =>
      guarded(() =>
        deps.withJob(jobId, async (cancel) => {
          const mv = await registry.getModelVersion(db, versionId);
          const contract = mv.contract ?? (await context(mv, [])).contract;
          if (!contract) throw benchtopError('model_contract_missing', { id: mv.id });
          const progress = (p: Progress) => void onProgress(p);
          // Read the batch with the training columns' kinds, as a bundle's scoring does (readWithInputKinds only reads manifest.input).
          const signature = { manifest: { input: { columns: inputSignature(contract, mv.pipeline.features) } } } as Pick<Bundle, 'manifest'>;
          const ds = await readWithInputKinds(signature, (kinds) => ingest(file, { name: file.name, kinds, onProgress: progress, cancel }));
          const backend = await scoringBackend(mv);
          return scoreVersion(mv, contract, ds, { tf, cancel, backend, onProgress: (phase, fraction) => progress({ phase, fraction }) });
        }),
      ),

    deleteModelVersion: (versionId, force) => guarded(() => registry.deleteModelVersion(db, versionId, { force })),

    deleteRegisteredModel: (name, force) =>
      guarded(async () => {
        await registry.deleteRegisteredModel(db, name, { force });
      }),
  };
}
