/**
 * Untrusted specs (links, imported bundles, CLI --params) are parsed against the JSON Schema
 * generated from the ExperimentSpec type, never trusted. The first violation becomes a
 * spec_invalid error naming the field.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { benchtopError } from '../errors.ts';
import schema from './experiment-spec.schema.json' with { type: 'json' };
import type { ExperimentSpec } from './types.ts';

const ajv = new Ajv({ allErrors: false, strict: false, discriminator: true });
const validate = ajv.compile<ExperimentSpec>(schema);

export function parseSpec(input: unknown): ExperimentSpec {
  if (input && typeof input === 'object' && 'version' in input && input.version !== 1)
    throw benchtopError('spec_unsupported_version', { version: String(input.version) });
  if (validate(input)) return input;
  throw benchtopError('spec_invalid', describe(validate.errors?.[0]));
}

function describe(err: ErrorObject | undefined): { field: string; reason: string } {
  if (!err) return { field: '(root)', reason: 'not a valid experiment spec' };
  const path = err.instancePath.split('/').slice(1).join('.') || '(root)';
  if (err.keyword === 'additionalProperties')
    return { field: path, reason: `unknown property "${String(err.params.additionalProperty)}"` };
  if (err.keyword === 'discriminator')
    return { field: `${path}.kind`, reason: `must be one of the known kinds (${String(err.params.tagValue ?? 'missing')} is not)` };
  if (err.keyword === 'required') return { field: path, reason: `missing required property "${String(err.params.missingProperty)}"` };
  return { field: path, reason: err.message ?? 'invalid value' };
}
