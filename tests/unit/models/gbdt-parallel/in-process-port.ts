/**
 * A PoolPort that runs the worker core on this thread, so partitioning over many workers can be
 * tested without threads. Messages are structured-cloned as postMessage would (copy mode then
 * really copies; SharedArrayBuffers stay shared) and delivered asynchronously.
 */
import { createHistogramWorker } from '../../../../src/core/models/gbdt/pool/histogram-worker.ts';
import type { PoolPort, PoolReply, PoolRequest } from '../../../../src/core/models/gbdt/pool/protocol.ts';

export interface InProcessPort extends PoolPort {
  received: PoolRequest[];
  terminated: boolean;
  crash(reason: string): void;
}

export function inProcessPort(): InProcessPort {
  let onReply: (r: PoolReply) => void = () => {};
  let onError: (reason: string) => void = () => {};
  const handle = createHistogramWorker((reply, transfer) => {
    const copy = structuredClone(reply, { transfer });
    setTimeout(() => onReply(copy), 0);
  });
  const port: InProcessPort = {
    received: [],
    terminated: false,
    sameThread: true,
    post(message, transfer) {
      const copy = structuredClone(message, { transfer });
      port.received.push(copy);
      setTimeout(() => {
        if (!port.terminated) handle(copy);
      }, 0);
    },
    listen(r, e) {
      onReply = r;
      onError = e;
    },
    terminate() {
      port.terminated = true;
    },
    crash(reason) {
      port.terminated = true;
      onError(reason);
    },
  };
  return port;
}
