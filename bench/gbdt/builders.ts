/**
 * Histogram builders side by side: one build of a node's histograms (rows x 28 features, 255
 * bins) with the JavaScript reference loop on this thread, the WebAssembly kernel on this thread
 * (what a fit uses), a pool of one worker thread, and a pool of every core (this thread and
 * workers), for a root node and for smaller nodes, which is what a fit mostly builds. Separates
 * "does the loop / the pool scale" from "does the fit", whose serial parts (gradients, split
 * finding, partition) neither touches. Prints JSON: median ms per build and the speed-up over
 * the WebAssembly kernel on this thread (this-thread).
 *
 *   npm run bench:gbdt-builders -- [--rows 300000] [--repeats 30]
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { nodeHistogramPool } from '../../src/cli/gbdt-pool.ts';
import { buildHistogram, cpuHistograms } from '../../src/core/models/gbdt/cpu-histograms.ts';
import { SLOT_SIZE, type BinnedMatrix, type HistogramBuilderFactory } from '../../src/core/models/gbdt/histogram.ts';
import { createRng } from '../../src/core/random.ts';
import { printJson } from './print-json.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '300000' }, repeats: { type: 'string', default: '30' } } });
const n = Number(values.rows);
const repeats = Number(values.repeats);
const d = 28;
const rng = createRng(1);
const bins = new Uint8Array(n * d);
for (let i = 0; i < bins.length; i++) bins[i] = rng.int(256);
const matrix: BinnedMatrix = { n, d, bins, binCount: new Uint16Array(d).fill(256) };
const grad = Float32Array.from({ length: n }, () => rng.normal());
const hess = new Float32Array(n).fill(0.25);
const features = Int32Array.from({ length: d }, (_, f) => f);
const out = new Float64Array(d * SLOT_SIZE);
const threads = availableParallelism();
/** The JavaScript reference loop, which the studio falls back to without WebAssembly SIMD. */
const jsLoop: HistogramBuilderFactory = (m) => ({
  name: 'js',
  prepare() {},
  setGradients() {},
  build: (job, o) => buildHistogram(m.bins, m.n, job.rows, job.features, job.grad, job.hess, o),
  dispose() {},
});
const builders: [string, HistogramBuilderFactory][] = [
  ['this-thread', cpuHistograms],
  ['this-thread-js', jsLoop],
  ['pool(1 worker)', nodeHistogramPool(1, { callerWorks: false })],
  [`pool(${threads} threads)`, nodeHistogramPool(threads)],
];

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const results: Record<string, Record<string, number>> = {};
for (const share of [1, 0.1, 0.02]) {
  // Every 1/share-th row: a node's rows are increasing and spread over the table.
  const rows = Int32Array.from({ length: Math.floor(n * share) }, (_, i) => Math.floor(i / share));
  const row: Record<string, number> = {};
  for (const [name, factory] of builders) {
    const b = await factory(matrix);
    await b.prepare(matrix);
    await b.setGradients(grad, hess);
    for (let w = 0; w < 5; w++) await b.build({ rows, features, grad, hess }, out);
    const times: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      await b.build({ rows, features, grad, hess }, out);
      times.push(performance.now() - t0);
    }
    b.dispose();
    row[`${name}_ms`] = Number(median(times).toFixed(3));
  }
  for (const [name] of builders.slice(1)) row[`${name}_speedup`] = Number((row['this-thread_ms']! / row[`${name}_ms`]!).toFixed(2));
  results[`rows=${rows.length}`] = row;
}
console.log(printJson({ bench: 'gbdt-histogram-builders', table: { rows: n, features: d }, threads, repeats, statistic: 'median', results }));
