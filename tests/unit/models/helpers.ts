import type { FitContext } from '../../../src/core/models/types.ts';
import { neverCancelled } from '../../../src/core/jobs.ts';
import { createRng } from '../../../src/core/random.ts';
import { normalize } from '../../../src/core/spec/normalize.ts';
import { cpuTf } from '../../helpers/tf.ts';

/** A fit context on the cpu tf backend with a fixed seed. */
export async function fitCtx(task: FitContext['task'], seed = 1): Promise<FitContext> {
  return {
    tf: await cpuTf(),
    task,
    rng: createRng(seed),
    cancel: neverCancelled,
    training: normalize({ version: 1, target: 'y' }).training as FitContext['training'],
  };
}

/** n*d standard-normal features from a seeded generator. */
export function randomMatrix(n: number, d: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * d }, () => rng.normal());
}
