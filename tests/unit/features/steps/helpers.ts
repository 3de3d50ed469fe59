import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { FrameColumn, LabelColumn, NumericColumn } from '../../../../src/core/features/frame.ts';
import type { StepContext, StepDef } from '../../../../src/core/features/step.ts';
import { createRng } from '../../../../src/core/random.ts';

export function fixture<T = Record<string, unknown>>(name: string): T {
  const url = new URL(`../../../fixtures/sklearn-features/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as T;
}

/** null in fixtures = NaN */
export const nums = (xs: readonly (number | null)[]): Float64Array => Float64Array.from(xs, (v) => (v === null ? Number.NaN : v));

export const num = (name: string, xs: readonly (number | null)[], source: NumericColumn['source'] = 'numeric'): NumericColumn => ({
  name,
  type: 'numeric',
  source,
  values: nums(xs),
});

export const lab = (name: string, xs: readonly (string | null)[], source: LabelColumn['source'] = 'categorical'): LabelColumn => ({
  name,
  type: 'label',
  source,
  values: [...xs],
});

export const ctx = (over: Partial<StepContext> = {}): StepContext => ({ rng: createRng(7), task: 'regression', k: 1, ...over });

/** Relative tolerance 1e-9 (absolute near 0); NaN must match NaN. */
export function close(actual: ArrayLike<number>, expected: readonly (number | null)[], tol = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i]!;
    if (e === null || e === undefined) {
      expect(Number.isNaN(a), `index ${i}: expected NaN, got ${a}`).toBe(true);
      continue;
    }
    expect(Math.abs(a - e), `index ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
  }
}

export function run<P, S>(step: StepDef<P, S>, params: Partial<P>, train: FrameColumn[], test: FrameColumn[] = train, c: StepContext = ctx()) {
  const p = step.defaults(params);
  const state = step.fit(p, train, c);
  return { p, state, train: step.apply(p, state, train), test: step.apply(p, state, test) };
}

export const byName = (cols: FrameColumn[], name: string): FrameColumn => {
  const c = cols.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name} in ${cols.map((x) => x.name).join(', ')}`);
  return c;
};

export const values = (c: FrameColumn): number[] => {
  if (c.type !== 'numeric') throw new Error(`${c.name} is labels`);
  return [...c.values];
};
