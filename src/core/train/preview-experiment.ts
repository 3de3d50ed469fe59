/**
 * What a run will do, before it runs: the explicit spec (auto pipeline expanded), each step
 * with the reason it is there, and every split's sizes, class balance, groups and time ranges
 * with plain-language warnings. Cheap: nothing is fitted.
 */
import type { Dataset } from '../data/types.ts';
import { getStep } from '../features/steps/registry.ts';
import { plan } from '../spec/plan.ts';
import type { ExperimentSpec, NormalizedSpec } from '../spec/types.ts';
import { describeFolds, type FoldsDescription } from '../split/describe-folds.ts';
import { encodeTarget } from './encode-target.ts';
import { makeSplits } from './make-splits.ts';

export interface StepNote {
  kind: string;
  describe: string;
  why: string;
  /** The step's input selection as written in the spec. */
  columns?: string[];
  select?: string;
}

export interface ExperimentPreview {
  spec: NormalizedSpec;
  steps: StepNote[];
  classes?: string[];
  split: FoldsDescription;
  /** The locked final test set, described like a fold (train = every cross-validation row). */
  finalTest?: FoldsDescription;
}

export function previewExperiment(dataset: Dataset, input: ExperimentSpec): ExperimentPreview {
  const spec = plan(input, dataset);
  const steps = spec.pipeline.map((step) => {
    const def = getStep(step.kind);
    return {
      kind: step.kind,
      describe: def.describe,
      why: def.why(step as never),
      ...(step.columns ? { columns: step.columns } : {}),
      ...(step.select ? { select: step.select } : {}),
    };
  });
  const target = encodeTarget(dataset.table, spec.target, spec.task);
  const splits = makeSplits(spec, dataset.table, target);
  const info = {
    ...(target.classes ? { y: target.y as Int32Array, classes: target.classes } : {}),
    ...(splits.groups ? { groups: splits.groups } : {}),
    ...(splits.times ? { times: splits.times } : {}),
  };
  return {
    spec,
    steps,
    ...(target.classes ? { classes: target.classes } : {}),
    split: describeFolds(splits.folds, info),
    ...(splits.finalTest ? { finalTest: describeFolds([splits.finalTest], info) } : {}),
  };
}
