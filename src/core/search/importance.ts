/**
 * Parameter importance: the share of the variance of the trials' scores that each parameter
 * explains on its own, the first-order (main-effect) terms of a functional ANOVA, estimated
 * from the trials themselves. Trials are grouped by the parameter's value (each choice of a
 * categorical; up to five equal-count bins of a number, on its log scale where it is drawn
 * so; "inactive" as a group of its own for conditional parameters), and the between-group
 * share of the variance is corrected for the groups' number (epsilon squared:
 * (SS_between - (k - 1) MS_within) / SS_total, clamped to [0, 1]) so a parameter that does
 * not matter scores near 0 rather than the k/n noise floor.
 *
 * Under random or grid search the parameters vary independently and the shares add up to at
 * most about 1 (the rest is interactions and noise). TPE concentrates its trials, which
 * correlates the parameters: read the shares as a ranking then.
 */
import type { ParamValue, SearchSpace } from '../spec/search-types.ts';
import { toInternal } from './prior.ts';
import { canonicalJson, type ParamConfig } from './space.ts';
import type { ParamImportance } from './types.ts';

const MAX_BINS = 5;

function groupKeys(values: (ParamValue | undefined)[], numeric: ((v: number) => number) | undefined): string[] {
  if (!numeric) return values.map((v) => (v === undefined ? 'inactive' : canonicalJson(v)));
  const active = values.map((v, i) => ({ x: typeof v === 'number' ? numeric(v) : NaN, i })).filter((e) => !Number.isNaN(e.x)).sort((a, b) => a.x - b.x);
  const distinct = new Set(active.map((e) => e.x)).size;
  const bins = Math.max(1, Math.min(MAX_BINS, distinct, Math.floor(active.length / 2)));
  const keys = values.map(() => 'inactive');
  let binOfPrev = -1, prev = NaN;
  active.forEach((e, rank) => {
    // Equal values share a bin.
    const bin = e.x === prev ? binOfPrev : Math.floor((rank * bins) / active.length);
    keys[e.i] = `bin${bin}`;
    binOfPrev = bin;
    prev = e.x;
  });
  return keys;
}

export function paramImportance(space: SearchSpace, trials: readonly { params: Readonly<ParamConfig>; score: number }[]): ParamImportance[] {
  const scores = trials.map((t) => t.score);
  const n = scores.length;
  const mean = scores.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const ssTotal = scores.reduce((a, s) => a + (s - mean) ** 2, 0);
  const out = Object.keys(space)
    .sort()
    .map((param): ParamImportance => {
      const p = space[param]!;
      const keys = groupKeys(
        trials.map((t) => t.params[param]),
        p.kind === 'categorical' ? undefined : (v) => toInternal(p, v),
      );
      const groups = new Map<string, number[]>();
      keys.forEach((k, i) => groups.set(k, [...(groups.get(k) ?? []), scores[i]!]));
      const k = groups.size;
      if (n < 3 || ssTotal <= 0 || k < 2 || n - k < 1) return { param, importance: 0, trials: n };
      let ssBetween = 0;
      for (const g of groups.values()) {
        const m = g.reduce((a, b) => a + b, 0) / g.length;
        ssBetween += g.length * (m - mean) ** 2;
      }
      const msWithin = (ssTotal - ssBetween) / (n - k);
      const share = (ssBetween - (k - 1) * msWithin) / ssTotal;
      return { param, importance: Math.min(1, Math.max(0, share)), trials: n };
    });
  return out.sort((a, b) => b.importance - a.importance || (a.param < b.param ? -1 : 1));
}
