/**
 * Whole fits: the Node worker pool gives the CPU fit's trees exactly (same JSON), in both
 * sharing modes; WebGPU (Dawn, SwiftShader) gives trees as close as its fixed-point sums allow.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { nodeHistogramPool } from '../../../../src/cli/gbdt-pool.ts';
import { LOSS_BLOCK } from '../../../../src/core/models/gbdt/binary-loss-pass.ts';
import { fitForest } from '../../../../src/core/models/gbdt/fit-forest.ts';
import { fitGbdt } from '../../../../src/core/models/gbdt/fit-gbdt.ts';
import { resolveForestParams, resolveGbdtParams } from '../../../../src/core/models/gbdt/params.ts';
import { requestHistogramDevice, webgpuHistogramBuilder } from '../../../../src/core/models/gbdt/gpu/webgpu-histogram-builder.ts';
import type { HistogramBuilderFactory } from '../../../../src/core/models/gbdt/histogram.ts';
import type { FitData } from '../../../../src/core/models/types.ts';
import { createRng } from '../../../../src/core/random.ts';
import { treeTask } from './data.ts';

const task = treeTask;

const params = resolveGbdtParams({ rounds: 8, maxLeaves: 15, subsample: 0.8, colsample: 0.75 });

async function fit(data: FitData, histograms?: HistogramBuilderFactory) {
  const model = await fitGbdt(data, params, { task: data.k === 2 ? 'binary' : 'multiclass', rng: createRng(4), histograms });
  const json = model.toJSON();
  return { model, trees: JSON.stringify({ ...json, history: json.history.map((h) => ({ ...h, elapsedMs: 0 })) }) };
}

describe('fitGbdt with parallel histograms', () => {
  it.each([
    ['binary, shared memory', 2, true],
    ['multiclass, copy mode', 3, false],
  ])('%s: the worker pool grows exactly the CPU trees', async (_label, k, shared) => {
    const data = task(2500, 7, k, 50 + k);
    const cpu = await fit(data);
    const pool = await fit(data, nodeHistogramPool(2, { shared, inlineBelow: 0 }));
    expect(cpu.trees.length).toBeGreaterThan(1000);
    expect(pool.trees).toBe(cpu.trees);
  });

  it.each<[string, { inlineBelow: number; callerWorks?: boolean }]>([
    ['1 worker + this thread', { inlineBelow: 0 }],
    ['2 workers, this thread waiting', { inlineBelow: 0, callerWorks: false }],
  ])('%s: the same trees, with the pool named for what ran', async (_label, options) => {
    const data = task(2000, 6, 2, 61);
    const cpu = await fit(data);
    let name = '';
    const pool = nodeHistogramPool(2, options);
    const named: HistogramBuilderFactory = async (m) => {
      const b = await pool(m);
      name = b.name;
      return b;
    };
    expect((await fit(data, named)).trees).toBe(cpu.trees);
    expect(name).toBe(options.callerWorks === false ? 'workers(2)' : 'workers(1)+caller');
  });

  it('a pool warmed before binning hands its started workers to the fit: the same trees, no second start', async () => {
    const data = task(2000, 6, 2, 62);
    const cpu = await fit(data);
    let started = 0;
    const spawn = () => {
      started++;
      return new Worker(new URL('../../../../src/cli/gbdt-histogram-worker.mjs', import.meta.url));
    };
    const pool = nodeHistogramPool(3, { inlineBelow: 0, spawn });
    // fitGbdt calls warm() itself, before it bins; calling it first as well must not start more.
    pool.warm!(data.n * data.d);
    expect(started).toBe(2);
    expect((await fit(data, pool)).trees).toBe(cpu.trees);
    expect(started).toBe(2);
    // The next fit warms the pool again (fitGbdt does, before binning) and takes those.
    expect((await fit(data, pool)).trees).toBe(cpu.trees);
    expect(started).toBe(4);
  });

  it('binary with enough rows for the pool to split the loss pass: the same trees and the same loss history', async () => {
    const data = task(4 * LOSS_BLOCK + 5_000, 3, 2, 66);
    const few = resolveGbdtParams({ rounds: 4, maxLeaves: 7 });
    const run = (histograms?: HistogramBuilderFactory) => fitGbdt(data, few, { task: 'binary', rng: createRng(4), histograms });
    const cpu = (await run()).toJSON();
    const pool = (await run(nodeHistogramPool(2))).toJSON();
    expect(JSON.stringify(pool.ensemble)).toBe(JSON.stringify(cpu.ensemble));
    expect(pool.history.map((h) => h.trainLoss)).toEqual(cpu.history.map((h) => h.trainLoss));
    expect(cpu.history[3]!.trainLoss).toBeLessThan(cpu.history[0]!.trainLoss);
  });

  it('WebGPU grows the same trees here: its fixed-point error is far below the gaps between split gains', async () => {
    expect(existsSync('/usr/lib/chromium/vk_swiftshader_icd.json')).toBe(true);
    process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    const device = await requestHistogramDevice(create([]) as unknown as GPU);
    expect(device).not.toBeNull();
    const data = task(2000, 6, 2, 77);
    const cpu = await fit(data);
    const gpu = await fit(data, webgpuHistogramBuilder(device!));
    const a = cpu.model.toJSON().ensemble, b = gpu.model.toJSON().ensemble;
    // The histograms only choose the splits (fixed-point error ~1e-9 relative, far below the gap
    // between the best and second-best gains on this data); leaf values come out the same too.
    // On data with near-tied splits this may legitimately fail: see webgpu-histogram-builder.ts.
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const pa = cpu.model.predict(data.X, data.n), pb = gpu.model.predict(data.X, data.n);
    let worst = 0;
    for (let i = 0; i < pa.length; i++) worst = Math.max(worst, Math.abs(pa[i]! - pb[i]!));
    expect(worst).toBeLessThan(1e-6);
    device!.destroy();
  });
});

describe('fitForest with parallel histograms', () => {
  it.each<[string, number, 'best' | 'random']>([
    ['binary random forest', 2, 'best'],
    ['regression extra-trees', 1, 'random'],
  ])('%s: the worker pool grows exactly the CPU trees (each node draws its own features)', async (_label, k, splitter) => {
    const data = task(2500, 7, k, 70 + k);
    const forest = resolveForestParams({ trees: 4, splitter, maxFeatures: 0.5 });
    const run = async (histograms?: HistogramBuilderFactory) =>
      JSON.stringify((await fitForest(data, forest, { task: k === 2 ? 'binary' : 'regression', rng: createRng(5), histograms })).toJSON().ensemble);
    const cpu = await run();
    let builds = 0;
    const pool = nodeHistogramPool(2, { inlineBelow: 0 });
    const counting: HistogramBuilderFactory = async (m) => {
      const b = await pool(m);
      return { ...b, name: b.name, prepare: b.prepare.bind(b), setGradients: b.setGradients.bind(b), dispose: b.dispose.bind(b), build: (job, out, cancel) => (builds++, b.build(job, out, cancel)) };
    };
    expect(cpu.length).toBeGreaterThan(1000);
    expect(await run(counting)).toBe(cpu);
    expect(builds).toBeGreaterThan(10);
  });

  it('a multiclass forest keeps this thread: its nodes alternate between k gradient arrays', async () => {
    const data = task(800, 5, 3, 75);
    let asked = 0;
    const spy: HistogramBuilderFactory = (m) => {
      asked++;
      return nodeHistogramPool(2)(m);
    };
    await fitForest(data, resolveForestParams({ trees: 2 }), { task: 'multiclass', rng: createRng(6), histograms: spy });
    expect(asked).toBe(0);
  });
});
