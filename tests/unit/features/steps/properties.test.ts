/** Properties every step must hold: apply never throws on unseen labels / NaN / empty frames; state is plain JSON; inputs untouched. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FrameColumn } from '../../../../src/core/features/frame.ts';
import { getStep } from '../../../../src/core/features/steps/registry.ts';
import { createRng } from '../../../../src/core/random.ts';

type Values = (number | string | null)[];
const numArb: fc.Arbitrary<Values> = fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(Number.NaN)), { minLength: 3, maxLength: 30 });
const labArb: fc.Arbitrary<Values> = fc.array(fc.oneof(fc.constantFrom('a', 'b', 'c', 'great movie', 'bad plot ok'), fc.string(), fc.constant(null)), { minLength: 3, maxLength: 30 });

const cases: { kind: string; params: Record<string, unknown>; type: 'numeric' | 'label'; source?: 'datetime' | 'text' }[] = [
  { kind: 'impute', params: {}, type: 'numeric' },
  { kind: 'impute', params: { strategy: 'most-frequent' }, type: 'label' },
  ...(['standard', 'min-max', 'robust', 'max-abs'] as const).map((method) => ({ kind: 'scale', params: { method }, type: 'numeric' as const })),
  { kind: 'transform', params: { method: 'yeo-johnson' }, type: 'numeric' },
  { kind: 'transform', params: { method: 'quantile-normal' }, type: 'numeric' },
  { kind: 'one-hot', params: { minFrequency: 2 }, type: 'label' },
  { kind: 'ordinal', params: {}, type: 'label' },
  { kind: 'hashing', params: { width: 5 }, type: 'label' },
  { kind: 'target-encode', params: { folds: 3 }, type: 'label' },
  { kind: 'datetime-parts', params: {}, type: 'numeric', source: 'datetime' },
  { kind: 'bin', params: { encode: 'one-hot' }, type: 'numeric' },
  { kind: 'bin', params: { strategy: 'uniform' }, type: 'numeric' },
  { kind: 'text', params: { width: 4 }, type: 'label', source: 'text' },
  { kind: 'text', params: { method: 'hashing', width: 4 }, type: 'label', source: 'text' },
  { kind: 'interactions', params: {}, type: 'numeric' },
  { kind: 'select-features', params: { method: 'mutual-info', k: 1 }, type: 'numeric' },
];

function column(c: (typeof cases)[number], xs: (number | string | null)[]): FrameColumn {
  if (c.type === 'numeric') return { name: 'x', type: 'numeric', source: c.source ?? 'numeric', values: Float64Array.from(xs as number[], (v) => (c.source === 'datetime' ? Math.round(v) * 1e3 : v)) };
  return { name: 'x', type: 'label', source: c.source ?? 'categorical', values: xs as (string | null)[] };
}

const snapshot = (cols: FrameColumn[]) => cols.map((c) => ({ ...c, values: Array.from(c.values as ArrayLike<unknown>) }));

describe.each(cases.map((c) => [`${c.kind} ${JSON.stringify(c.params)}`, c] as const))('%s', (_, c) => {
  const step = getStep(c.kind);
  const p = step.defaults(c.params);
  it('apply survives unseen values, NaN and empty frames; state round-trips through JSON; inputs untouched', () => {
    fc.assert(
      fc.property(c.type === 'numeric' ? numArb : labArb, c.type === 'numeric' ? numArb : labArb, (train, test) => {
        const trainCols = [column(c, train), { ...column(c, train.slice().reverse()), name: 'y' }];
        const testCols = [column(c, test), { ...column(c, test), name: 'y' }];
        const before = snapshot(trainCols);
        const y = Float64Array.from(train, (_, i) => i % 2);
        let state: unknown;
        try {
          state = step.fit(p, trainCols, { rng: createRng(1), task: 'binary', k: 2, y });
        } catch (e) {
          // select-features may legitimately keep nothing; everything else must fit
          if (c.kind === 'select-features') return;
          throw e;
        }
        expect(snapshot(trainCols)).toEqual(before);
        const json = JSON.stringify(state);
        expect(json).not.toMatch(/NaN|Infinity/);
        const revived = JSON.parse(json) as unknown;
        expect(revived).toEqual(state);
        const a = step.apply(p, state, testCols);
        const b = step.apply(p, revived, testCols);
        expect(snapshot(b)).toEqual(snapshot(a));
        for (const col of a) expect(col.values.length).toBe(test.length);
        const empty = step.apply(p, revived, [column(c, []), { ...column(c, []), name: 'y' }]);
        for (const col of empty) expect(col.values.length).toBe(0);
      }),
      // Pinned: -0 training values once gave a fill of -0, which JSON writes as 0 (found by CI).
      { numRuns: 40, ...(c.type === 'numeric' ? { examples: [[[-0, -0, Number.NaN], [Number.NaN, 0, Number.NaN]]] as [number[], number[]][] } : {}) },
    );
  });
  it('fit sees only the rows it is given: the same rows give the same state whatever else exists', () => {
    const train = c.type === 'numeric' ? [1, 5, Number.NaN, 2, 9, 4] : ['a', 'b', null, 'a', 'c', 'b'];
    const y = Float64Array.from([0, 1, 0, 1, 1, 0]);
    const fit = () => step.fit(p, [column(c, train), { ...column(c, train), name: 'y' }], { rng: createRng(1), task: 'binary', k: 2, y });
    const s1 = JSON.stringify(fit());
    step.apply(p, JSON.parse(s1), [column(c, c.type === 'numeric' ? [1e9, -1e9] : ['zzz', null]), { ...column(c, []), name: 'y' }].slice(0, 2));
    expect(JSON.stringify(fit())).toBe(s1);
  });
});
