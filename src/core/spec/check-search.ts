/**
 * Checks a search space before anything runs, so a typo fails at once with the field named
 * instead of as a failed trial an hour in: bounds and choices, conditions (known parameters,
 * values the parent can take, no cycles), grid steps, ASHA's resource, and every parameter
 * path, by writing boundary values into the experiment (with the conditions that make the
 * parameter active) and validating the result against the spec's JSON Schema.
 */
import { benchtopError, isBenchtopError } from '../errors.ts';
import { gridPoints } from '../search/grid.ts';
import { canonicalJson, paramOrder } from '../search/space.ts';
import { applyParams } from './apply-params.ts';
import { normalize } from './normalize.ts';
import { ashaResourceField, normalizeSearch } from './normalize-search.ts';
import type { ParamSpec, ParamValue, SearchSpace } from './search-types.ts';
import type { ExperimentSpec, ModelSpec } from './types.ts';

/** Validates a whole spec against the JSON Schema, throwing spec_invalid (parse.ts's validator). */
export type SchemaCheck = (input: unknown) => ExperimentSpec;

const invalid = (field: string, reason: string) => benchtopError('spec_invalid', { field, reason });
const show = (v: ParamValue) => JSON.stringify(v);

function checkParam(name: string, p: ParamSpec): void {
  const field = `search.space.${name}`;
  if (p.kind === 'categorical') {
    const seen = new Set<string>();
    for (const c of p.choices) {
      const key = canonicalJson(c);
      if (seen.has(key)) throw invalid(`${field}.choices`, `${show(c)} is listed twice`);
      seen.add(key);
    }
    return;
  }
  if (!Number.isFinite(p.low) || !Number.isFinite(p.high)) throw invalid(field, 'low and high must be finite numbers');
  if (!(p.low < p.high)) throw invalid(field, `low (${p.low}) must be below high (${p.high})`);
  if (p.kind === 'int' && p.log && p.low < 1) throw invalid(`${field}.low`, 'a log-scale integer needs low >= 1');
}

/** The numeric values a parameter can take, for checking `gt` conditions on it. */
function largest(p: ParamSpec): number | undefined {
  if (p.kind !== 'categorical') return p.high;
  const nums = p.choices.filter((c): c is number => typeof c === 'number');
  return nums.length ? nums.reduce((a, b) => Math.max(a, b)) : undefined;
}

function canTake(p: ParamSpec, v: ParamValue): boolean {
  if (p.kind === 'categorical') return p.choices.some((c) => canonicalJson(c) === canonicalJson(v));
  if (typeof v !== 'number' || v < p.low || v > p.high) return false;
  return p.kind !== 'int' || Number.isInteger(v);
}

function checkConditions(space: SearchSpace): void {
  for (const name of Object.keys(space).sort()) {
    const when = space[name]!.when;
    if (!when) continue;
    const field = `search.space.${name}.when`;
    const parent = space[when.param];
    if (when.param === name) throw invalid(field, 'a parameter cannot depend on itself');
    if (!parent) throw invalid(field, `"${when.param}" is not a parameter of the space`);
    if ('in' in when) {
      const bad = when.in.find((v) => !canTake(parent, v));
      if (bad !== undefined) throw invalid(field, `"${when.param}" never takes ${show(bad)}`);
    } else {
      const top = largest(parent);
      if (top === undefined) throw invalid(field, `"${when.param}" is not numeric; use "in" with its choices`);
      if (!(when.gt < top)) throw invalid(field, `"${when.param}" is never above ${when.gt}, so "${name}" would never apply`);
    }
  }
  const ordered = new Set(paramOrder(space));
  const stuck = Object.keys(space).sort().find((n) => !ordered.has(n));
  if (stuck) throw invalid(`search.space.${stuck}.when`, 'the conditions form a cycle');
}

/** Values that make `name` active: its ancestors set to values satisfying each condition. */
function witness(space: SearchSpace, name: string): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  let when = space[name]!.when;
  while (when) {
    const parent = space[when.param]!;
    out[when.param] = 'in' in when ? when.in[0]! : parent.kind === 'int' ? parent.high : largest(parent)!;
    when = parent.when;
  }
  return out;
}

function valuesToTry(p: ParamSpec): ParamValue[] {
  return p.kind === 'categorical' ? p.choices.slice(0, 50) : [p.low, p.high];
}

/** `prefix.kind` parameters that `name` lives under (e.g. model.kind for model.rounds) and does not depend on. */
function kindsAbove(space: SearchSpace, name: string, assumed: Record<string, ParamValue>): string[] {
  return Object.keys(space).filter((k) => k.endsWith('.kind') && k !== name && name.startsWith(k.slice(0, -'kind'.length)) && !(k in assumed));
}

function checkPaths(spec: ExperimentSpec, space: SearchSpace, schemaCheck: SchemaCheck): void {
  const { search: _search, ...rest } = spec;
  const base = normalize(rest);
  for (const name of paramOrder(space)) {
    const p = space[name]!;
    const assumed = witness(space, name);
    const contexts: Record<string, ParamValue>[] = [assumed];
    for (const k of kindsAbove(space, name, assumed)) {
      const kp = space[k]!;
      if (kp.kind === 'categorical') contexts.push(...kp.choices.map((c) => ({ ...assumed, [k]: c })));
    }
    for (const ctx of contexts) {
      for (const v of valuesToTry(p)) {
        try {
          schemaCheck(applyParams(base, { ...ctx, [name]: v }));
        } catch (e) {
          if (!isBenchtopError(e) || e.code !== 'spec_invalid') throw e;
          if (e.location.field?.startsWith('search.')) throw e;
          const given = Object.entries(ctx).map(([k, x]) => `${k} = ${show(x)}`);
          const kinds = Object.keys(ctx).filter((k) => k.endsWith('.kind') && !(k in assumed));
          const hint = kinds.length ? ` (make it conditional: "when": {"param": "${kinds[0]}", "in": [...]})` : '';
          const why = e.message.replace(/^The experiment spec is invalid at .+?: /, '').replace(/\.$/, '');
          throw invalid(`search.space.${name}`, `${name} = ${show(v)}${given.length ? ` with ${given.join(', ')}` : ''} makes the spec invalid at ${e.location.field}${hint}: ${why}`);
        }
      }
    }
  }
}

function checkAsha(spec: ExperimentSpec, space: SearchSpace): void {
  const model: ModelSpec = spec.model ?? { kind: 'mlp' };
  const kinds = space['model.kind']?.kind === 'categorical' ? (space['model.kind'].choices as ModelSpec['kind'][]) : [model.kind];
  for (const kind of kinds) {
    const field = ashaResourceField(kind);
    if (!field)
      throw invalid('search.strategy', `asha stops trials early by training length; "${kind}" has none (use mlp, logistic, gbdt or random-forest, or another strategy)`);
    if (`model.${field}` in space) throw invalid(`search.space.model.${field}`, `asha sets ${field} itself (its rungs); search the other parameters`);
  }
  const a = spec.search?.asha;
  if (a?.minResource !== undefined && a.maxResource !== undefined && a.minResource > a.maxResource)
    throw invalid('search.asha.minResource', `minResource ${a.minResource} is above maxResource ${a.maxResource}`);
}

/** Throws spec_invalid (naming the field) if the spec's search cannot run. A spec without one passes. */
export function checkSearch(spec: ExperimentSpec, schemaCheck: SchemaCheck): void {
  if (!spec.search) return;
  const search = normalizeSearch(spec.search);
  const space = search.space;
  if (Object.keys(space).length === 0) throw invalid('search.space', 'the space is empty; add at least one parameter');
  for (const name of Object.keys(space).sort()) checkParam(name, space[name]!);
  checkConditions(space);
  if (search.strategy === 'grid') gridPoints(space);
  if (search.strategy === 'asha') checkAsha(spec, space);
  checkPaths(spec, space, schemaCheck);
}
