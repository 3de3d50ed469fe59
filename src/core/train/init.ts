import type { Rng } from '../random.ts';

/**
 * Seeded uniform initialisers computed in JS from our generator, so the same seed gives the
 * same starting weights on every backend. He uniform (limit sqrt(6/fanIn)) suits ReLU-like
 * activations; Glorot uniform (limit sqrt(6/(fanIn+fanOut))) suits tanh/sigmoid and outputs.
 */
export function initialWeights(fanIn: number, fanOut: number, scheme: 'he' | 'glorot', rng: Rng): Float32Array {
  const limit = scheme === 'he' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = (2 * rng.next() - 1) * limit;
  return w;
}
