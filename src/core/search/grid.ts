/**
 * Grid search: every combination of the parameters' grid values, conditional parameters
 * taking part only where they are active (so "units" is not crossed with "layers = 0").
 */
import { benchtopError } from '../errors.ts';
import { shuffleInPlace, type Rng } from '../random.ts';
import type { ParamSpec, ParamValue, SearchSpace } from '../spec/search-types.ts';
import { isActive, paramOrder, type ParamConfig } from './space.ts';

/** Grids larger than this are refused: enumerate a smaller grid or use random / tpe search. */
export const MAX_GRID_POINTS = 100_000;

/** The values a parameter takes on the grid. Continuous parameters need `steps`. */
export function gridValues(name: string, p: ParamSpec): ParamValue[] {
  if (p.kind === 'categorical') return p.choices;
  if (p.kind === 'int' && p.steps === undefined) return Array.from({ length: p.high - p.low + 1 }, (_, i) => p.low + i);
  if (p.steps === undefined)
    throw benchtopError('spec_invalid', { field: `search.space.${name}.steps`, reason: `grid search needs "steps" on a ${p.kind} parameter (how many values from low to high)` });
  const log = p.kind === 'log-uniform' || (p.kind === 'int' && p.log === true);
  const [a, b] = log ? [Math.log(p.low), Math.log(p.high)] : [p.low, p.high];
  const values: number[] = [];
  for (let i = 0; i < p.steps; i++) {
    const x = i === p.steps - 1 ? b : a + ((b - a) * i) / (p.steps - 1);
    const raw = log ? Math.exp(x) : x;
    const v = Math.min(p.high, Math.max(p.low, p.kind === 'int' ? Math.round(raw) : raw));
    if (!values.includes(v)) values.push(v);
  }
  return values;
}

/** Every grid point in a fixed order (parameters in paramOrder, values as listed). */
export function gridPoints(space: SearchSpace): ParamConfig[] {
  const order = paramOrder(space);
  const values = new Map(order.map((n) => [n, gridValues(n, space[n]!)]));
  let points: ParamConfig[] = [{}];
  for (const name of order) {
    const next: ParamConfig[] = [];
    for (const pt of points) {
      if (!isActive(space, name, pt)) next.push(pt);
      else for (const v of values.get(name)!) next.push({ ...pt, [name]: v });
      if (next.length > MAX_GRID_POINTS)
        throw benchtopError('spec_invalid', { field: 'search.space', reason: `the grid has more than ${MAX_GRID_POINTS.toLocaleString('en-US')} points; use fewer steps or choices, or random / tpe search` });
    }
    points = next;
  }
  return points;
}

/**
 * The grid in the order a search runs it: shuffled with the search's generator, so a trial cap
 * or a time budget that stops it early has tried an unbiased subset, not one corner.
 */
export function gridOrder(space: SearchSpace, rng: Rng): ParamConfig[] {
  return shuffleInPlace(gridPoints(space), rng) as ParamConfig[];
}
