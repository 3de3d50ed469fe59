/**
 * The WebGPU histogram kernel on Dawn + SwiftShader (the same software Vulkan CI has): counts
 * exact, grad/hess sums within the fixed-point bound the builder documents. No adapter is a
 * failure, not a skip.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelSource } from '../../../../src/core/jobs.ts';
import { HIST_STRIDE, SLOT_SIZE, type HistogramBuilder } from '../../../../src/core/models/gbdt/histogram.ts';
import { requestHistogramDevice, webgpuHistogramBuilder } from '../../../../src/core/models/gbdt/gpu/webgpu-histogram-builder.ts';
import { gradientScale, quantizeGradients } from '../../../../src/core/models/gbdt/gpu/quantize-gradients.ts';
import { createRng, randomGradients, randomJob, randomMatrix, referenceHistogram, sameBits } from './data.ts';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
let device: GPUDevice | null = null;
let gpu: GPU | undefined;

beforeAll(async () => {
  expect(existsSync(SWIFTSHADER_ICD)).toBe(true);
  process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  gpu = create([]) as unknown as GPU;
  device = await requestHistogramDevice(gpu);
});
afterAll(() => device?.destroy());

/**
 * The documented bound: per row the fixed-point value is off by at most 0.5 / scale, so a bin
 * of c rows is off by at most c * 0.5 / scale, plus the CPU's own float64 rounding (relative 2^-52
 * per addition, bounded by c * 2^-52 * sum|x| over the bin).
 */
function expectWithinBound(gpuOut: Float64Array, cpu: Float64Array, scales: { grad: number; hess: number }, absSums: Float64Array): void {
  for (let i = 0; i < cpu.length; i += HIST_STRIDE) {
    const c = cpu[i + 2]!;
    expect(gpuOut[i + 2]).toBe(c);
    const fp = (k: number) => c * 2 ** -52 * absSums[i + k]!;
    expect(Math.abs(gpuOut[i]! - cpu[i]!)).toBeLessThanOrEqual((c * 0.5) / scales.grad + fp(0));
    expect(Math.abs(gpuOut[i + 1]! - cpu[i + 1]!)).toBeLessThanOrEqual((c * 0.5) / scales.hess + fp(1));
  }
}

describe('quantizeGradients', () => {
  it('picks the largest power of two that keeps rows in i32 and sums below 2^53', () => {
    expect(gradientScale(1, 1000)).toBe(2 ** 30); // 2^31 - 1 is the limit; 2^31 would overflow
    expect(gradientScale(0.25, 10)).toBe(2 ** 32);
    expect(gradientScale(1, 2 ** 24)).toBe(2 ** 29); // n * |q| must stay below 2^53
    expect(gradientScale(0, 5)).toBe(1);
    expect(quantizeGradients(Float32Array.of(1, Number.NaN)).scale).toBe(0);
    expect(quantizeGradients(Float32Array.of(1, -Infinity)).scale).toBe(0);
    const { q, scale } = quantizeGradients(Float32Array.of(-0.75, 0.5, 1e-12));
    expect(Array.from(q)).toEqual([-0.75 * scale, 0.5 * scale, 0]);
  });
});

describe('webgpuHistogramBuilder (Dawn, SwiftShader)', () => {
  let builder: HistogramBuilder;
  const rng = createRng(31);
  const m = randomMatrix(3000, 6, rng);

  beforeAll(async () => {
    expect(device, 'no WebGPU adapter: is VK_ICD_FILENAMES pointing at SwiftShader?').not.toBeNull();
    builder = await webgpuHistogramBuilder(device!)(m);
  });
  afterAll(() => builder?.dispose());

  it('agrees with the CPU loop within the fixed-point bound, counts exact, over rounds and node batches', async () => {
    for (let round = 0; round < 2; round++) {
      const g = randomGradients(m.n, rng);
      await builder.setGradients(g.grad, g.hess);
      const scales = { grad: quantizeGradients(g.grad).scale, hess: quantizeGradients(g.hess).scale };
      const jobs = [randomJob(m, g, rng), randomJob(m, g, rng), { rows: Int32Array.from({ length: m.n }, (_, i) => i), features: Int32Array.of(0, 5), grad: g.grad, hess: g.hess }];
      const outs = jobs.map((j) => new Float64Array(j.features.length * SLOT_SIZE).fill(3));
      await builder.buildMany!(jobs, outs);
      jobs.forEach((job, j) => {
        const cpu = referenceHistogram(m, job);
        const abs = referenceHistogram(m, { ...job, grad: g.grad.map(Math.abs), hess: g.hess.map(Math.abs) });
        expectWithinBound(outs[j]!, cpu, scales, abs);
        expect(sameBits(outs[j]!, cpu)).toBe(false); // the sums really are not the CPU's bit for bit
      });
    }
  });

  it('is exact for gradients on the fixed-point grid (all-ones hessians, dyadic gradients)', async () => {
    const grad = Float32Array.from({ length: m.n }, (_, i) => ((i % 17) - 8) / 16);
    const hess = new Float32Array(m.n).fill(1);
    await builder.setGradients(grad, hess);
    const job = { rows: Int32Array.from({ length: 1000 }, (_, i) => 3 * i), features: Int32Array.of(1, 2, 3), grad, hess };
    const out = new Float64Array(3 * SLOT_SIZE);
    await builder.build(job, out);
    expect(sameBits(out, referenceHistogram(m, job))).toBe(true);
  });

  it('sums non-finite gradients on the CPU, as the CPU builder would', async () => {
    const g = randomGradients(m.n, rng);
    g.grad[5] = Number.NaN;
    await builder.setGradients(g.grad, g.hess);
    const job = { rows: Int32Array.of(1, 5, 9), features: Int32Array.of(0), grad: g.grad, hess: g.hess };
    const out = new Float64Array(SLOT_SIZE);
    await builder.build(job, out);
    expect(sameBits(out, referenceHistogram(m, job))).toBe(true);
  });

  it('a cancelled token stops a build', async () => {
    const g = randomGradients(m.n, rng);
    const cancel = new CancelSource();
    cancel.cancel();
    await expect(builder.build(randomJob(m, g, rng), new Float64Array(6 * SLOT_SIZE), cancel)).rejects.toMatchObject({ code: 'cancelled' });
  });
});
