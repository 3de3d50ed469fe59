/**
 * The WebAssembly histogram kernel: the same sums, bit for bit, as the JavaScript loop (and so
 * as the independent reference in ../gbdt-parallel/data.ts) for any rows, features, feature
 * offset and output offset; and it never uses gradients it was not told about.
 */
import { describe, expect, it } from 'vitest';
import { AllRowCounts } from '../../../../src/core/models/gbdt/cpu-histograms.ts';
import { HIST_STRIDE, SLOT_SIZE } from '../../../../src/core/models/gbdt/histogram.ts';
import { accumulateHistogram, type AccumulateArgs } from '../../../../src/core/models/gbdt/pool/accumulate-histogram.ts';
import { WasmHistogramKernel, WasmRowSpace, wasmHistogramAvailable } from '../../../../src/core/models/gbdt/wasm-histogram.ts';
import { createRng, randomGradients, randomJob, randomMatrix, referenceHistogram, sameBits } from '../gbdt-parallel/data.ts';

function kernel(sparse = false): WasmHistogramKernel {
  const k = WasmHistogramKernel.create(undefined, sparse);
  if (!k) throw new Error('no WebAssembly SIMD in this runtime');
  return k;
}

/** Runs both loops on the same arguments; outputs start as garbage, which both must overwrite. */
function both(k: WasmHistogramKernel, a: Omit<AccumulateArgs, 'out'>, outLength: number): [Float64Array, Float64Array] {
  const js = new Float64Array(outLength).fill(3);
  const wasm = new Float64Array(outLength).fill(3);
  accumulateHistogram({ ...a, out: js });
  k.accumulate({ ...a, out: wasm });
  return [js, wasm];
}

describe('WebAssembly histogram kernel', () => {
  it('is available in Node (WebAssembly SIMD), so the tests below exercise it', () => {
    expect(wasmHistogramAvailable()).toBe(true);
  });

  it('matches the JavaScript loop and the reference bit for bit over many random nodes', () => {
    const rng = createRng(21);
    const k = kernel();
    for (const [n, d] of [[1, 1], [7, 3], [1500, 9], [4000, 28]] as const) {
      const m = randomMatrix(n, d, rng);
      for (let round = 0; round < 3; round++) {
        const g = randomGradients(n, rng);
        k.setGradients(g.grad, g.hess);
        for (let b = 0; b < 5; b++) {
          const job = randomJob(m, g, rng);
          const [js, wasm] = both(k, { bins: m.bins, n, featureLo: 0, rows: job.rows, rowsStart: 0, rowsEnd: job.rows.length, features: job.features, grad: g.grad, hess: g.hess, outOffset: 0 }, job.features.length * SLOT_SIZE);
          expect(sameBits(wasm, js)).toBe(true);
          expect(sameBits(wasm, referenceHistogram(m, job))).toBe(true);
        }
      }
    }
  });

  it('skips the counts when asked (counts: false), and AllRowCounts, taught by one counted build, gives them back', () => {
    const rng = createRng(23);
    for (const [n, d] of [[1, 1], [3001, 7]] as const) {
      const m = randomMatrix(n, d, rng);
      const g = randomGradients(n, rng);
      const k = kernel();
      k.setGradients(g.grad, g.hess);
      const rows = Int32Array.from({ length: n }, (_, i) => i);
      // Features out of order and a subset: slot s is features[s].
      const features = Int32Array.from({ length: d }, (_, i) => d - 1 - i).filter((_, i) => i % 3 !== 1);
      const args = { bins: m.bins, n, featureLo: 0, rows, rowsStart: 0, rowsEnd: n, features, grad: g.grad, hess: g.hess, outOffset: 0 };
      const [counted] = both(k, args, features.length * SLOT_SIZE);
      const skipped = new Float64Array(features.length * SLOT_SIZE).fill(3);
      k.accumulate({ ...args, out: skipped, counts: false });
      for (let i = 0; i < skipped.length; i++) {
        if (i % HIST_STRIDE === 2) expect(skipped[i]).toBe(0);
        else expect(Object.is(skipped[i], counted[i])).toBe(true);
      }
      const table = new AllRowCounts(d);
      expect(table.has(features)).toBe(false);
      expect(() => table.fill(features, skipped)).toThrow(/never learned/);
      table.learn(features, counted);
      expect(table.has(features)).toBe(true);
      expect(table.has(Int32Array.of(...features, n > 1 ? 5 : 1))).toBe(false);
      table.fill(features, skipped);
      expect(sameBits(skipped, counted)).toBe(true);
    }
  });

  it('reads a node of every row without its list: the reference sums, for any length and feature count', () => {
    const rng = createRng(29);
    for (const [n, d] of [[1, 1], [2, 2], [5, 3], [4096, 4], [3003, 9]] as const) {
      const m = randomMatrix(n, d, rng);
      const g = randomGradients(n, rng);
      const k = kernel();
      k.setGradients(g.grad, g.hess);
      const rows = Int32Array.from({ length: n }, (_, i) => i);
      for (const features of [Int32Array.from({ length: d }, (_, i) => i), Int32Array.of(d - 1), Int32Array.from({ length: d }, (_, i) => d - 1 - i).filter((_, i) => i % 2 === 0)]) {
        const want = referenceHistogram(m, { rows, features, grad: g.grad, hess: g.hess });
        // The list is not read (a pool leaves it unwritten): pass one of garbage.
        const garbage = new Int32Array(n + 6).fill(-7);
        const args = { bins: m.bins, n, featureLo: 0, rows: garbage, rowsStart: 3, rowsEnd: n + 3, features, grad: g.grad, hess: g.hess, outOffset: 0 };
        const [js, wasm] = both(k, args, features.length * SLOT_SIZE);
        expect(sameBits(js, want)).toBe(true);
        expect(sameBits(wasm, want)).toBe(true);
        const uncounted = new Float64Array(want.length).fill(3);
        k.accumulate({ ...args, out: uncounted, counts: false });
        for (let i = 0; i < want.length; i++) expect(uncounted[i]).toBe(i % HIST_STRIDE === 2 ? 0 : want[i]);
      }
    }
  });

  it('builds sparse nodes (under 2% of the rows) from its row-major copy with the same bits, chunks and windows included', () => {
    const rng = createRng(31);
    // 120,000 rows: a 2% node has more rows than one chunk of the gather (2,048).
    const m = randomMatrix(120_000, 7, rng);
    const g = randomGradients(m.n, rng);
    const k = kernel(true);
    k.setGradients(g.grad, g.hess);
    for (const share of [0.0005, 0.004, 0.019]) {
      const rows = Int32Array.from({ length: m.n }, (_, i) => i).filter(() => rng.next() < share);
      for (const features of [Int32Array.of(0, 1, 2, 3, 4, 5, 6), Int32Array.of(6, 2, 4), Int32Array.of(3)]) {
        const want = referenceHistogram(m, { rows, features, grad: g.grad, hess: g.hess });
        for (const counts of [true, false]) {
          const wasm = new Float64Array(want.length + 4).fill(3);
          k.accumulate({ bins: m.bins, n: m.n, featureLo: 0, rows, rowsStart: 0, rowsEnd: rows.length, features, grad: g.grad, hess: g.hess, out: wasm, outOffset: 2, counts });
          const got = wasm.subarray(2, 2 + want.length);
          for (let i = 0; i < want.length; i++) expect(got[i]).toBe(!counts && i % HIST_STRIDE === 2 ? 0 : want[i]);
          expect([wasm[0], wasm[1], wasm[want.length + 2], wasm[want.length + 3]]).toEqual([3, 3, 3, 3]);
        }
      }
      // A window of the rows, gradients the kernel was not given (gathered in JavaScript), and a
      // kernel holding features 2..6 only (a copy-mode worker).
      const lo = 2;
      const other = randomGradients(m.n, rng);
      const features = Int32Array.of(2, 5, 6);
      const window = { rows, rowsStart: 1, rowsEnd: rows.length - 1 };
      const inner = rows.subarray(1, rows.length - 1);
      const [js, wasm] = both(kernel(true), { bins: m.bins.slice(lo * m.n), n: m.n, featureLo: lo, ...window, features, grad: other.grad, hess: other.hess, outOffset: 0 }, features.length * SLOT_SIZE);
      expect(sameBits(js, referenceHistogram(m, { rows: inner, features, grad: other.grad, hess: other.hess }))).toBe(true);
      expect(sameBits(wasm, js)).toBe(true);
    }
  });

  it('honours a row window, a feature range with its offset, and an output offset', () => {
    const rng = createRng(22);
    const m = randomMatrix(900, 10, rng);
    const g = randomGradients(m.n, rng);
    const job = randomJob(m, g, rng);
    // A worker holding features 4..9 only: bins start at feature 4.
    const lo = 4;
    const bins = m.bins.slice(lo * m.n);
    const features = Int32Array.of(4, 6, 9);
    const k = kernel();
    k.setGradients(g.grad, g.hess);
    const start = 3, end = job.rows.length - 5, offset = 2 * SLOT_SIZE + 5;
    const [js, wasm] = both(k, { bins, n: m.n, featureLo: lo, rows: job.rows, rowsStart: start, rowsEnd: end, features, grad: g.grad, hess: g.hess, outOffset: offset }, offset + 3 * SLOT_SIZE + 7);
    expect(sameBits(wasm, js)).toBe(true);
    // Outside [offset, offset + slots) the output is untouched.
    expect(wasm[offset - 1]).toBe(3);
    expect(wasm[wasm.length - 1]).toBe(3);
    let count = 0;
    for (let i = offset + 2; i < offset + SLOT_SIZE; i += 3) count += wasm[i]!;
    expect(count).toBe(end - start);
  });

  it('reads gradients refilled in place after setGradients, and never stale ones without it', () => {
    const rng = createRng(23);
    const m = randomMatrix(1200, 6, rng);
    const g = randomGradients(m.n, rng);
    const k = kernel();
    const all = Int32Array.from({ length: m.n }, (_, i) => i);
    const features = Int32Array.from({ length: m.d }, (_, f) => f);
    const args = () => ({ bins: m.bins, n: m.n, featureLo: 0, rows: all, rowsStart: 0, rowsEnd: m.n, features, grad: g.grad, hess: g.hess, outOffset: 0 });
    const size = m.d * SLOT_SIZE;
    k.setGradients(g.grad, g.hess);
    let [js, wasm] = both(k, args(), size);
    expect(sameBits(wasm, js)).toBe(true);
    // Next round: same arrays, new values, announced.
    g.grad.set(randomGradients(m.n, rng).grad);
    k.setGradients(g.grad, g.hess);
    [js, wasm] = both(k, args(), size);
    expect(sameBits(wasm, js)).toBe(true);
    // Arrays the kernel was never told about are gathered from directly, so they are always current.
    const other = randomGradients(m.n, rng);
    [js, wasm] = both(k, { ...args(), grad: other.grad, hess: other.hess }, size);
    expect(sameBits(wasm, js)).toBe(true);
    other.grad.set(randomGradients(m.n, rng).grad);
    [js, wasm] = both(k, { ...args(), grad: other.grad, hess: other.hess }, size);
    expect(sameBits(wasm, js)).toBe(true);
  });

  it('loads a new matrix when the bins change, and grows its memory for larger nodes', () => {
    const rng = createRng(24);
    const k = kernel();
    for (const n of [50, 20_000, 300]) {
      const m = randomMatrix(n, 5, rng);
      const g = randomGradients(n, rng);
      k.setGradients(g.grad, g.hess);
      const job = randomJob(m, g, rng);
      const [js, wasm] = both(k, { bins: m.bins, n, featureLo: 0, rows: job.rows, rowsStart: 0, rowsEnd: job.rows.length, features: job.features, grad: g.grad, hess: g.hess, outOffset: 0 }, job.features.length * SLOT_SIZE);
      expect(sameBits(wasm, js)).toBe(true);
    }
  });

  it('the committed module is what wasm/gbdt-histogram.ts compiles to (npm run wasm)', async () => {
    const { readFileSync } = await import('node:fs');
    // @ts-expect-error: a plain .mjs build script without types
    const { KERNELS, compileKernel } = await import('../../../../scripts/build-wasm.mjs');
    for (const { source, out } of KERNELS as { source: string; out: string }[]) {
      expect(await compileKernel(source), `${out} is stale: run npm run wasm`).toBe(readFileSync(out, 'utf8'));
    }
  }, 60_000);
});

describe('WebAssembly row partition', () => {
  /** The reference: a stable partition written here, independently of src. */
  function reference(rows: number[], col: Uint8Array, thr: number, dl: boolean): number[] {
    const goes = (r: number) => (col[r] === 0 ? dl : col[r]! <= thr);
    return [...rows.filter(goes), ...rows.filter((r) => !goes(r))];
  }

  it('partitions any window stably, missing rows following the default direction', () => {
    const rng = createRng(31);
    const n = 5000, d = 4;
    const m = randomMatrix(n, d, rng);
    const space = WasmRowSpace.create(m.bins, n, d)!;
    expect(space).not.toBeNull();
    for (let trial = 0; trial < 40; trial++) {
      const rows = Array.from(randomJob(m, randomGradients(n, rng), rng).rows);
      space.rows.set(rows);
      const start = rng.int(Math.max(1, rows.length >> 2));
      const end = rows.length - rng.int(Math.max(1, rows.length >> 2));
      const f = rng.int(d);
      const thr = [0, 255, 1 + rng.int(254)][trial % 3]!;
      const dl = trial % 2 === 0;
      const mid = space.partition(start, end, f, thr, dl);
      const col = m.bins.subarray(f * n, (f + 1) * n);
      const want = reference(rows.slice(start, end), col, thr, dl);
      expect(Array.from(space.rows.subarray(start, end))).toEqual(want);
      expect(mid - start).toBe(want.filter((r) => (col[r] === 0 ? dl : col[r]! <= thr)).length);
      // Rows outside the window stay where they were.
      expect(Array.from(space.rows.subarray(0, start))).toEqual(rows.slice(0, start));
      expect(Array.from(space.rows.subarray(end, rows.length))).toEqual(rows.slice(end));
    }
  });
});

describe('histogramLoop', () => {
  it('falls back to the JavaScript loop, with the same sums, when the kernel memory cannot grow', async () => {
    const { histogramLoop } = await import('../../../../src/core/models/gbdt/wasm-histogram.ts');
    const rng = createRng(41);
    const m = randomMatrix(3000, 8, rng);
    const g = randomGradients(m.n, rng);
    const job = randomJob(m, g, rng);
    const args = { bins: m.bins, n: m.n, featureLo: 0, rows: job.rows, rowsStart: 0, rowsEnd: job.rows.length, features: job.features, grad: g.grad, hess: g.hess, outOffset: 0 };
    // 64 KiB cannot hold 24 KB of bins plus 48 KB of gradients: the kernel throws a RangeError.
    expect(() => WasmHistogramKernel.create(65_536)!.accumulate({ ...args, out: new Float64Array(job.features.length * SLOT_SIZE) })).toThrow(RangeError);
    const loop = histogramLoop(65_536);
    loop.setGradients(g.grad, g.hess);
    for (let b = 0; b < 2; b++) {
      const out = new Float64Array(job.features.length * SLOT_SIZE);
      loop.accumulate({ ...args, out });
      expect(sameBits(out, referenceHistogram(m, job))).toBe(true);
    }
  });
});
