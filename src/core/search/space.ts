/**
 * The structure of a search space: which parameters depend on which (conditions), the order
 * samplers visit them in, and which are active in a given configuration.
 */
import type { ParamCondition, ParamSpec, ParamValue, SearchSpace } from '../spec/search-types.ts';

/** One trial's values: active parameters only. */
export type ParamConfig = Record<string, ParamValue>;

/** JSON with sorted object keys: equal values give equal strings. */
export function canonicalJson(v: ParamValue | undefined): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
}

export function conditionHolds(cond: ParamCondition, value: ParamValue | undefined): boolean {
  if (value === undefined) return false;
  if ('in' in cond) {
    const key = canonicalJson(value);
    return cond.in.some((c) => canonicalJson(c) === key);
  }
  return typeof value === 'number' && value > cond.gt;
}

/**
 * Parents before children, and alphabetical among those ready: the order (and so every draw)
 * does not depend on how the space's keys happen to be listed. Parameters caught in a cycle or
 * hanging off an unknown parameter are left out (checkSearch reports them).
 */
export function paramOrder(space: SearchSpace): string[] {
  const names = Object.keys(space).sort();
  const placed = new Set<string>();
  const order: string[] = [];
  for (;;) {
    const next = names.find((n) => !placed.has(n) && (space[n]!.when === undefined || placed.has(space[n]!.when!.param)));
    if (next === undefined) return order;
    placed.add(next);
    order.push(next);
  }
}

/** Whether `name` applies given the values chosen so far (its parent active and matching). */
export function isActive(space: SearchSpace, name: string, config: Readonly<ParamConfig>): boolean {
  const when = space[name]?.when;
  if (!when) return true;
  return when.param in config && conditionHolds(when, config[when.param]);
}

/**
 * Builds a configuration parameter by parameter in paramOrder, skipping inactive ones; `draw`
 * picks each active parameter's value knowing the ones already chosen.
 */
export function buildConfig(space: SearchSpace, draw: (name: string, param: ParamSpec, partial: Readonly<ParamConfig>) => ParamValue): ParamConfig {
  const config: ParamConfig = {};
  for (const name of paramOrder(space)) {
    if (isActive(space, name, config)) config[name] = draw(name, space[name]!, config);
  }
  return config;
}

/** Same configuration: same active parameters with equal values. */
export function sameConfig(a: Readonly<ParamConfig>, b: Readonly<ParamConfig>): boolean {
  const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && canonicalJson(a[k]) === canonicalJson(b[k]));
}
