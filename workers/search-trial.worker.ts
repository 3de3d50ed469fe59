/**
 * A dedicated worker of the search's trial pool, spawned by the studio worker: the host-free
 * trial runner on self. Trials run on the cpu backend: several workers each opening a WebGPU
 * device would fight over one GPU, and tree and neighbour models do not use tfjs at all.
 */
import { createTrialWorker, type TrialPoolRequest } from '../src/core/search/trial-worker.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createTrialWorker(
  (reply) => scope.postMessage(reply),
  async () => {
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    await tf.ready();
    return tf;
  },
);
scope.onmessage = (e: MessageEvent<TrialPoolRequest>) => void handle(e.data);
