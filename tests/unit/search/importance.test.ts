import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/random.ts';
import { paramImportance } from '../../../src/core/search/importance.ts';
import { randomConfig } from '../../../src/core/search/random-sampler.ts';
import type { SearchSpace } from '../../../src/core/spec/search-types.ts';

const SPACE: SearchSpace = {
  lr: { kind: 'log-uniform', low: 1e-4, high: 1 },
  opt: { kind: 'categorical', choices: ['a', 'b', 'c'] },
  noise: { kind: 'uniform', low: 0, high: 1 },
  depth: { kind: 'int', low: 0, high: 3 },
  width: { kind: 'int', low: 4, high: 64, when: { param: 'depth', gt: 0 } },
};

function trials(n: number, seed: number, f: (p: Record<string, unknown>, r: number) => number) {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const params = randomConfig(SPACE, rng.fork(`t${i}`));
    return { params, score: f(params, rng.normal()) };
  });
}

describe('paramImportance', () => {
  it('puts the parameter that drives the score first and the irrelevant ones near zero', () => {
    const t = trials(200, 1, (p, e) => 3 * Math.log10(p.lr as number) + (p.opt === 'b' ? 2 : 0) + 0.3 * e);
    const imp = Object.fromEntries(paramImportance(SPACE, t).map((x) => [x.param, x.importance]));
    expect(paramImportance(SPACE, t)[0]!.param).toBe('lr');
    expect(imp.lr).toBeGreaterThan(0.6);
    expect(imp.opt).toBeGreaterThan(0.05);
    expect(imp.noise).toBeLessThan(0.03);
    expect(imp.depth).toBeLessThan(0.03);
    // Shares of independent parameters stay within the total variance.
    expect(Object.values(imp).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1.05);
  });

  it('sees a conditional parameter matter through being active or not', () => {
    const t = trials(200, 2, (p, e) => (p.width === undefined ? 0 : 1 + (p.width as number) / 32) + 0.1 * e);
    const imp = Object.fromEntries(paramImportance(SPACE, t).map((x) => [x.param, x.importance]));
    expect(imp.width).toBeGreaterThan(0.8);
    expect(imp.lr).toBeLessThan(0.05);
  });

  it('is zero when scores do not vary or trials are too few', () => {
    expect(paramImportance(SPACE, trials(30, 3, () => 1)).every((x) => x.importance === 0)).toBe(true);
    expect(paramImportance(SPACE, trials(2, 3, (p) => p.lr as number)).every((x) => x.importance === 0)).toBe(true);
  });
});
