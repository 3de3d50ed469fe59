/**
 * Sanity checks on demand, before any training: the spec's network on the first evaluation
 * fold's training rows, preprocessed by the pipeline fitted on those rows only.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Dataset } from '../data/types.ts';
import { frameFromTable, frameToMatrix } from '../features/frame.ts';
import { fitPipeline } from '../features/run-pipeline.ts';
import { neverCancelled } from '../jobs.ts';
import { createRng } from '../random.ts';
import type { NormalizedSpec } from '../spec/types.ts';
import { encodeTarget } from './encode-target.ts';
import type { SanityReport } from './events.ts';
import { makeSplits } from './make-splits.ts';
import { sanityChecksFor } from './sanity-checks.ts';

/** Null when the model is not a network (the checks are about gradient training). */
export async function sanityForSpec(dataset: Dataset, spec: NormalizedSpec, tf: typeof tfjs): Promise<SanityReport | null> {
  if (spec.model.kind !== 'mlp' && spec.model.kind !== 'logistic') return null;
  const target = encodeTarget(dataset.table, spec.target, spec.task);
  const { train } = makeSplits(spec, dataset.table, target).folds[0]!;
  const rows = Int32Array.from(train, (p) => target.rows[p]!);
  const y = target.y instanceof Int32Array ? Int32Array.from(train, (p) => (target.y as Int32Array)[p]!) : Float64Array.from(train, (p) => target.y[p]!);
  const k = target.classes?.length ?? 1;
  const rng = createRng(spec.seed).fork('sanity-on-demand');
  const { fitted, frame } = fitPipeline(spec.pipeline, frameFromTable(dataset.table, dataset.columns, spec.features, rows), { rng, task: spec.task, k, y });
  const data = { X: frameToMatrix(frame), n: rows.length, d: fitted.outputNames.length, y, k };
  return sanityChecksFor(spec.model, data, { tf, task: spec.task, rng: rng.fork('model'), cancel: neverCancelled, training: spec.training });
}
