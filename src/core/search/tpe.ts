/**
 * Tree-structured Parzen estimator (Bergstra, Bardenet, Bengio & Kégl, 2011). The finished
 * trials are ranked by loss and split at gamma: the best ceil(gamma * n) (at least one) are
 * "good", the rest "bad". Each parameter, visited parents first, gets a density l(x) from its
 * values in the good trials and g(x) from the bad ones, counting only trials in which it was
 * active (that is what makes conditional spaces a tree). `candidates` values are drawn from
 * l, and the one with the largest l(x) / g(x) (the expected-improvement maximiser under this
 * model) is taken. Parameters are modelled independently of each other.
 *
 * The proposer (propose.ts) draws the first `startupTrials` trials at random instead: with
 * fewer observations the densities say little.
 */
import type { Rng } from '../random.ts';
import type { CategoricalParam, ParamSpec, ParamValue, SearchSpace } from '../spec/search-types.ts';
import { categoricalParzen, categoricalSample, numericLogPdf, numericParzen, numericSample } from './parzen.ts';
import { fromInternal, internalBounds, toInternal, type NumericParam } from './prior.ts';
import { buildConfig, canonicalJson, type ParamConfig } from './space.ts';

/** A finished trial as TPE sees it: its values and a loss (lower is better, finite). */
export interface Observation {
  params: Readonly<ParamConfig>;
  loss: number;
}

export interface TpeSettings {
  candidates: number;
  gamma: number;
}

/** Good / bad split: stable sort by loss, so ties keep the trials' order. */
export function splitObservations(obs: readonly Observation[], gamma: number): { good: Observation[]; bad: Observation[] } {
  const ranked = obs.map((o, i) => ({ o, i })).sort((x, y) => x.o.loss - y.o.loss || x.i - y.i).map((x) => x.o);
  const nGood = Math.max(1, Math.ceil(gamma * ranked.length));
  return { good: ranked.slice(0, nGood), bad: ranked.slice(nGood) };
}

function choiceIndex(p: CategoricalParam, v: ParamValue | undefined): number {
  const key = canonicalJson(v);
  return p.choices.findIndex((c) => canonicalJson(c) === key);
}

function proposeCategorical(p: CategoricalParam, good: ParamValue[], bad: ParamValue[], s: TpeSettings, rng: Rng): ParamValue {
  const k = p.choices.length;
  const idx = (vs: ParamValue[]) => vs.map((v) => choiceIndex(p, v)).filter((i) => i >= 0);
  const l = categoricalParzen(idx(good), k);
  const g = categoricalParzen(idx(bad), k);
  let best = -1, bestScore = -Infinity;
  for (let c = 0; c < s.candidates; c++) {
    const i = categoricalSample(l, rng);
    const score = Math.log(l[i]!) - Math.log(g[i]!);
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  return p.choices[best]!;
}

function proposeNumeric(p: NumericParam, good: ParamValue[], bad: ParamValue[], s: TpeSettings, rng: Rng): number {
  const [a, b] = internalBounds(p);
  const xs = (vs: ParamValue[]) => vs.filter((v): v is number => typeof v === 'number' && v >= p.low && v <= p.high).map((v) => toInternal(p, v));
  const l = numericParzen(xs(good), a, b);
  const g = numericParzen(xs(bad), a, b);
  let best = NaN, bestScore = -Infinity;
  for (let c = 0; c < s.candidates; c++) {
    // Integers are scored where they land after rounding, the value the trial will use.
    const v = fromInternal(p, numericSample(l, rng));
    const x = toInternal(p, v);
    const score = numericLogPdf(l, x) - numericLogPdf(g, x);
    if (score > bestScore || Number.isNaN(best)) [best, bestScore] = [v, score];
  }
  return best;
}

/** One TPE proposal from the finished trials' observations; `trialRng` is the trial's own generator. */
export function tpeConfig(space: SearchSpace, observations: readonly Observation[], settings: TpeSettings, trialRng: Rng): ParamConfig {
  const { good, bad } = splitObservations(observations, settings.gamma);
  const valuesOf = (set: Observation[], name: string) => set.filter((o) => name in o.params).map((o) => o.params[name]!);
  return buildConfig(space, (name: string, param: ParamSpec) => {
    const rng = trialRng.fork(name);
    const gv = valuesOf(good, name), bv = valuesOf(bad, name);
    return param.kind === 'categorical' ? proposeCategorical(param, gv, bv, settings, rng) : proposeNumeric(param, gv, bv, settings, rng);
  });
}
