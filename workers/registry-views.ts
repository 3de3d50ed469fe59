/**
 * Pure helpers that turn registry records into what the registry pages show: summaries without
 * model data, the headline metric, the split in words, the lineage graph with edge names.
 */
import { bundleLineage } from '../src/core/export/from-model-version.ts';
import { ONNX_MODEL_KINDS } from '../src/core/export/onnx/onnx-from-artifact.ts';
import type { NormalizedSpec } from '../src/core/spec/types.ts';
import { importedLineage } from '../src/core/track/import-version.ts';
import type { Lineage, ModelVersionRecord, RegisteredModelRecord } from '../src/core/track/registry-types.ts';
import type { HeldOutSummary } from '../src/core/track/types.ts';
import type { HeadlineMetric, LineageGraph, ModelVersionDetail, ModelVersionSummary, RegisteredModelSummary } from './registry-api.ts';

/** Preferred headline metric per task, first available wins. */
const HEADLINE: Record<NormalizedSpec['task'], string[]> = {
  binary: ['roc_auc', 'accuracy', 'balanced_accuracy'],
  multiclass: ['accuracy', 'balanced_accuracy', 'f1_macro', 'roc_auc'],
  regression: ['rmse', 'mae', 'r2'],
};

/** A metric key without its parameters: "roc_auc(average=macro)" -> "roc_auc". */
const baseKey = (key: string): string => key.replace(/\(.*$/, '');

export function metricsOf(summary: Pick<HeldOutSummary, 'rows' | 'level' | 'metrics'> | undefined): HeadlineMetric[] {
  if (!summary) return [];
  return summary.metrics.map((m) => ({ key: m.key, value: m.value, ci: m.ci ? [m.ci[0], m.ci[1]] : null, level: summary.level, rows: summary.rows }));
}

/** The task's headline metric of the held-out rows (the first defined of the preferred keys, else the first defined). */
export function headlineMetric(task: NormalizedSpec['task'], metrics: readonly HeadlineMetric[]): HeadlineMetric | null {
  const defined = metrics.filter((m) => m.value !== null);
  for (const want of HEADLINE[task]) {
    const hit = defined.find((m) => m.key === want) ?? defined.find((m) => baseKey(m.key) === want);
    if (hit) return hit;
  }
  return defined[0] ?? null;
}

export function splitWords(spec: NormalizedSpec): string {
  const s = spec.split;
  if (s.kind === 'holdout') return `holdout ${Math.round(s.testSize * 100)}% (${s.strategy})`;
  const repeats = s.repeats > 1 ? ` × ${s.repeats}` : '';
  const final = s.finalTest > 0 ? ` + ${Math.round(s.finalTest * 100)}% final test` : '';
  return `${s.k}-fold CV${repeats} (${s.strategy})${final}`;
}

export function aliasesAt(model: Pick<RegisteredModelRecord, 'aliases'>, version: number): string[] {
  return Object.entries(model.aliases)
    .filter(([, v]) => v === version)
    .map(([a]) => a)
    .sort();
}

export function versionSummary(mv: ModelVersionRecord, model: Pick<RegisteredModelRecord, 'aliases'>, runStored: boolean): ModelVersionSummary {
  return {
    id: mv.id,
    name: mv.name,
    version: mv.version,
    createdAt: mv.createdAt,
    note: mv.note,
    by: mv.by,
    runId: mv.runId,
    runStored,
    kind: mv.artifact.kind,
    task: mv.spec.task,
    target: mv.spec.target,
    datasetName: mv.dataset?.datasetName ?? mv.run.datasetName,
    headline: headlineMetric(mv.spec.task, metricsOf(mv.heldOut)),
    aliases: aliasesAt(model, mv.version),
    ...(mv.imported ? { imported: { from: `${mv.imported.from.name}@${mv.imported.from.version}`, sha256: mv.imported.sha256 } } : {}),
  };
}

export function modelSummary(model: RegisteredModelRecord, versions: readonly ModelVersionRecord[]): RegisteredModelSummary {
  const newest = versions.reduce<ModelVersionRecord | undefined>((a, v) => (!a || v.version > a.version ? v : a), undefined);
  return {
    name: model.name,
    description: model.description,
    createdAt: model.createdAt,
    aliases: { ...model.aliases },
    versions: versions.length,
    latest: newest?.version ?? null,
    ...(newest ? { kind: newest.artifact.kind, task: newest.spec.task, target: newest.spec.target } : {}),
    updatedAt: newest?.createdAt ?? model.createdAt,
  };
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

/**
 * The graph the version page draws: the registry's lineage (with details) and the relation
 * names a bundle carries; an imported version shows its bundle's lineage plus the import.
 */
export function lineageGraph(mv: ModelVersionRecord, lineage: Lineage | null): LineageGraph {
  if (mv.imported) {
    const l = importedLineage(mv);
    const last = l.nodes.at(-1)?.id;
    const imp = mv.imported;
    return {
      nodes: l.nodes.map((n) => ({
        ...n,
        detail:
          n.id === last
            ? `Imported ${iso(mv.createdAt)}${mv.by ? ` by ${mv.by}` : ''} from a bundle of ${imp.from.name}@${imp.from.version} (SHA-256 ${imp.sha256.slice(0, 12)})${mv.note ? `: ${mv.note}` : ''}`
            : 'As recorded in the imported bundle.',
      })),
      edges: l.edges,
    };
  }
  const track = lineage ?? { nodes: [], edges: [] };
  const named = bundleLineage(track);
  return { nodes: track.nodes.map((n) => ({ id: n.id, kind: n.kind, label: n.label, detail: n.detail })), edges: named.edges };
}

export function versionDetail(mv: ModelVersionRecord, model: Pick<RegisteredModelRecord, 'aliases'>, runStored: boolean, lineage: Lineage | null): ModelVersionDetail {
  const summary = versionSummary(mv, model, runStored);
  const kinds: readonly string[] = ONNX_MODEL_KINDS;
  return {
    ...summary,
    lineage: lineageGraph(mv, lineage),
    features: [...mv.pipeline.features],
    ...(mv.classes ? { classes: [...mv.classes] } : {}),
    split: splitWords(mv.spec),
    seed: mv.spec.seed,
    backend: mv.env.backend,
    fingerprint: mv.fingerprint,
    ...(mv.datasetVersionId ? { datasetVersionId: mv.datasetVersionId } : {}),
    metrics: metricsOf(mv.heldOut),
    contractColumns: mv.contract ? mv.contract.columns.filter((c) => mv.pipeline.features.includes(c.name)).length : null,
    onnx: kinds.includes(mv.artifact.kind),
    onnxKinds: [...kinds],
    ...(mv.spec.task === 'binary' && mv.decision?.threshold !== undefined ? { threshold: mv.decision.threshold } : {}),
  };
}
