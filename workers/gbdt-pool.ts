/**
 * GBDT histograms on every core in the browser: nested dedicated workers spawned by the studio
 * worker. They share bins and gradients through SharedArrayBuffer when the page is
 * cross-origin isolated (COOP/COEP headers), and fall back to copying otherwise.
 */
import type { HistogramBuilderFactory } from '../src/core/models/gbdt/histogram.ts';
import { poolFactory } from '../src/core/models/gbdt/pool/pool-factory.ts';
import type { PoolPort, PoolReply } from '../src/core/models/gbdt/pool/protocol.ts';

export interface BrowserPoolOptions {
  /** Force a sharing mode; by default shared exactly when the page is cross-origin isolated. */
  shared?: boolean;
  inlineBelow?: number;
}

function browserPort(worker: Worker): PoolPort {
  let terminated = false;
  // A failure before the pool listens (a worker started by a warm-up) waits for it here.
  let early: string | undefined;
  let report: (reason: string) => void = (reason) => void (early ??= reason);
  // A module that fails to load or a worker that throws outside a build; the message may be empty.
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    if (!terminated) report(e.message || 'a histogram worker failed to start');
  };
  worker.onmessageerror = () => report('a histogram worker could not read a message');
  return {
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    listen(onReply, onError) {
      worker.onmessage = (e: MessageEvent<PoolReply>) => onReply(e.data);
      report = onError;
      if (early !== undefined) onError(early);
    },
    terminate() {
      terminated = true;
      worker.terminate();
    },
  };
}

export function sharedMemoryAvailable(): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

export function browserHistogramPool(
  threads = globalThis.navigator?.hardwareConcurrency ?? 2,
  options: BrowserPoolOptions = {},
): HistogramBuilderFactory {
  const shared = options.shared ?? sharedMemoryAvailable();
  // With shared memory the studio worker (never the page's thread) builds a share itself, so
  // `threads` cores need one worker fewer.
  const workers = shared ? Math.max(0, threads - 1) : Math.max(1, threads);
  let k = 0;
  const start = () => browserPort(new Worker(new URL('./gbdt-histogram.worker.ts', import.meta.url), { type: 'module', name: `gbdt-histogram-${k++}` }));
  return poolFactory(start, workers, { shared, inlineBelow: options.inlineBelow, callerWorks: shared });
}
