/** Runs trained once per test file: an experiment result and the run-like record evaluateRun reads. */
import type { Dataset } from '../../../../src/core/data/types.ts';
import { neverCancelled } from '../../../../src/core/jobs.ts';
import { plan } from '../../../../src/core/spec/plan.ts';
import type { ExperimentSpec, NormalizedSpec } from '../../../../src/core/spec/types.ts';
import { runExperiment, type ExperimentResult } from '../../../../src/core/train/run-experiment.ts';
import type { EvaluateRunInput } from '../../../../src/core/evaluate/run-evaluation/evaluate-run.ts';
import { cpuTf } from '../../../helpers/tf.ts';

export interface Trained {
  ds: Dataset;
  spec: NormalizedSpec;
  result: ExperimentResult;
  input: (request?: EvaluateRunInput['request'], notes?: Record<number, string>) => EvaluateRunInput;
}

export async function trained(ds: Dataset, spec: Omit<ExperimentSpec, 'version' | 'backend'>, keepModel = false): Promise<Trained> {
  const normalized = plan({ version: 1, backend: 'cpu', ...spec }, ds);
  const tf = await cpuTf();
  const result = await runExperiment(ds, normalized, { tf, cancel: neverCancelled, keepModel });
  const p = result.predictions;
  return {
    ds,
    spec: normalized,
    result,
    input: (request = {}, notes = {}) => ({
      run: { id: 'run-1' as never, spec: normalized, ...(result.cv ? { cv: result.cv } : {}) },
      artifacts: { row: p.row, fold: p.fold, yTrue: p.yTrue, values: p.values, width: p.width, baseline: p.baseline, ...(result.classes ? { classes: result.classes } : {}), notes },
      source: ds,
      request,
    }),
  };
}
