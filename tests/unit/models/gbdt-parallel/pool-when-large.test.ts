/**
 * poolWhenLarge: the pool for big tables, this thread for small ones, and a warm-up passed on
 * only when the pool will be used.
 */
import { describe, expect, it } from 'vitest';
import type { BinnedMatrix, HistogramBuilderFactory } from '../../../../src/core/models/gbdt/histogram.ts';
import { poolWhenLarge } from '../../../../src/core/models/gbdt/pool-when-large.ts';

function fakePool() {
  const calls = { built: 0, warmed: [] as number[] };
  const pool: HistogramBuilderFactory = () => {
    calls.built++;
    return { name: 'fake-pool', prepare() {}, setGradients() {}, build() {}, dispose() {} };
  };
  pool.warm = (cells) => void calls.warmed.push(cells);
  return { pool, calls };
}

const matrix = (n: number, d: number): BinnedMatrix => ({ n, d, bins: new Uint8Array(0), binCount: new Uint16Array(d) });

describe('poolWhenLarge', () => {
  it('uses the pool from minCells on, this thread below', async () => {
    const { pool, calls } = fakePool();
    const choose = poolWhenLarge(pool, 1000);
    expect((await choose(matrix(10, 99))).name).toBe('cpu');
    expect((await choose(matrix(10, 100))).name).toBe('fake-pool');
    expect(calls.built).toBe(1);
  });

  it('passes a warm-up on only for a table the pool will build', () => {
    const { pool, calls } = fakePool();
    const choose = poolWhenLarge(pool, 1000);
    choose.warm!(999);
    expect(calls.warmed).toEqual([]);
    choose.warm!(5000);
    expect(calls.warmed).toEqual([5000]);
  });
});
