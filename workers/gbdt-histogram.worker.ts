/** A dedicated worker of the GBDT histogram pool, spawned by the studio worker: the host-free core on self. */
import { createHistogramWorker } from '../src/core/models/gbdt/pool/histogram-worker.ts';
import type { PoolRequest } from '../src/core/models/gbdt/pool/protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createHistogramWorker((reply, transfer) => scope.postMessage(reply, transfer ?? []));
scope.onmessage = (e: MessageEvent<PoolRequest>) => handle(e.data);
