/**
 * The pool's doorbell (protocol.ts): a worker that answered a shared build says so in shared
 * memory, and the pool, spinning for it, settles the build from there without waiting for the
 * reply's message. Here the worker runs inside post() and its build replies never arrive, so
 * only the doorbell can finish a build.
 */
import { describe, expect, it } from 'vitest';
import { SLOT_SIZE } from '../../../../src/core/models/gbdt/histogram.ts';
import { createPoolBuilder } from '../../../../src/core/models/gbdt/pool/create-pool-builder.ts';
import { createHistogramWorker } from '../../../../src/core/models/gbdt/pool/histogram-worker.ts';
import type { PoolPort, PoolReply } from '../../../../src/core/models/gbdt/pool/protocol.ts';
import { createRng, randomGradients, randomJob, randomMatrix, referenceHistogram, sameBits } from './data.ts';

/** A worker on this thread, run as each message is posted; build replies are swallowed. */
function silentBuildsPort(): PoolPort & { swallowed: number } {
  let onReply: (r: PoolReply) => void = () => {};
  const handle = createHistogramWorker((reply) => {
    if (reply.type === 'done' && reply.ms !== undefined) {
      port.swallowed++;
      return;
    }
    setTimeout(() => onReply(reply), 0);
  });
  const port = {
    swallowed: 0,
    post: (message: Parameters<PoolPort['post']>[0]) => handle(message),
    listen(r: (reply: PoolReply) => void) {
      onReply = r;
    },
    terminate() {},
  };
  return port;
}

describe('pool doorbell', () => {
  it('settles shared builds from the doorbell, with the same histograms', async () => {
    const rng = createRng(31);
    const m = randomMatrix(1200, 7, rng);
    const port = silentBuildsPort();
    const pool = createPoolBuilder([port], { shared: true, inlineBelow: 0, callerWorks: true });
    await pool.prepare(m);
    for (let round = 0; round < 2; round++) {
      const g = randomGradients(m.n, rng);
      await pool.setGradients(g.grad, g.hess);
      for (let b = 0; b < 3; b++) {
        const job = randomJob(m, g, rng);
        const out = new Float64Array(job.features.length * SLOT_SIZE);
        await pool.build(job, out);
        expect(sameBits(out, referenceHistogram(m, job))).toBe(true);
      }
    }
    // the worker built a share of every build, and none of its replies reached the pool
    expect(port.swallowed).toBe(6);
    pool.dispose();
  });
});
