/**
 * The locked final test set is never seen during a search: every fit the search makes is
 * recorded (fitAndEvaluate is wrapped), and the locked rows must appear in exactly one, the
 * final refit, as its test rows. Nested CV likewise keeps each outer test fold out of its
 * inner search.
 */
import { describe, expect, it, vi } from 'vitest';
import type { EncodedTarget } from '../../../src/core/train/encode-target.ts';

interface Call {
  phase: string;
  train: Set<number>;
  test: Set<number>;
}
const calls: Call[] = [];
let phase = 'none';

vi.mock('../../../src/core/train/run-experiment.ts', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../../src/core/train/run-experiment.ts')>();
  const rowsOf = (target: EncodedTarget, positions: Int32Array) => new Set(Array.from(positions, (p) => target.rows[p]!));
  return {
    ...mod,
    fitAndEvaluate: (...args: Parameters<typeof mod.fitAndEvaluate>) => {
      const [, target, train, , testTarget, test] = args;
      calls.push({ phase, train: rowsOf(target, train), test: rowsOf(testTarget, test) });
      return mod.fitAndEvaluate(...args);
    },
  };
});

const { neverCancelled } = await import('../../../src/core/jobs.ts');
const { runSearch } = await import('../../../src/core/search/run-search.ts');
const { outerFolds } = await import('../../../src/core/search/evaluate-trial.ts');
const { plan } = await import('../../../src/core/spec/plan.ts');
const { encodeTarget } = await import('../../../src/core/train/encode-target.ts');
const { makeSplits } = await import('../../../src/core/train/make-splits.ts');
const { blobsCsv, fromText } = await import('../../helpers/datasets.ts');
const { cpuTf } = await import('../../helpers/tf.ts');

const overlap = (a: Set<number>, b: Set<number>) => [...a].filter((x) => b.has(x)).length;
const same = (a: Set<number>, b: Set<number>) => a.size === b.size && overlap(a, b) === a.size;

describe('the locked final test set during a search', () => {
  it('is never fitted or scored by a trial (nor by nested CV), and is scored once on the final refit', async () => {
    const ds = await fromText(blobsCsv(150, 8, 1.5));
    const spec = {
      version: 1 as const, target: 'label', model: { kind: 'knn' as const }, split: { kind: 'kfold' as const, k: 3, finalTest: 0.2 }, seed: 2,
      search: { strategy: 'random' as const, trials: 3, nestedCv: { outer: 3 }, space: { 'model.k': { kind: 'int' as const, low: 1, high: 30 } } },
    };
    const planned = plan(spec, ds);
    const target = encodeTarget(ds.table, planned.target, planned.task);
    const locked = new Set(Array.from(makeSplits(planned, ds.table, target).finalTest!.test, (p) => target.rows[p]!));
    expect(locked.size).toBe(30);
    const outer = outerFolds(ds, planned, 3);
    const outerTests = outer.folds.map((f) => new Set(Array.from(f.test, (p) => outer.target.rows[p]!)));

    const result = await runSearch(ds, spec, {
      tf: await cpuTf(),
      cancel: neverCancelled,
      onEvent: (e) => {
        if (e.type === 'phase') phase = e.phase === 'nested' ? `nested${e.outer}` : e.phase;
      },
    });

    const searchCalls = calls.filter((c) => c.phase === 'search');
    expect(searchCalls).toHaveLength(3 * 3);
    for (const c of searchCalls) {
      expect(overlap(c.train, locked)).toBe(0);
      expect(overlap(c.test, locked)).toBe(0);
    }
    const finalCalls = calls.filter((c) => c.phase === 'final-test');
    expect(finalCalls).toHaveLength(1);
    expect(same(finalCalls[0]!.test, locked)).toBe(true);
    expect(overlap(finalCalls[0]!.train, locked)).toBe(0);
    expect(finalCalls[0]!.train.size).toBe(120);
    expect(result.finalTest!.rows).toBe(30);
    // Only the final refit ever touched a locked row.
    expect(calls.filter((c) => overlap(c.train, locked) + overlap(c.test, locked) > 0)).toHaveLength(1);

    // Nested CV: each outer fold's inner search never sees its outer test rows; its pick is scored on them once.
    for (let o = 0; o < 3; o++) {
      const mine = calls.filter((c) => c.phase === `nested${o}`);
      expect(mine).toHaveLength(3 * 3 + 1);
      const scoredOnOuter = mine.filter((c) => overlap(c.test, outerTests[o]!) > 0);
      expect(scoredOnOuter).toHaveLength(1);
      expect(same(scoredOnOuter[0]!.test, outerTests[o]!)).toBe(true);
      for (const c of mine) {
        expect(overlap(c.train, outerTests[o]!)).toBe(0);
        expect(overlap(c.train, locked) + overlap(c.test, locked)).toBe(0);
      }
    }
    expect(result.nested!.folds).toHaveLength(3);
    expect(result.nested!.mean).toBeCloseTo(result.nested!.folds.reduce((s, f) => s + f.score, 0) / 3, 12);
    expect(result.state.trials.filter((t) => t.outer !== undefined)).toHaveLength(9);
  });

  it('is not scored again when a finished search is resumed', async () => {
    const ds = await fromText(blobsCsv(150, 8, 1.5));
    const spec = {
      version: 1 as const, target: 'label', model: { kind: 'knn' as const }, split: { kind: 'kfold' as const, k: 3, finalTest: 0.2 },
      search: { strategy: 'random' as const, trials: 3, space: { 'model.k': { kind: 'int' as const, low: 1, high: 30 } } },
    };
    const tf = await cpuTf();
    const first = await runSearch(ds, spec, { tf, cancel: neverCancelled });
    calls.length = 0;
    const again = await runSearch(ds, spec, { tf, cancel: neverCancelled, resume: JSON.parse(JSON.stringify(first.state)) });
    expect(calls).toHaveLength(0);
    expect(again.finalTest).toEqual(first.finalTest);
    expect(again.best!.params).toEqual(first.best!.params);
  });
});
