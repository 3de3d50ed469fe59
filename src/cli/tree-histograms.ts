import type { HistogramBuilderFactory } from '../core/models/gbdt/histogram.ts';
import { poolWhenLarge } from '../core/models/gbdt/pool-when-large.ts';
import { nodeHistogramPool } from './gbdt-pool.ts';

/** Tree models in the CLI: worker threads on every core once the table is big enough. */
export const treeHistograms = (): HistogramBuilderFactory => poolWhenLarge(nodeHistogramPool());
