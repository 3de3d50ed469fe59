/**
 * A model version made from an imported bundle instead of a run in this workspace.
 *
 * registerModel copies a version out of a stored run; a bundle has no run here, so this builds
 * the same record from the bundle's checked parts (validateBundle: manifest, model data,
 * pipeline, spec, contract) and keeps what the record's other fields cannot hold in
 * `imported`: the bundle's lineage, metrics (with their full bootstrap description), training
 * rows and example rows. A re-export gives those back verbatim, and the lineage grows by one
 * node, "imported as name@n", so the chain back to the original data is never cut.
 *
 * Numbering and the registered model follow registerModel's rules (numbers never reused, a
 * deleted name continues its numbering). Importing the same bundle file under the same name
 * twice returns the first version, as registering one run twice does.
 */
import { benchtopError } from '../errors.ts';
import type { Bundle, BundleManifest, BundleMetrics, ExampleRows, Lineage as BundleLineage } from '../export/bundle/types.ts';
import type { HeldOutReport } from '../evaluate/held-out-report.ts';
import { asDatasetId, asRunId } from '../ids.ts';
import type { BenchtopDb } from './db.ts';
import { checkModelName, checkText, MAX_BY_CHARS, MAX_NOTE_CHARS, registryWrite, versionsOf } from './registry.ts';
import { modelVersionId, type ModelVersionRecord, type RegisteredModelRecord } from './registry-types.ts';
import type { HeldOutSummary, MetricValues } from './types.ts';

/** What an imported version keeps from its bundle beyond the usual record fields. */
export interface ImportedBundle {
  /** SHA-256 (hex) of the bundle file as imported. */
  sha256: string;
  /** The model version the bundle was exported as. */
  from: { name: string; version: number; createdAt: string };
  description?: string;
  lineage: BundleLineage;
  metrics: BundleMetrics;
  training: BundleManifest['training'];
  examples: ExampleRows;
  libraries: { benchtop: string; tfjs: string };
}

export interface ImportVersionInput {
  bundle: Bundle;
  /** SHA-256 (hex) of the bundle's bytes. */
  sha256: string;
  /** The registered model to add the version to; default: the name in the bundle's manifest. */
  name?: string;
  note?: string;
  by?: string;
  now?: () => number;
}

/** Rows of the bundle's examples.csv (as examplesCsv wrote it: RFC 4180, empty cell = missing). */
export function parseExamplesCsv(text: string): ExampleRows {
  const records: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      records.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    records.push(row);
  }
  const [columns = [], ...rows] = records;
  return { columns, rows: rows.filter((r) => r.length === columns.length).map((r) => r.map((v) => (v === '' ? null : v))) };
}

const valuesOf = (report: HeldOutReport): MetricValues =>
  Object.fromEntries(report.metrics.filter((m) => m.value !== null && Number.isFinite(m.value)).map((m) => [m.key, m.value as number]));

const summaryOf = (report: HeldOutReport): HeldOutSummary['metrics'] => report.metrics.map((m) => ({ key: m.key, value: m.value, ci: m.ci }));

const definedOnly = (values: Record<string, number | null>): MetricValues =>
  Object.fromEntries(Object.entries(values).filter((e): e is [string, number] => e[1] !== null));

/** The node id of the model the bundle's lineage ends at: the last model-version node nothing leads on from. */
function lineageEnd(lineage: BundleLineage): string | undefined {
  const sources = new Set(lineage.edges.map((e) => e.from));
  const ends = lineage.nodes.filter((n) => !sources.has(n.id));
  return (ends.filter((n) => n.kind === 'model-version').at(-1) ?? ends.at(-1) ?? lineage.nodes.at(-1))?.id;
}

/**
 * An imported version's lineage: the bundle's, with one more node for the version it became
 * here (its id made unique if the chain already passed through a version of that name).
 */
export function importedLineage(mv: Pick<ModelVersionRecord, 'id' | 'imported'>): BundleLineage {
  const base = mv.imported?.lineage ?? { nodes: [], edges: [] };
  const ids = new Set(base.nodes.map((n) => n.id));
  let id = `import:${mv.id}`;
  for (let n = 2; ids.has(id); n++) id = `import:${mv.id}+${n}`;
  const end = lineageEnd(base);
  return {
    nodes: [...base.nodes, { id, kind: 'model-version', label: `${mv.id} (imported)` }],
    edges: [...base.edges, ...(end ? [{ from: end, to: id, relation: 'imported-as' }] : [])],
  };
}

/** The run the bundle's model came from, by its lineage node ("run:<id>"), if it names one. */
function runIdOf(lineage: BundleLineage): string | undefined {
  const node = lineage.nodes.find((n) => n.kind === 'run' && n.id.startsWith('run:'));
  return node ? node.id.slice('run:'.length) : undefined;
}

/** Adds the bundle's model as the next version of `name` (default: the manifest's name). */
export async function importModelVersion(db: BenchtopDb, input: ImportVersionInput): Promise<ModelVersionRecord> {
  const { bundle, sha256 } = input;
  const m = bundle.manifest;
  const name = checkModelName(input.name === undefined || input.name.trim() === '' ? m.name : input.name.trim());
  const note = checkText(input.note, 'note', MAX_NOTE_CHARS);
  const by = checkText(input.by, 'imported by', MAX_BY_CHARS);
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw benchtopError('registry_input_invalid', { field: 'bundle hash', reason: 'expected 64 hex digits of SHA-256' });
  const now = input.now ?? Date.now;
  const createdFrom = Date.parse(m.createdAt);
  const runId = asRunId(runIdOf(m.lineage) ?? `bundle-${sha256.slice(0, 16)}`);
  const heldOut: HeldOutSummary = { rows: m.metrics.heldOut.rows, level: m.metrics.heldOut.level, metrics: summaryOf(m.metrics.heldOut) };
  if (m.metrics.finalTest) heldOut.finalTest = { rows: m.metrics.finalTest.rows, metrics: summaryOf(m.metrics.finalTest) };
  const decision = m.output.decision;

  return registryWrite(() =>
    db.transaction('rw', db.registeredModels, db.modelVersions, async () => {
      const same = (await versionsOf(db, name)).find((v) => v.imported?.sha256 === sha256);
      const existing = await db.registeredModels.get(name);
      if (same && existing && existing.deletedAt === undefined) return same;
      const createdAt = now();
      const model: RegisteredModelRecord =
        existing && existing.deletedAt === undefined
          ? existing
          : { name, description: m.description ?? '', createdAt, aliases: {}, lastVersion: existing?.lastVersion ?? 0 };
      const version = model.lastVersion + 1;
      const record: ModelVersionRecord = {
        id: modelVersionId(name, version),
        name,
        version,
        runId,
        createdAt,
        note,
        by,
        artifact: bundle.artifact,
        pipeline: bundle.pipeline,
        ...(m.output.classes ? { classes: [...m.output.classes] } : {}),
        features: [...bundle.pipeline.features],
        spec: bundle.spec,
        metrics: valuesOf(m.metrics.heldOut),
        ...(m.metrics.baseline ? { baselineMetrics: valuesOf(m.metrics.baseline) } : {}),
        ...(m.metrics.cv ? { cv: { folds: m.metrics.cv.folds, mean: definedOnly(m.metrics.cv.mean), std: definedOnly(m.metrics.cv.std), perFold: [] } } : {}),
        heldOut,
        ...(decision ? { decision: { threshold: decision.threshold, posLabel: decision.posLabel, ...(decision.rule ? { rule: decision.rule } : {}) } } : {}),
        env: { backend: bundle.spec.backend, userAgent: 'imported model bundle', benchtop: m.libraries.benchtop, tfjs: m.libraries.tfjs },
        run: { id: runId, datasetName: m.training.datasetName, startedAt: Number.isFinite(createdFrom) ? createdFrom : createdAt, seed: m.training.seed },
        datasetId: asDatasetId(m.training.fingerprint),
        fingerprint: m.training.fingerprint,
        contract: bundle.contract,
        imported: {
          sha256,
          from: { name: m.name, version: m.version, createdAt: m.createdAt },
          ...(m.description ? { description: m.description } : {}),
          lineage: m.lineage,
          metrics: m.metrics,
          training: { ...m.training },
          examples: parseExamplesCsv(bundle.examplesCsv),
          libraries: { ...m.libraries },
        },
        ...(m.predictionReference ? { predictionReference: m.predictionReference } : {}),
      };
      await db.registeredModels.put({ ...model, lastVersion: version });
      await db.modelVersions.add(record);
      return record;
    }),
  );
}
