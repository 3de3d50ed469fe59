/**
 * The HistogramBuilderFactory of a worker pool, whatever hosts its workers (Node worker threads
 * in the CLI, nested Web Workers in the studio): a pool per fit, prepared before it is handed
 * over, and a warm-up that starts the workers while the fit bins its table. Starting a worker
 * and loading its code takes a few hundred milliseconds (about 205 ms measured in the CLI), which
 * would otherwise sit between binning and the first histogram.
 */
import type { HistogramBuilderFactory } from '../histogram.ts';
import { createPoolBuilder, type PoolOptions } from './create-pool-builder.ts';
import type { PoolPort } from './protocol.ts';

/** How long workers started by a warm-up wait for the fit that asked (one that failed while binning never does). */
const SPARE_MS = 60_000;

/**
 * `start` starts one worker and returns its port: a port must report a failure that happens
 * before the pool listens once it does, and must not keep its host alive while idle.
 */
export function poolFactory(start: () => PoolPort, workers: number, options: PoolOptions): HistogramBuilderFactory {
  let spare: PoolPort[] = [];
  let dropSpare: ReturnType<typeof setTimeout> | undefined;

  const factory: HistogramBuilderFactory = async (matrix) => {
    clearTimeout(dropSpare);
    const ports = spare.splice(0, workers);
    while (ports.length < workers) ports.push(start());
    const builder = createPoolBuilder(ports, options);
    try {
      await builder.prepare(matrix);
    } catch (e) {
      builder.dispose();
      throw e;
    }
    return builder;
  };

  factory.warm = () => {
    while (spare.length < workers) spare.push(start());
    clearTimeout(dropSpare);
    dropSpare = setTimeout(() => {
      for (const port of spare) port.terminate();
      spare = [];
    }, SPARE_MS);
    (dropSpare as { unref?: () => void }).unref?.();
  };
  return factory;
}
