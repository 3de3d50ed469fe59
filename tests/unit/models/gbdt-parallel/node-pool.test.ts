/**
 * The CLI's pool on real worker threads (tsx-loaded, as `benchtop` runs them): bitwise equal to
 * the reference in both sharing modes, and disposing it lets the process exit.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { nodeHistogramPool } from '../../../../src/cli/gbdt-pool.ts';
import { SLOT_SIZE } from '../../../../src/core/models/gbdt/histogram.ts';
import { createRng, randomGradients, randomJob, randomMatrix, referenceHistogram, sameBits } from './data.ts';

describe.each([true, false])('nodeHistogramPool (shared: %s)', (shared) => {
  it('two threads (a worker and this one when shared) give the reference histograms bit for bit', async () => {
    const rng = createRng(shared ? 21 : 22);
    const m = randomMatrix(4000, 7, rng);
    const pool = await nodeHistogramPool(2, { shared, inlineBelow: 0 })(m);
    // Shared memory lets this thread take a share, so two threads need one worker; copying cannot.
    expect(pool.name).toBe(shared ? 'workers(1)+caller' : 'workers(2, copy)');
    await pool.prepare(m); // the learner's own prepare after the factory's is a no-op
    for (let round = 0; round < 2; round++) {
      const g = randomGradients(m.n, rng);
      await pool.setGradients(g.grad, g.hess);
      const jobs = [randomJob(m, g, rng), randomJob(m, g, rng)];
      const outs = jobs.map((j) => new Float64Array(j.features.length * SLOT_SIZE));
      await pool.buildMany!(jobs, outs);
      jobs.forEach((job, j) => expect(sameBits(outs[j]!, referenceHistogram(m, job))).toBe(true));
    }
    pool.dispose();
  });
});

describe('nodeHistogramPool lifetime', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gbdt-pool-'));
  const poolModule = resolve('src/cli/gbdt-pool.ts');
  const script = (dispose: boolean) => `
    import { nodeHistogramPool } from ${JSON.stringify(poolModule)};
    const n = 1000, d = 3;
    const m = { n, d, bins: new Uint8Array(n * d).map((_, i) => i % 7), binCount: new Uint16Array(d).fill(7) };
    const pool = await nodeHistogramPool(2, { inlineBelow: 0 })(m);
    const grad = new Float32Array(n).fill(1), hess = new Float32Array(n).fill(1);
    await pool.setGradients(grad, hess);
    const out = new Float64Array(3 * 768);
    await pool.build({ rows: Int32Array.from({ length: n }, (_, i) => i), features: Int32Array.of(0, 1, 2), grad, hess }, out);
    ${dispose ? 'pool.dispose();' : ''}
    console.log(out[3 * 1 + 2]);
  `;

  it.each([
    ['after dispose', true],
    ['when the caller forgot to dispose (idle workers do not hold it)', false],
  ])('the process exits %s', (_label, dispose) => {
    const file = join(dir, `exit-${dispose}.mts`);
    writeFileSync(file, script(dispose));
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 30_000 });
    expect(r.error).toBeUndefined(); // a hung process is killed by the timeout and reported here
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('143'); // rows 1, 8, 15, ... of feature 0 are in bin 1: ceil(999 / 7)
  });
});

describe('nodeHistogramPool warm-up', () => {
  it('a warm worker that dies before its pool exists fails the pool with a clear error, not a hang', async () => {
    const dying = () => new Worker('throw new Error("no kernel here")', { eval: true });
    const pool = nodeHistogramPool(2, { spawn: dying });
    pool.warm!(1e7);
    // Let the worker fail while nobody listens yet.
    await new Promise((r) => setTimeout(r, 300));
    const err = await Promise.resolve(pool(randomMatrix(100, 2, createRng(1)))).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'backend_unavailable' });
    expect(String((err as { message?: string }).message ?? JSON.stringify(err))).toMatch(/no kernel here|exited/);
  });
});

