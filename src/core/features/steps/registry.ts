/**
 * The feature-step registry: spec `kind` (kebab-case) -> StepDef. Steps are looked up by this
 * string, never by class or function name (minification renames those).
 */
import type { StepKind } from '../../spec/pipeline-types.ts';
import type { StepDef } from '../step.ts';
import { bin } from './bin.ts';
import { datetimeParts } from './datetime-parts.ts';
import { drop } from './drop.ts';
import { hashing } from './hashing.ts';
import { impute } from './impute.ts';
import { interactions } from './interactions.ts';
import { oneHot } from './one-hot.ts';
import { ordinal } from './ordinal.ts';
import { scale } from './scale.ts';
import { selectFeatures } from './select-features.ts';
import { targetEncode } from './target-encode.ts';
import { text } from './text.ts';
import { transform } from './transform.ts';
import { invalid } from './util.ts';

// Each step is typed by its own params/state; the registry erases them to the common StepDef.
const steps: Record<StepKind, StepDef> = {
  impute: impute as unknown as StepDef,
  scale: scale as unknown as StepDef,
  transform: transform as unknown as StepDef,
  'one-hot': oneHot as unknown as StepDef,
  ordinal: ordinal as unknown as StepDef,
  hashing: hashing as unknown as StepDef,
  'target-encode': targetEncode as unknown as StepDef,
  'datetime-parts': datetimeParts as unknown as StepDef,
  bin: bin as unknown as StepDef,
  text: text as unknown as StepDef,
  interactions: interactions as unknown as StepDef,
  drop: drop as unknown as StepDef,
  'select-features': selectFeatures as unknown as StepDef,
};

/** The step registered under `kind`; a spec error for an unknown kind. */
export function getStep(kind: string): StepDef {
  if (!Object.hasOwn(steps, kind)) throw invalid('steps.kind', `unknown step "${kind}"; use one of ${stepKinds().join(', ')}`);
  return steps[kind as StepKind];
}

/** Every registered kind, in spec order. */
export function stepKinds(): StepKind[] {
  return Object.keys(steps) as StepKind[];
}
