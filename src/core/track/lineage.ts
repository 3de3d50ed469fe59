/**
 * Where a model version came from, as a small graph a UI draws and a bundle embeds:
 *   dataset version -> data contract -> pipeline -> run -> model version
 * (the contract node only when the data had one; then the dataset version links straight to the
 * pipeline). lineageOfVersion needs nothing but the ModelVersionRecord, which holds its own
 * snapshot of the data and contract, so it works in a bundle or after the run and dataset are
 * gone. lineageOf additionally walks the dataset version's parents (filter, PII scrub, ...)
 * back to the import, as far as they are still stored.
 */
import type { BenchtopDb } from './db.ts';
import { getModelVersion } from './registry.ts';
import type { Lineage, LineageNode, ModelVersionId, ModelVersionRecord } from './registry-types.ts';
import type { DatasetVersionRecord } from './types.ts';

const iso = (ms: number | undefined): string => (ms === undefined || !Number.isFinite(ms) ? 'unknown time' : new Date(ms).toISOString());
const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function datasetNode(v: { id: string; number: number; rows: number; columns: unknown[]; derivation: { detail: string }; fingerprint: string }, name: string): LineageNode {
  return {
    id: `dataset-version:${v.id}`,
    kind: 'dataset-version',
    label: `${name} v${v.number}`,
    detail: `${plural(v.rows, 'row')}, ${plural(v.columns.length, 'column')}; ${v.derivation.detail}; SHA-256 ${v.fingerprint.slice(0, 12)}`,
  };
}

/**
 * The lineage of a model version from its own record. `ancestors` are stored dataset versions
 * the trained-on version derives from (nearest parent first); they are prepended as a chain.
 */
export function lineageOfVersion(mv: ModelVersionRecord, ancestors: readonly DatasetVersionRecord[] = []): Lineage {
  const nodes: LineageNode[] = [];
  const edges: Lineage['edges'] = [];
  const link = (from: LineageNode | undefined, to: LineageNode) => {
    if (from) edges.push({ from: from.id, to: to.id });
  };

  let previous: LineageNode | undefined;
  const datasetName = mv.dataset?.datasetName ?? mv.run.datasetName;
  for (const a of [...ancestors].reverse()) {
    const node = datasetNode(a, datasetName);
    nodes.push(node);
    link(previous, node);
    previous = node;
  }
  const data: LineageNode = mv.dataset
    ? datasetNode(mv.dataset, datasetName)
    : {
        id: `dataset-version:${mv.datasetVersionId ?? mv.fingerprint ?? mv.datasetId}`,
        kind: 'dataset-version',
        label: mv.run.datasetName,
        detail: `${mv.datasetVersionId ? 'version no longer stored when registered' : 'recorded before dataset versions'}; SHA-256 ${mv.fingerprint ? mv.fingerprint.slice(0, 12) : 'unknown'}`,
      };
  nodes.push(data);
  link(previous, data);
  previous = data;

  if (mv.contract) {
    const c = mv.contract;
    const contract: LineageNode = {
      id: `contract:${mv.id}`,
      kind: 'contract',
      label: 'Data contract',
      detail: `${plural(c.columns.length, 'column')} (${c.columns.filter((col) => col.required).length} required), ${c.rowCount.min.toLocaleString('en-US')}-${c.rowCount.max.toLocaleString('en-US')} rows; made from ${c.createdFrom.datasetName}`,
    };
    nodes.push(contract);
    link(previous, contract);
    previous = contract;
  }

  const steps = mv.pipeline.steps.map((s) => s.spec.kind);
  const pipeline: LineageNode = {
    id: `pipeline:${mv.id}`,
    kind: 'pipeline',
    label: steps.length > 0 ? `Pipeline: ${steps.join(' → ')}` : 'Pipeline: no steps',
    detail: `${plural(mv.pipeline.features.length, 'input column')} → ${plural(mv.pipeline.outputNames.length, 'model input')}`,
  };
  nodes.push(pipeline);
  link(previous, pipeline);

  const metric = mv.metrics ? Object.entries(mv.metrics)[0] : undefined;
  const run: LineageNode = {
    id: `run:${mv.runId}`,
    kind: 'run',
    label: `Run ${mv.runId.slice(0, 8)}${mv.run.experiment ? ` (${mv.run.experiment})` : ''}`,
    detail: `${mv.spec.model.kind}, ${mv.spec.task}, seed ${mv.run.seed}, ${mv.env.backend}; finished ${iso(mv.run.finishedAt)}${metric ? `; ${metric[0]} ${Number(metric[1].toFixed(4))}` : ''}`,
  };
  nodes.push(run);
  link(pipeline, run);

  const model: LineageNode = {
    id: `model-version:${mv.id}`,
    kind: 'model-version',
    label: mv.id,
    detail: `${mv.artifact.kind} model (format ${mv.artifact.format}); registered ${iso(mv.createdAt)}${mv.by ? ` by ${mv.by}` : ''}${mv.note ? `: ${mv.note}` : ''}`,
  };
  nodes.push(model);
  link(run, model);
  return { nodes, edges };
}

/** The lineage of a stored model version, with the dataset version's stored ancestors. */
export async function lineageOf(db: BenchtopDb, versionId: ModelVersionId | string): Promise<Lineage> {
  const mv = await getModelVersion(db, versionId);
  const ancestors: DatasetVersionRecord[] = [];
  const seen = new Set<string>(mv.dataset ? [mv.dataset.id] : []);
  let parentId = mv.dataset?.parentId;
  // Parent links form a chain; the guard stops at a damaged store that loops.
  while (parentId && !seen.has(parentId) && ancestors.length < 1000) {
    seen.add(parentId);
    const parent = await db.datasetVersions.get(parentId);
    if (!parent) break;
    ancestors.push(parent);
    parentId = parent.parentId;
  }
  return lineageOfVersion(mv, ancestors);
}
