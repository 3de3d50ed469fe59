/**
 * The pool builder over in-process workers: every partition of features over 1..5 workers, in
 * both sharing modes, gives histograms bitwise equal to the single-threaded loop.
 */
import { describe, expect, it } from 'vitest';
import { CancelSource } from '../../../../src/core/jobs.ts';
import { buildHistogram } from '../../../../src/core/models/gbdt/cpu-histograms.ts';
import { boostingLoss } from '../../../../src/core/models/gbdt/boosting-loss.ts';
import { LOSS_BLOCK } from '../../../../src/core/models/gbdt/binary-loss-pass.ts';
import { SLOT_SIZE } from '../../../../src/core/models/gbdt/histogram.ts';
import { createPoolBuilder } from '../../../../src/core/models/gbdt/pool/create-pool-builder.ts';
import { createRng, randomGradients, randomJob, randomMatrix, randomSubset, referenceHistogram, sameBits } from './data.ts';
import { inProcessPort } from './in-process-port.ts';

const modes = [
  { shared: true, label: 'SharedArrayBuffer' },
  { shared: false, label: 'copy' },
];

describe.each(modes)('pool builder ($label)', ({ shared }) => {
  it.each([1, 2, 3, 5])('%i workers: bitwise equal to the reference loop and the CPU builder', async (workers) => {
    const rng = createRng(100 + workers);
    const m = randomMatrix(1500, 9, rng);
    const pool = createPoolBuilder(Array.from({ length: workers }, inProcessPort), { shared, inlineBelow: 0 });
    await pool.prepare(m);
    for (let round = 0; round < 3; round++) {
      const g = randomGradients(m.n, rng);
      await pool.setGradients(g.grad, g.hess);
      for (let b = 0; b < 4; b++) {
        const job = randomJob(m, g, rng);
        const out = new Float64Array(job.features.length * SLOT_SIZE).fill(7); // the builder must zero it
        await pool.build(job, out);
        const ref = referenceHistogram(m, job);
        expect(sameBits(out, ref)).toBe(true);
        const cpu = new Float64Array(out.length);
        buildHistogram(m.bins, m.n, job.rows, job.features, job.grad, job.hess, cpu);
        expect(sameBits(out, cpu)).toBe(true);
        // the count slots are what the row subset says, so the comparison is not vacuous
        let count = 0;
        for (let i = 2; i < SLOT_SIZE; i += 3) count += out[i]!;
        expect(count).toBe(job.rows.length);
      }
    }
    pool.dispose();
  });

  it('passes counts: false to every thread: the sums as counted, the counts left 0', async () => {
    const rng = createRng(8);
    const m = randomMatrix(1800, 8, rng);
    const pool = createPoolBuilder([inProcessPort(), inProcessPort()], { shared, inlineBelow: 0, callerWorks: shared });
    await pool.prepare(m);
    const g = randomGradients(m.n, rng);
    await pool.setGradients(g.grad, g.hess);
    const job = { ...randomJob(m, g, rng), counts: false };
    const out = new Float64Array(job.features.length * SLOT_SIZE).fill(7);
    await pool.build(job, out);
    const ref = referenceHistogram(m, job);
    for (let i = 0; i < out.length; i++) expect(i % 3 === 2 ? out[i] === 0 : Object.is(out[i], ref[i])).toBe(true);
    pool.dispose();
  });

  it('buildMany fills each output with its own node, split over workers by rows x features', async () => {
    const rng = createRng(7);
    const m = randomMatrix(2000, 12, rng);
    const ports = [inProcessPort(), inProcessPort(), inProcessPort()];
    const pool = createPoolBuilder(ports, { shared, inlineBelow: 0 });
    await pool.prepare(m);
    const g = randomGradients(m.n, rng);
    await pool.setGradients(g.grad, g.hess);
    const jobs = [randomJob(m, g, rng), randomJob(m, g, rng), { ...randomJob(m, g, rng), features: Int32Array.of(11) }];
    const outs = jobs.map((j) => new Float64Array(j.features.length * SLOT_SIZE));
    await pool.buildMany!(jobs, outs);
    jobs.forEach((job, j) => expect(sameBits(outs[j]!, referenceHistogram(m, job))).toBe(true));
    const builds = ports.map((p) => p.received.filter((r) => r.type === 'build').length);
    expect(builds.every((b) => b === 1)).toBe(true); // one message per worker for the whole batch
    pool.dispose();
  });

  it('picks up new gradients passed with a job even without setGradients', async () => {
    const rng = createRng(8);
    const m = randomMatrix(800, 5, rng);
    const pool = createPoolBuilder([inProcessPort(), inProcessPort()], { shared, inlineBelow: 0 });
    await pool.prepare(m);
    await pool.setGradients(randomGradients(m.n, rng).grad, randomGradients(m.n, rng).hess);
    const job = randomJob(m, randomGradients(m.n, rng), rng);
    const out = new Float64Array(job.features.length * SLOT_SIZE);
    await pool.build(job, out);
    expect(sameBits(out, referenceHistogram(m, job))).toBe(true);
    pool.dispose();
  });

  it('builds small nodes on the calling thread with the same result and no message', async () => {
    const rng = createRng(9);
    const m = randomMatrix(600, 6, rng);
    const ports = [inProcessPort(), inProcessPort()];
    const pool = createPoolBuilder(ports, { shared, inlineBelow: 1_000_000 });
    await pool.prepare(m);
    const g = randomGradients(m.n, rng);
    await pool.setGradients(g.grad, g.hess);
    const job = randomJob(m, g, rng);
    const out = new Float64Array(job.features.length * SLOT_SIZE);
    await pool.build(job, out);
    expect(sameBits(out, referenceHistogram(m, job))).toBe(true);
    expect(ports.flatMap((p) => p.received).filter((r) => r.type === 'build')).toHaveLength(0);
    pool.dispose();
  });
});

describe('pool builder with the calling thread working too (shared mode)', () => {
  it.each([0, 1, 3])('%i workers + caller: bitwise equal to the reference, gradients refilled in place', async (workers) => {
    const rng = createRng(200 + workers);
    const m = randomMatrix(1800, 11, rng);
    const ports = Array.from({ length: workers }, inProcessPort);
    const pool = createPoolBuilder(ports, { shared: true, inlineBelow: 0, callerWorks: true });
    expect(pool.name).toBe(`workers(${workers})+caller`);
    await pool.prepare(m);
    // One pair of arrays for every round, refilled in place as a boosting fit does.
    const g = randomGradients(m.n, rng);
    for (let round = 0; round < 3; round++) {
      const fresh = randomGradients(m.n, rng);
      g.grad.set(fresh.grad);
      g.hess.set(fresh.hess);
      await pool.setGradients(g.grad, g.hess);
      const jobs = [randomJob(m, g, rng), randomJob(m, g, rng)];
      const outs = jobs.map((j) => new Float64Array(j.features.length * SLOT_SIZE).fill(5));
      await pool.buildMany!(jobs, outs);
      jobs.forEach((job, j) => expect(sameBits(outs[j]!, referenceHistogram(m, job))).toBe(true));
    }
    // Every worker got a share (one message per build), the caller did the rest.
    for (const p of ports) expect(p.received.filter((r) => r.type === 'build')).toHaveLength(3);
    pool.dispose();
  });

  it('copy mode ignores callerWorks: the caller may not read the workers\' memory', () => {
    const pool = createPoolBuilder([inProcessPort()], { shared: false, callerWorks: true });
    expect(pool.name).toBe('workers(1, copy)');
    pool.dispose();
  });
});

describe('binary loss pass over the pool', () => {
  function lossInputs(n: number, seed: number) {
    const rng = createRng(seed);
    const F = Float64Array.from({ length: n }, (_, i) => (i % 101 === 0 ? [0, -0, 40, -40][i % 4]! : rng.normal() * 4));
    const y = Int32Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
    const w = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0.5 + rng.next() * 2 : 1));
    return { F, y, w };
  }

  it.each([1, 2])('%i worker(s) + caller: the loss and every gradient bit for bit as one thread', async (workers) => {
    const n = 4 * LOSS_BLOCK + 12_345;
    const { F, y, w } = lossInputs(n, 50 + workers);
    const m = randomMatrix(n, 2, createRng(1));
    const ports = Array.from({ length: workers }, inProcessPort);
    const pool = createPoolBuilder(ports, { shared: true, callerWorks: true });
    await pool.prepare(m);
    const loss = boostingLoss('log-loss', 'binary', 2);
    const g1 = new Float32Array(n), h1 = new Float32Array(n);
    const one = loss.lossAndGradients!(F, y, w, n, [g1], [h1]);
    for (let round = 0; round < 2; round++) {
      // A second round with new margins: the pool must read the new ones.
      if (round === 1) for (let i = 0; i < n; i += 3) F[i]! += 0.25;
      const want = round === 0 ? one : loss.lossAndGradients!(F, y, w, n, [g1], [h1]);
      const g2 = new Float32Array(n).fill(9), h2 = new Float32Array(n).fill(9);
      const got = await pool.binaryLossPass!(F, y, w, n, g2, h2);
      expect(Object.is(got, want)).toBe(true);
      expect(Buffer.from(g2.buffer).equals(Buffer.from(g1.buffer))).toBe(true);
      expect(Buffer.from(h2.buffer).equals(Buffer.from(h1.buffer))).toBe(true);
    }
    // A third with the round's tree as a step: the margins updated as one thread does.
    const leafOf = Int32Array.from({ length: n }, (_, i) => (i * 7919) % 5);
    const values = Float64Array.of(0.1, -0.3, 0.02, 0, 1.5);
    const F1 = F.slice();
    const want = loss.lossAndGradients!(F1, y, w, n, [g1], [h1], { leafOf, values });
    const g2 = new Float32Array(n), h2 = new Float32Array(n);
    const got = await pool.binaryLossPass!(F, y, w, n, g2, h2, { leafOf, values });
    expect(Object.is(got, want)).toBe(true);
    expect(Buffer.from(F.buffer).equals(Buffer.from(F1.buffer))).toBe(true);
    expect(Buffer.from(g2.buffer).equals(Buffer.from(g1.buffer))).toBe(true);
    for (const p of ports) expect(p.received.filter((r) => r.type === 'binary-loss')).toHaveLength(3);
    pool.dispose();
  });

  it('declines (undefined) where it cannot help: copy mode, no workers, or few rows', async () => {
    const { F, y, w } = lossInputs(5 * LOSS_BLOCK, 3);
    const n = F.length;
    const g = new Float32Array(n), h = new Float32Array(n);
    const cases = [
      createPoolBuilder([inProcessPort()], { shared: false, callerWorks: true }),
      createPoolBuilder([], { shared: true, callerWorks: true }),
      createPoolBuilder([inProcessPort()], { shared: true }),
    ];
    for (const pool of cases) {
      await pool.prepare(randomMatrix(n, 1, createRng(2)));
      expect(await pool.binaryLossPass!(F, y, w, n, g, h)).toBeUndefined();
      pool.dispose();
    }
    const small = createPoolBuilder([inProcessPort()], { shared: true, callerWorks: true });
    await small.prepare(randomMatrix(1000, 1, createRng(2)));
    expect(await small.binaryLossPass!(F.subarray(0, 1000), y, w, 1000, g, h)).toBeUndefined();
    small.dispose();
  });
});

describe('pool builder lifecycle', () => {
  const setup = async () => {
    const rng = createRng(11);
    const m = randomMatrix(500, 4, rng);
    const ports = [inProcessPort(), inProcessPort()];
    const pool = createPoolBuilder(ports, { shared: true, inlineBelow: 0 });
    await pool.prepare(m);
    const g = randomGradients(m.n, rng);
    await pool.setGradients(g.grad, g.hess);
    const job = randomJob(m, g, rng);
    return { m, ports, pool, job, out: new Float64Array(job.features.length * SLOT_SIZE) };
  };

  it('a cancelled token stops a build before any message is sent', async () => {
    const { ports, pool, job, out } = await setup();
    const cancel = new CancelSource();
    cancel.cancel();
    await expect(pool.build(job, out, cancel)).rejects.toMatchObject({ code: 'cancelled' });
    expect(ports.flatMap((p) => p.received).filter((r) => r.type === 'build')).toHaveLength(0);
  });

  it('a cancel during a build fails it, and the pool stays usable', async () => {
    const { m, pool, job, out } = await setup();
    const cancel = new CancelSource();
    const pending = pool.build(job, out, cancel);
    cancel.cancel();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    const again = new Float64Array(out.length);
    await pool.build(job, again);
    expect(sameBits(again, referenceHistogram(m, job))).toBe(true);
  });

  it('a crashed worker fails pending and later builds with a coded error', async () => {
    const { ports, pool, job, out } = await setup();
    const pending = pool.build(job, out);
    ports[1]!.crash('out of memory');
    await expect(pending).rejects.toMatchObject({ code: 'backend_unavailable' });
    await expect(pool.build(job, out)).rejects.toThrow(/out of memory/);
  });

  it('dispose terminates every worker, twice is harmless, and later builds fail', async () => {
    const { ports, pool, job, out } = await setup();
    pool.dispose();
    pool.dispose();
    expect(ports.every((p) => p.terminated)).toBe(true);
    await expect(pool.build(job, out)).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('pool builder: histogram buffers of its own', () => {
  it.each([false, true])('builds into them in place, each thread subtracting its slots from a parent (this thread builds too: %s)', async (callerWorks) => {
    const rng = createRng(211);
    const m = randomMatrix(2000, 9, rng);
    const ports = [inProcessPort(), inProcessPort()];
    const pool = createPoolBuilder(ports, { shared: true, inlineBelow: 0, callerWorks });
    await pool.prepare(m);
    const g = randomGradients(m.n, rng);
    await pool.setGradients(g.grad, g.hess);
    const features = Int32Array.from({ length: m.d }, (_, f) => f);
    const parentRows = randomSubset(m.n, 0.6, rng);
    const childRows = parentRows.filter(() => rng.next() < 0.4);
    const len = features.length * SLOT_SIZE;
    const parent = pool.histogramBuffer!(len)!;
    const child = pool.histogramBuffer!(len)!;
    expect(parent.buffer).toBeInstanceOf(SharedArrayBuffer);
    const job = (rows: Int32Array) => ({ rows, features, grad: g.grad, hess: g.hess });
    await pool.build(job(parentRows), parent);
    await pool.build({ ...job(childRows), subtractFrom: parent }, child);
    const refParent = referenceHistogram(m, job(parentRows));
    const refChild = referenceHistogram(m, job(childRows));
    const sibling = refParent.map((v, i) => v - refChild[i]!);
    expect(sameBits(child, refChild)).toBe(true);
    expect(sameBits(parent, sibling)).toBe(true);
    // Buffers of the caller's own: the pool copies the child over and subtracts on this thread.
    const ownParent = Float64Array.from(refParent);
    const ownChild = new Float64Array(len);
    await pool.build({ ...job(childRows), subtractFrom: ownParent }, ownChild);
    expect(sameBits(ownChild, refChild)).toBe(true);
    expect(sameBits(ownParent, sibling)).toBe(true);
    // Each worker was told of each buffer once.
    for (const port of ports) expect(port.received.filter((r) => r.type === 'hist-buffer').length).toBe(2);
    pool.dispose();
  });
});
