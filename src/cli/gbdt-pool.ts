/**
 * GBDT histograms on every core of the machine running the CLI: worker threads, sharing the
 * binned data through SharedArrayBuffer (always allowed in Node).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HistogramBuilderFactory } from '../core/models/gbdt/histogram.ts';
import { createPoolBuilder } from '../core/models/gbdt/pool/create-pool-builder.ts';
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
  // Idle workers do not keep the process alive; the pool holds them while it waits for a reply.
  worker.unref();
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    listen(onReply, onError) {
      worker.on('message', (reply: PoolReply) => onReply(reply));
      worker.on('error', (e) => onError(e.message));
      worker.on('exit', (code) => {
        if (!terminated) onError(`a worker thread exited (code ${code})`);
      });
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
  // Workers started by warm() and not yet handed to a pool, with what happened to them meanwhile.
  const spare: { worker: Worker; failed: boolean }[] = [];
  let dropSpare: ReturnType<typeof setTimeout> | undefined;

  const factory: HistogramBuilderFactory = async (matrix) => {
    clearTimeout(dropSpare);
    const ready = spare.splice(0).filter((s) => {
      if (s.failed) void s.worker.terminate();
      return !s.failed;
    });
    const started = ready.map((s) => s.worker).slice(0, workers);
    while (started.length < workers) started.push(spawn());
    // The pool attaches its listeners in this same turn, so no event of a warm worker is lost.
    const ports = started.map(nodePort);
    const builder = createPoolBuilder(ports, { shared, inlineBelow: options.inlineBelow, callerWorks });
    try {
      await builder.prepare(matrix);
    } catch (e) {
      builder.dispose();
      throw e;
    }
    return builder;
  };
  factory.warm = () => {
    while (spare.length < workers) {
      const worker = spawn();
      // Unreferenced until a pool takes it, so a warm-up nobody uses cannot keep the CLI alive.
      worker.unref();
      const s = { worker, failed: false };
      worker.once('error', () => (s.failed = true));
      worker.once('exit', () => (s.failed = true));
      spare.push(s);
    }
    // A fit that failed while binning never asks: its workers go after a while.
    clearTimeout(dropSpare);
    dropSpare = setTimeout(() => {
      for (const s of spare.splice(0)) void s.worker.terminate();
    }, 60_000);
    dropSpare.unref?.();
  };
  return factory;
}
