/**
 * Runs a feature pipeline: each step takes its input columns (by name or by type), is fitted
 * on the training frame only, and replaces its inputs with its outputs where the first input
 * stood. The fitted pipeline is plain JSON: the same `applyPipeline` transforms validation,
 * test and scoring rows, in the worker and in the CLI alike.
 */
import { benchtopError } from '../errors.ts';
import type { Rng } from '../random.ts';
import type { ColumnSelect, PipelineStep } from '../spec/pipeline-types.ts';
import type { Task } from '../spec/types.ts';
import type { Frame, FrameColumn } from './frame.ts';
import type { StepDef } from './step.ts';
import { getStep } from './steps/registry.ts';

export interface FittedStep {
  spec: PipelineStep;
  /** Names of the columns the step consumed, resolved at fit time. */
  inputs: string[];
  /** Names of the columns it produced. */
  outputs: string[];
  state: unknown;
}

export interface FittedPipeline {
  /** Raw feature columns the pipeline reads, in order. */
  features: string[];
  steps: FittedStep[];
  /** Final matrix columns, in order. */
  outputNames: string[];
}

export interface PipelineFitContext {
  rng: Rng;
  task: Task;
  k: number;
  /** Training target aligned with the frame's rows. */
  y: Int32Array | Float64Array;
  /** The model takes missing values as they are (tree models): NaN may remain at the end. */
  allowMissing?: boolean;
}

/** Fill each step's documented defaults (idempotent). */
export function stepWithDefaults(step: PipelineStep): PipelineStep {
  const def = getStep(step.kind);
  const { kind, columns, select, ...params } = step as PipelineStep & Record<string, unknown>;
  return {
    kind,
    ...(columns ? { columns: [...columns] } : {}),
    ...(select ? { select } : {}),
    ...(def.defaults(params as never) as object),
  } as PipelineStep;
}

function matches(c: FrameColumn, select: ColumnSelect): boolean {
  switch (select) {
    case 'all':
      return true;
    case 'numeric':
      return c.type === 'numeric' && c.source !== 'datetime';
    case 'datetime':
      return c.type === 'numeric' && c.source === 'datetime';
    case 'label':
      return c.type === 'label' && c.source !== 'text';
    case 'text':
      return c.type === 'label' && c.source === 'text';
  }
}

function resolveInputs(step: PipelineStep, def: StepDef, frame: Frame, index: number): FrameColumn[] {
  const field = `pipeline.${index}`;
  if (step.columns) {
    return step.columns.map((name) => {
      const c = frame.columns.find((col) => col.name === name);
      if (!c)
        throw benchtopError('spec_invalid', {
          field: `${field}.columns`,
          reason: `step ${index + 1} (${step.kind}) names column "${name}", which does not exist at that point of the pipeline`,
        });
      if (!def.accepts.includes(c.type))
        throw benchtopError('spec_invalid', {
          field: `${field}.columns`,
          reason: `step ${index + 1} (${step.kind}) cannot take ${c.type} column "${name}"`,
        });
      return c;
    });
  }
  const select = step.select ?? def.defaultSelect;
  return frame.columns.filter((c) => matches(c, select) && def.accepts.includes(c.type));
}

function replace(frame: Frame, inputs: FrameColumn[], outputs: FrameColumn[]): Frame {
  const taken = new Set(inputs.map((c) => c.name));
  const at = frame.columns.findIndex((c) => taken.has(c.name));
  const kept = frame.columns.filter((c) => !taken.has(c.name));
  const insertAt = at < 0 ? kept.length : frame.columns.slice(0, at).filter((c) => !taken.has(c.name)).length;
  const columns = [...kept.slice(0, insertAt), ...outputs, ...kept.slice(insertAt)];
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name))
      throw benchtopError('spec_invalid', { field: 'pipeline', reason: `two columns would both be named "${c.name}"; rename a column or drop one` });
    seen.add(c.name);
  }
  return { rows: frame.rows, columns };
}

/** Fit on the training frame; returns the fitted pipeline and the transformed training frame. */
export function fitPipeline(steps: PipelineStep[], frame: Frame, ctx: PipelineFitContext): { fitted: FittedPipeline; frame: Frame } {
  const features = frame.columns.map((c) => c.name);
  const fitted: FittedStep[] = [];
  let current = frame;
  steps.forEach((raw, i) => {
    const step = stepWithDefaults(raw);
    const def = getStep(step.kind) as StepDef<Record<string, unknown>, unknown>;
    const inputs = resolveInputs(step, def, current, i);
    if (inputs.length === 0) return; // nothing of this type left: the step is a no-op, recorded as nothing
    const params = step as unknown as Record<string, unknown>;
    const stepCtx = { rng: ctx.rng.fork(`step${i}:${step.kind}`), task: ctx.task, k: ctx.k, y: ctx.y };
    let state: unknown;
    let outputs: FrameColumn[];
    if (def.fitApply) {
      ({ state, columns: outputs } = def.fitApply(params, inputs, stepCtx));
    } else {
      state = def.fit(params, inputs, stepCtx);
      outputs = def.apply(params, state, inputs);
    }
    fitted.push({ spec: step, inputs: inputs.map((c) => c.name), outputs: outputs.map((c) => c.name), state });
    current = replace(current, inputs, outputs);
  });
  for (const c of current.columns) {
    if (c.type !== 'numeric')
      throw benchtopError('spec_invalid', { field: 'pipeline', reason: `column "${c.name}" is still ${c.source} text at the end; add an encoding step (one-hot, ordinal, hashing, target-encode or text)` });
    if (!ctx.allowMissing)
      for (const v of c.values)
        if (Number.isNaN(v))
        throw benchtopError('spec_invalid', { field: 'pipeline', reason: `column "${c.name}" still has missing values at the end; add an impute step` });
  }
  return { fitted: { features, steps: fitted, outputNames: current.columns.map((c) => c.name) }, frame: current };
}

/** Transform any rows with a fitted pipeline. Columns the pipeline never read are ignored. */
export function applyPipeline(fitted: FittedPipeline, frame: Frame): Frame {
  let current: Frame = { rows: frame.rows, columns: fitted.features.map((name) => {
    const c = frame.columns.find((col) => col.name === name);
    if (!c) throw benchtopError('test_data_schema', { column: name });
    return c;
  }) };
  for (const step of fitted.steps) {
    const def = getStep(step.spec.kind) as StepDef<Record<string, unknown>, unknown>;
    const inputs = step.inputs.map((name) => current.columns.find((c) => c.name === name)!);
    const outputs = def.apply(step.spec as unknown as Record<string, unknown>, step.state, inputs);
    current = replace(current, inputs, outputs);
  }
  return current;
}
