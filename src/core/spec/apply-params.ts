/**
 * A search trial is the experiment with the trial's values written into it: each dotted path
 * of the search space names a field under `model`, `pipeline` or `training`. The input spec is
 * never mutated; the result is re-planned like any spec, so an invalid combination fails the way
 * a hand-written spec would.
 */
import { benchtopError } from '../errors.ts';
import type { ParamValue } from './search-types.ts';
import type { ExperimentSpec } from './types.ts';

/** Paths a search may set: what the model is, how its features are made, and how it trains. */
export const SEARCHABLE_ROOTS = ['model', 'pipeline', 'training'] as const;

/** Shorthands for an MLP's hiddenLayers: `layers` copies of `units` (see SearchSpace). */
const LAYERS = 'model.layers';
const UNITS = 'model.units';

type Json = ParamValue | undefined;

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** `kind` paths first (they reset their object), shallower paths before deeper ones, then by name. */
function applyOrder(paths: string[]): string[] {
  const rank = (p: string) => (p.endsWith('.kind') ? 0 : 1);
  const depth = (p: string) => p.split('.').length;
  return [...paths].sort((a, b) => depth(a) - depth(b) || rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Write `value` at `path`; a missing or mistyped container on the way is the caller's spec_invalid. */
function setPath(root: Record<string, Json>, path: string, value: ParamValue): void {
  const keys = path.split('.');
  let node: Json = root as ParamValue;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i]!;
    let next: Json = Array.isArray(node) ? node[Number(key)] : (node as Record<string, Json>)[key];
    // An optional section left out (training, earlyStopping) starts empty; the schema then judges the field.
    if (next === undefined && !Array.isArray(node) && !/^\d+$/.test(keys[i + 1]!)) next = (node as Record<string, Json>)[key] = {};
    if (next === undefined || next === null || typeof next !== 'object') {
      const at = prefix(keys, i);
      const why =
        at === 'pipeline' && next === 'auto'
          ? 'the pipeline is "auto"; list the steps (e.g. from the plan) to search over their settings'
          : `"${at}" is ${next === undefined ? 'not set' : `${JSON.stringify(next)}, not an object or list`}`;
      throw benchtopError('spec_invalid', { field: `search.space.${path}`, reason: why });
    }
    if (Array.isArray(next) && !(/^\d+$/.test(keys[i + 1]!) && Number(keys[i + 1]) < next.length))
      throw benchtopError('spec_invalid', { field: `search.space.${path}`, reason: `"${prefix(keys, i)}" has ${next.length} entries; "${keys[i + 1]}" is not a position in it` });
    node = next;
  }
  const last = keys[keys.length - 1]!;
  const container = node as Record<string, Json> | Json[];
  if (last === 'kind' && !Array.isArray(container)) {
    // A new kind starts the object afresh: the old kind's fields would not fit it.
    for (const k of Object.keys(container)) delete container[k];
  }
  if (Array.isArray(container)) container[Number(last)] = clone(value);
  else container[last] = clone(value);
}

const prefix = (keys: string[], i: number) => keys.slice(0, i + 1).join('.');

/**
 * The spec with every parameter of `params` set. Paths outside SEARCHABLE_ROOTS, and paths
 * through fields that are not there, throw spec_invalid naming the parameter.
 */
export function applyParams(spec: ExperimentSpec, params: Readonly<Record<string, ParamValue>>): ExperimentSpec {
  const out = clone(spec) as unknown as Record<string, Json>;
  out.model ??= { kind: 'mlp' };
  const paths = Object.keys(params).filter((p) => p !== LAYERS && p !== UNITS);
  for (const path of applyOrder(paths)) {
    const root = path.split('.')[0]!;
    if (!(SEARCHABLE_ROOTS as readonly string[]).includes(root))
      throw benchtopError('spec_invalid', { field: `search.space.${path}`, reason: `only fields under ${SEARCHABLE_ROOTS.join(', ')} can be searched` });
    if (path === 'model' || path === 'training')
      throw benchtopError('spec_invalid', { field: `search.space.${path}`, reason: `search a field of ${path} (e.g. ${path}.${path === 'model' ? 'kind' : 'validationFraction'}), not the whole object` });
    if (path === 'pipeline') out.pipeline = clone(params[path]!);
    else setPath(out, path, params[path]!);
  }
  if (LAYERS in params || UNITS in params) {
    const model = out.model as Record<string, Json>;
    if (model.kind !== 'mlp')
      throw benchtopError('spec_invalid', { field: `search.space.${LAYERS in params ? LAYERS : UNITS}`, reason: `model.layers and model.units shape an mlp's hidden layers; the model is "${String(model.kind)}"` });
    const current = Array.isArray(model.hiddenLayers) ? (model.hiddenLayers as number[]) : [64, 32];
    const layers = LAYERS in params ? params[LAYERS] : current.length;
    const units = UNITS in params ? params[UNITS] : (current[0] ?? 64);
    if (typeof layers !== 'number' || typeof units !== 'number')
      throw benchtopError('spec_invalid', { field: 'search.space.model.layers', reason: 'model.layers and model.units must be numbers' });
    model.hiddenLayers = Array.from({ length: layers }, () => units);
  }
  return out as unknown as ExperimentSpec;
}
