/**
 * Untrusted specs (links, imported bundles, CLI --params) are parsed against the JSON Schema
 * generated from the ExperimentSpec type, never trusted. The first violation becomes a
 * spec_invalid error naming the field. The schema is compiled ahead of time (`npm run schema`):
 * compiling it here would need `new Function`, which the studio's Content-Security-Policy forbids.
 */
import { benchtopError } from '../errors.ts';
import { checkSearch } from './check-search.ts';
// The pipeline is 'auto' | steps[]; validateSteps checks a list of steps on its own, so a bad step is
// not reported against the 'auto' branch.
import { STEP_KINDS, validateSpec as validate, validateSteps, type SpecValidationError } from './spec-validators.generated.js';
import type { ExperimentSpec } from './types.ts';

export function parseSpec(input: unknown): ExperimentSpec {
  const spec = parseAgainstSchema(input);
  // A search space names fields of the spec itself: each is checked by writing values into the spec and parsing that.
  checkSearch(spec, parseAgainstSchema);
  return spec;
}

function parseAgainstSchema(input: unknown): ExperimentSpec {
  if (input && typeof input === 'object' && 'version' in input && input.version !== 1)
    throw benchtopError('spec_unsupported_version', { version: String(input.version) });
  if (validate(input)) return input as ExperimentSpec;
  const pipeline = input && typeof input === 'object' && 'pipeline' in input ? input.pipeline : undefined;
  if (Array.isArray(pipeline) && !validateSteps(pipeline)) {
    const err = validateSteps.errors?.[0];
    const d = describe(err);
    const at = err?.instancePath.split('/')[1];
    const bad = at !== undefined ? (pipeline[Number(at)] as { kind?: unknown } | undefined)?.kind : undefined;
    if (err?.keyword === 'discriminator' || (typeof bad === 'string' && !STEP_KINDS.includes(bad)))
      throw benchtopError('spec_invalid', { field: `pipeline.${at}.kind`, reason: `unknown step "${String(bad)}"; use one of ${STEP_KINDS.join(', ')}` });
    throw benchtopError('spec_invalid', { field: d.field === '(root)' ? 'pipeline' : `pipeline.${d.field}`, reason: d.reason });
  }
  throw benchtopError('spec_invalid', describe(validate.errors?.[0]));
}

function describe(err: SpecValidationError | undefined): { field: string; reason: string } {
  if (!err) return { field: '(root)', reason: 'not a valid experiment spec' };
  const path = err.instancePath.split('/').slice(1).join('.') || '(root)';
  if (err.keyword === 'additionalProperties')
    return { field: path, reason: `unknown property "${String(err.params.additionalProperty)}"` };
  if (err.keyword === 'discriminator')
    return { field: `${path}.kind`, reason: `must be one of the known kinds (${String(err.params.tagValue ?? 'missing')} is not)` };
  if (err.keyword === 'required') return { field: path, reason: `missing required property "${String(err.params.missingProperty)}"` };
  return { field: path, reason: err.message ?? 'invalid value' };
}
