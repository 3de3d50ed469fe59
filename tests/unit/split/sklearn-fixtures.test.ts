import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBenchtopError } from '../../../src/core/errors.ts';
import {
  groupKFold,
  kFold,
  stratifiedGroupKFold,
  stratifiedKFold,
  timeSeriesSplit,
  type Fold,
} from '../../../src/core/split/index.ts';
import { numpyArgsort } from '../../../src/core/split/numpy-argsort.ts';

// Written by scripts/fixtures/splits.py from scikit-learn 1.2.1 / numpy 1.24.
const dir = join(import.meta.dirname, '../../fixtures/sklearn-splits');

interface Fixture {
  name: string;
  splitter: string;
  source: string;
  inputs: Record<string, unknown>;
  folds?: { train: number[]; test: number[] }[];
  error?: string;
  warnings: string[];
}

const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && f !== 'numpy_argsort.json')
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture);

function run(fx: Fixture, warnings: string[]): Fold[] {
  const i = fx.inputs;
  const k = i.k as number;
  const onWarning = (m: string) => warnings.push(m);
  switch (fx.splitter) {
    case 'k-fold':
      return kFold(i.n as number, k);
    case 'stratified-k-fold':
      return stratifiedKFold(Int32Array.from(i.y as number[]), k, { onWarning });
    case 'group-k-fold':
      return groupKFold((i.groups as unknown[]).map(String), k);
    case 'stratified-group-k-fold':
      return stratifiedGroupKFold(Int32Array.from(i.y as number[]), (i.groups as unknown[]).map(String), k, { onWarning });
    case 'time-series-split':
      return timeSeriesSplit(i.n as number, k, {
        gap: i.gap as number,
        ...(i.maxTrainSize != null ? { maxTrainSize: i.maxTrainSize as number } : {}),
        ...(i.testSize != null ? { testSize: i.testSize as number } : {}),
      });
    default:
      throw new Error(`unknown splitter ${fx.splitter}`);
  }
}

describe('matches scikit-learn folds exactly', () => {
  it('has fixtures for every splitter', () => {
    const kinds = new Set(fixtures.map((f) => f.splitter));
    expect([...kinds].sort()).toEqual(['group-k-fold', 'k-fold', 'stratified-group-k-fold', 'stratified-k-fold', 'time-series-split']);
  });

  for (const fx of fixtures) {
    it(fx.name, () => {
      const warnings: string[] = [];
      if (fx.error) {
        let thrown: unknown;
        try {
          run(fx, warnings);
        } catch (e) {
          thrown = e;
        }
        expect(isBenchtopError(thrown), `sklearn raised: ${fx.error}`).toBe(true);
        return;
      }
      const folds = run(fx, warnings).map((f) => ({ train: [...f.train], test: [...f.test] }));
      expect(folds).toEqual(fx.folds);
      // sklearn's UserWarnings (class smaller than k) surface through onWarning, reworded
      expect(warnings.length).toBe(fx.warnings.length);
    });
  }
});

describe('numpyArgsort', () => {
  const { cases } = JSON.parse(readFileSync(join(dir, 'numpy_argsort.json'), 'utf8')) as {
    cases: { values: number[]; order: number[] }[];
  };
  it.each(cases.map((c) => [c.values.length, c] as const))('matches np.argsort tie order (n=%i)', (_, c) => {
    expect([...numpyArgsort(c.values)]).toEqual(c.order);
  });

  it('sorts ascending on inputs big enough to reach the heapsort fallback path shapes', () => {
    const v = Array.from({ length: 3000 }, (_, i) => (i * 7919) % 13);
    const o = numpyArgsort(v);
    for (let i = 1; i < o.length; i++) expect(v[o[i]!]!).toBeGreaterThanOrEqual(v[o[i - 1]!]!);
    expect(new Set(o).size).toBe(3000);
  });
});
