/** A Node worker thread of the GBDT histogram pool: the host-free worker core on parentPort. */
import { parentPort } from 'node:worker_threads';
import { createHistogramWorker } from '../core/models/gbdt/pool/histogram-worker.ts';
import type { PoolRequest } from '../core/models/gbdt/pool/protocol.ts';

const port = parentPort;
if (!port) throw new Error('gbdt-histogram-worker must run as a worker thread');
const handle = createHistogramWorker((reply, transfer) => port.postMessage(reply, transfer));
port.on('message', (m: PoolRequest) => handle(m));
