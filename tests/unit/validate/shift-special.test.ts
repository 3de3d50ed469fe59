import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chiSquaredSf as chi2Sf } from '../../../src/core/stats/distributions.ts';
import { logGamma, regularizedGammaQ as gammaQ } from '../../../src/core/stats/special-functions.ts';
import { kolmogornSf, kolmogorovSf, smirnovSf } from '../../../src/core/validate/shift/kolmogorov.ts';

interface Special {
  chi2: { x: number; dof: number; sf: number }[];
  kstwo: { n: number; d: number; sf: number }[];
  kolmogorov: { z: number; sf: number }[];
  smirnov: { n: number; d: number; sf: number }[];
  logGamma: { x: number; value: number }[];
}
const fx = JSON.parse(readFileSync(new URL('../../fixtures/validate/shift-special.json', import.meta.url), 'utf8')) as Special;

/** Absolute 1e-9 for probabilities, plus relative agreement where the value is far below that. */
function expectProbability(actual: number, expected: number, rel = 1e-8): void {
  expect(Math.abs(actual - expected)).toBeLessThan(1e-9);
  if (expected > 0 && expected < 1e-6) expect(Math.abs(actual / expected - 1)).toBeLessThan(rel);
}

describe('log gamma', () => {
  it('matches scipy.special.gammaln', () => {
    for (const { x, value } of fx.logGamma) expect(Math.abs(logGamma(x) - value)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(value)));
  });
});

describe('chi-squared survival function', () => {
  it('matches scipy.stats.chi2.sf on a grid of x and degrees of freedom', () => {
    expect(fx.chi2.length).toBeGreaterThan(90);
    for (const { x, dof, sf } of fx.chi2) expectProbability(chi2Sf(x, dof), sf, 1e-9);
  });

  it('behaves at the edges: no statistic, an infinite one, invalid degrees of freedom', () => {
    expect(gammaQ(2, 0)).toBe(1);
    expect(gammaQ(2, Infinity)).toBe(0);
    expect(() => gammaQ(-1, 1)).toThrow(RangeError);
    expect(chi2Sf(0, 3)).toBe(1);
    expect(() => chi2Sf(1, 0)).toThrow(RangeError);
  });
});

describe('Kolmogorov-Smirnov distributions', () => {
  it('limiting distribution matches scipy.special.kolmogorov on both sides of the series switch', () => {
    for (const { z, sf } of fx.kolmogorov) expectProbability(kolmogorovSf(z), sf, 1e-10);
  });

  it('one-sided exact distribution matches scipy.special.smirnov', () => {
    for (const { n, d, sf } of fx.smirnov) expectProbability(smirnovSf(n, d), sf, 1e-9);
  });

  it('finite-n two-sided distribution matches scipy.stats.kstwo.sf in every computing region', () => {
    expect(fx.kstwo.length).toBeGreaterThan(300);
    const worst = { diff: 0, at: '' };
    for (const { n, d, sf } of fx.kstwo) {
      const got = kolmogornSf(n, d);
      const diff = Math.abs(got - sf);
      if (diff > worst.diff) Object.assign(worst, { diff, at: `n=${n} d=${d} got ${got} want ${sf}` });
    }
    expect(worst.diff, worst.at).toBeLessThan(1e-9);
    for (const { n, d, sf } of fx.kstwo) if (sf > 0 && sf < 1e-6) expect(Math.abs(kolmogornSf(n, d) / sf - 1), `n=${n} d=${d}`).toBeLessThan(1e-8);
  });

  it('has the closed-form ends', () => {
    expect(kolmogornSf(10, 0)).toBe(1);
    expect(kolmogornSf(10, 1)).toBe(0);
    expect(kolmogornSf(10, 0.04)).toBe(1); // n d <= 1/2: D_n is always at least 1/(2n)
    expect(Number.isNaN(kolmogornSf(2.5, 0.1))).toBe(true);
  });
});
