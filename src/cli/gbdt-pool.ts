/**
 * GBDT histograms on every core of the machine running the CLI: worker threads, sharing the
 * binned data through SharedArrayBuffer (always allowed in Node).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HistogramBuilderFactory } from '../core/models/gbdt/histogram.ts';
import { poolFactory } from '../core/models/gbdt/pool/pool-factory.ts';
import type { PoolPort, PoolReply } from '../core/models/gbdt/pool/protocol.ts';

export interface NodePoolOptions {
  /** false: copy bins, gradients and rows as a browser without cross-origin isolation must (tests). */
  shared?: boolean;
  /** See PoolOptions.inlineBelow. */
  inlineBelow?: number;
  /** false: `threads` workers while this thread waits; by default this thread is one of the `threads` (shared mode only). */
  callerWorks?: boolean;
  /** How a worker thread starts (tests count them). */
  spawn?: () => Worker;
}

const WORKER_URL = new URL('./gbdt-histogram-worker.mjs', import.meta.url);

function nodePort(worker: Worker): PoolPort {
  let terminated = false;
  // A failure before the pool listens (a worker started by a warm-up) waits for it here.
  let early: string | undefined;
  let report: (reason: string) => void = (reason) => void (early ??= reason);
  worker.on('error', (e) => report(e.message));
  worker.on('exit', (code) => {
    if (!terminated) report(`a worker thread exited (code ${code})`);
  });
  // Idle workers do not keep the process alive; the pool holds them while it waits for a reply.
  worker.unref();
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    listen(onReply, onError) {
      worker.on('message', (reply: PoolReply) => onReply(reply));
      report = onError;
      if (early !== undefined) onError(early);
    },
    hold: (busy) => (busy ? worker.ref() : worker.unref()),
    terminate() {
      terminated = true;
      void worker.terminate();
    },
  };
}

export function nodeHistogramPool(threads = availableParallelism(), options: NodePoolOptions = {}): HistogramBuilderFactory {
  const shared = options.shared ?? true;
  const callerWorks = shared && options.callerWorks !== false;
  const workers = Math.max(callerWorks ? 0 : 1, threads - (callerWorks ? 1 : 0));
  const spawn = options.spawn ?? (() => new Worker(WORKER_URL));
  return poolFactory(() => nodePort(spawn()), workers, { shared, inlineBelow: options.inlineBelow, callerWorks });
}
