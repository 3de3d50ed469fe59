/**
 * Random search: every active parameter drawn from its prior. Each parameter draws from its own
 * generator (forked by name from the trial's), so adding a parameter to a space leaves the
 * other parameters' draws as they were.
 */
import type { Rng } from '../random.ts';
import type { SearchSpace } from '../spec/search-types.ts';
import { samplePrior } from './prior.ts';
import { buildConfig, type ParamConfig } from './space.ts';

export function randomConfig(space: SearchSpace, trialRng: Rng): ParamConfig {
  return buildConfig(space, (name, param) => samplePrior(param, trialRng.fork(name)));
}
