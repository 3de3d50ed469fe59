/**
 * Each parameter's prior, and the internal scale samplers work on: numbers on a line (the log
 * line for log-uniform and log integers), integers widened by half a step on each side so
 * every integer owns an equal stretch of it, then rounded back.
 */
import type { CategoricalParam, IntParam, LogUniformParam, ParamSpec, ParamValue, UniformParam } from '../spec/search-types.ts';
import type { Rng } from '../random.ts';

export type NumericParam = UniformParam | LogUniformParam | IntParam;

const isLog = (p: NumericParam): boolean => p.kind === 'log-uniform' || (p.kind === 'int' && p.log === true);

/** [a, b] on the internal scale. */
export function internalBounds(p: NumericParam): [number, number] {
  const [lo, hi] = p.kind === 'int' ? [p.low - 0.5, p.high + 0.5] : [p.low, p.high];
  // A log integer from 1 widens to 0.5: still positive.
  return isLog(p) ? [Math.log(lo), Math.log(hi)] : [lo, hi];
}

export function toInternal(p: NumericParam, v: number): number {
  return isLog(p) ? Math.log(v) : v;
}

/** Back to the parameter's own scale: exponentiated, rounded and clamped for integers. */
export function fromInternal(p: NumericParam, x: number): number {
  const v = isLog(p) ? Math.exp(x) : x;
  if (p.kind === 'int') return Math.min(p.high, Math.max(p.low, Math.round(v)));
  // exp(log(high)) can land an ulp outside the range.
  return Math.min(p.high, Math.max(p.low, v));
}

export function sampleCategorical(p: CategoricalParam, rng: Rng): ParamValue {
  return p.choices[rng.int(p.choices.length)]!;
}

/** One draw from the parameter's prior. */
export function samplePrior(p: ParamSpec, rng: Rng): ParamValue {
  if (p.kind === 'categorical') return sampleCategorical(p, rng);
  const [a, b] = internalBounds(p);
  return fromInternal(p, a + rng.next() * (b - a));
}
