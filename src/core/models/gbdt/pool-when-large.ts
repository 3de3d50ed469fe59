/**
 * When a pool of histogram workers pays off. Starting workers and one message round trip per
 * node cost a few hundred milliseconds per fit and ~0.1 ms per node; on the small tables most
 * studio runs use, that is more than the whole fit on this thread. Both builders give
 * bitwise-identical histograms, so the choice changes speed only, never the trees.
 */
import { cpuHistograms } from './cpu-histograms.ts';
import type { HistogramBuilderFactory } from './histogram.ts';

/** Binned cells (rows x features) from which the pool is used: about a quarter of a second of single-thread histogram work. */
export const POOL_MIN_CELLS = 2_000_000;

export function poolWhenLarge(pool: HistogramBuilderFactory, minCells = POOL_MIN_CELLS): HistogramBuilderFactory {
  const choose: HistogramBuilderFactory = (matrix) => (matrix.n * matrix.d >= minCells ? pool(matrix) : cpuHistograms(matrix));
  choose.warm = (cells) => {
    if (cells >= minCells) pool.warm?.(cells);
  };
  return choose;
}
