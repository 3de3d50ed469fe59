import { expect } from 'vitest';
import type { ClassificationData } from '../../../src/core/evaluate/types.ts';

/** Relative 1e-10 (absolute 1e-12 around zero): tight enough to catch a formula slip, loose enough for summation order. */
export function expectClose(actual: number, expected: number, rel = 1e-10): void {
  if (Number.isNaN(expected)) {
    expect(actual).toBeNaN();
    return;
  }
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(rel * Math.abs(expected), 1e-12));
}

/**
 * doctest ELLIPSIS semantics: "0.21616..." means Python's repr starts with 0.21616. JS and
 * Python both print the shortest round-trip decimal, so String(x) is the same text.
 */
export function expectRepr(actual: number, pattern: string): void {
  const re = new RegExp(`^${pattern.split('...').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  expect(String(actual)).toMatch(re);
}

/** Rows of probabilities -> ClassificationData. */
export function fromRows(yTrue: number[], rows: number[][]): ClassificationData {
  const k = rows[0]?.length ?? 2;
  return { yTrue: Int32Array.from(yTrue), proba: Float64Array.from(rows.flat()), k };
}

/** Hard predictions -> one-hot proba, so label-based sklearn examples run through the argmax path. */
export function fromLabels(yTrue: number[], yPred: number[], k: number): ClassificationData {
  return fromRows(
    yTrue,
    yPred.map((p) => Array.from({ length: k }, (_, c) => (c === p ? 1 : 0))),
  );
}

/** Binary scores -> proba rows [1 - s, s]. */
export function fromScores(yTrue: number[], scores: number[]): ClassificationData {
  return fromRows(
    yTrue,
    scores.map((s) => [1 - s, s]),
  );
}
