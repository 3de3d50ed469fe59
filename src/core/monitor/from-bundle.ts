/** A model bundle as monitorBatch takes it: the CLI's way in (the studio uses registry versions). */
import type { Bundle } from '../export/bundle/types.ts';
import type { MonitorModel } from './monitor-batch.ts';

export function monitorModelFromBundle(bundle: Bundle): MonitorModel {
  const m = bundle.manifest;
  const d = m.output.decision;
  return {
    versionId: `${m.name}@${m.version}`,
    name: m.name,
    version: m.version,
    task: m.model.task,
    target: m.output.target,
    ...(m.output.classes ? { classes: [...m.output.classes] } : {}),
    ...(d ? { decision: { threshold: d.threshold, posLabel: d.posLabel } } : {}),
    contract: bundle.contract,
    pipeline: bundle.pipeline,
    artifact: bundle.artifact,
    card: { level: m.metrics.heldOut.level, metrics: m.metrics.heldOut.metrics.map((x) => ({ key: x.key, value: x.value, ci: x.ci })) },
    ...(m.predictionReference ? { predictionReference: m.predictionReference } : {}),
  };
}
