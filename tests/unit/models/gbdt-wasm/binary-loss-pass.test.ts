/**
 * The binary loss pass: the written-out exp and log1p are within one unit in the last place of
 * the engine's, and the WebAssembly pass gives the JavaScript reference's bits (loss sums,
 * gradients, hessians) for awkward margins, weights, block boundaries and odd lengths.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { binaryLossBlocks, binaryLossKernel, LOSS_BLOCK } from '../../../../src/core/models/gbdt/binary-loss-pass.ts';
import { EXP_FLUSH, expNonPositive, log1pUnit } from '../../../../src/core/models/gbdt/stable-math.ts';
import { useWasmKernels, wasmHistogramAvailable } from '../../../../src/core/models/gbdt/wasm-histogram.ts';
import { createRng } from '../../../../src/core/random.ts';

afterEach(() => useWasmKernels(true));

/** Distance in units in the last place between two finite doubles of the same sign. */
function ulps(a: number, b: number): number {
  const v = new Float64Array([a, b]);
  const i = new BigInt64Array(v.buffer);
  const d = i[0]! - i[1]!;
  return Number(d < 0n ? -d : d);
}

describe('expNonPositive and log1pUnit', () => {
  it('are within one ulp of Math.exp and Math.log1p', () => {
    fc.assert(
      fc.property(fc.double({ min: EXP_FLUSH, max: 0, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (x, e) => {
        expect(ulps(expNonPositive(x), Math.exp(x))).toBeLessThanOrEqual(1);
        expect(ulps(log1pUnit(e), Math.log1p(e))).toBeLessThanOrEqual(1);
      }),
      { numRuns: 20_000 },
    );
    for (const x of [0, -0, -1e-300, -5e-324, -Math.LN2 / 2, -Math.LN2, -1, -20, -700, EXP_FLUSH]) expect(ulps(expNonPositive(x), Math.exp(x))).toBeLessThanOrEqual(1);
    for (const e of [0, 5e-324, 1e-17, 1e-8, Math.SQRT2 - 1, 0.5, 1]) expect(ulps(log1pUnit(e), Math.log1p(e))).toBeLessThanOrEqual(1);
  });

  it('flush to 0 below the normal range and keep NaN', () => {
    expect(expNonPositive(EXP_FLUSH - 1e-9)).toBe(0);
    expect(expNonPositive(-745)).toBe(0);
    expect(expNonPositive(-Infinity)).toBe(0);
    expect(expNonPositive(Number.NaN)).toBeNaN();
    expect(Math.exp(EXP_FLUSH)).toBeGreaterThanOrEqual(2 ** -1022 * (1 - 1e-15));
  });
});

/** Margins with the awkward ones over-represented: ±0, huge, around the flush point (finite: NaN bits are not compared). */
function margins(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const odd = [0, -0, 1e-300, -1e-300, 36.7, -36.7, 708.3, -708.3, 708.4, -708.4, 800, -800, 1e300, -1e300];
  return Float64Array.from({ length: n }, (_, i) => (i % 53 === 0 ? odd[(i / 53) % odd.length]! : rng.normal() * 5));
}

describe.runIf(wasmHistogramAvailable())('binaryLossKernel', () => {
  const same = (a: ArrayBufferView, b: ArrayBufferView) =>
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

  it('gives the JavaScript pass bit for bit, over every block and a split at block boundaries', () => {
    const n = 3 * LOSS_BLOCK + 7;
    const F = margins(n, 3);
    const rng = createRng(4);
    const y = Int32Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
    // Block 1's weights are all 1: its log terms come from products (the others' row by row).
    const w = Float64Array.from({ length: n }, (_, i) => (i >= LOSS_BLOCK && i < 2 * LOSS_BLOCK ? 1 : i % 11 === 0 ? 0 : i % 7 === 0 ? 0.25 + 3 * rng.next() : 1));
    const blocks = Math.ceil(n / LOSS_BLOCK);
    const want = { g: new Float32Array(n), h: new Float32Array(n), sums: new Float64Array(2 * blocks) };
    binaryLossBlocks(F, y, w, 0, n, want.g, want.h, want.sums);
    expect(want.sums.every(Number.isFinite)).toBe(true);
    expect(new Set(want.g).size).toBeGreaterThan(1000);

    const kernel = binaryLossKernel();
    expect(kernel).not.toBe(binaryLossBlocks);
    const got = { g: new Float32Array(n), h: new Float32Array(n), sums: new Float64Array(2 * blocks) };
    // Two calls, as a pool's threads split the rows: [0, 2 blocks) and the rest.
    const head = new Float64Array(4);
    kernel(F, y, w, 0, 2 * LOSS_BLOCK, got.g, got.h, head);
    const tail = new Float64Array(2 * (blocks - 2));
    kernel(F, y, w, 2 * LOSS_BLOCK, n, got.g, got.h, tail);
    got.sums.set(head);
    got.sums.set(tail, 4);
    expect(same(got.sums, want.sums)).toBe(true);
    expect(same(got.g, want.g)).toBe(true);
    expect(same(got.h, want.h)).toBe(true);

    // Loss only: the same sums, the gradient arrays untouched.
    const lossOnly = new Float64Array(2 * blocks);
    kernel(F, y, w, 0, n, null, null, lossOnly);
    expect(same(lossOnly, want.sums)).toBe(true);
  });

  it('updates the margins by a step first, as adding the tree then running the pass', () => {
    const n = LOSS_BLOCK + 333;
    const F = margins(n, 12);
    const rng = createRng(13);
    const y = Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0));
    const w = new Float64Array(n).fill(1);
    const leafOf = Int32Array.from({ length: n }, () => rng.int(31));
    const values = Float64Array.from({ length: 31 }, () => rng.normal() * 0.1);
    const plain = F.slice();
    for (let i = 0; i < n; i++) plain[i]! += values[leafOf[i]!]!;
    const want = { g: new Float32Array(n), h: new Float32Array(n), sums: new Float64Array(4) };
    binaryLossBlocks(plain, y, w, 0, n, want.g, want.h, want.sums);
    for (const pass of [binaryLossBlocks, binaryLossKernel()]) {
      const F1 = F.slice();
      const got = { g: new Float32Array(n), h: new Float32Array(n), sums: new Float64Array(4) };
      pass(F1, y, w, 0, n, got.g, got.h, got.sums, { leafOf, values });
      expect(same(F1, plain)).toBe(true);
      expect(same(got.sums, want.sums)).toBe(true);
      expect(same(got.g, want.g)).toBe(true);
      expect(same(got.h, want.h)).toBe(true);
    }
  });

  it('turns an infinite margin into a loss that is not finite (the fit then stops as diverged), as the JavaScript pass', () => {
    const F = Float64Array.of(0.5, Infinity, -2);
    const y = Float64Array.of(1, 0, 0);
    const w = Float64Array.of(1, 1, 1);
    const a = new Float64Array(2), b = new Float64Array(2);
    binaryLossBlocks(F, y, w, 0, 3, null, null, a);
    binaryLossKernel()(F, y, w, 0, 3, null, null, b);
    expect(Number.isFinite(a[0])).toBe(false);
    expect(Number.isFinite(b[0])).toBe(false);
    expect(Number.isFinite(a[1])).toBe(true);
  });

  it('agrees on short, odd-length runs and reloads targets it has not seen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 1000 }), (n, seed) => {
        const F = margins(n, seed);
        const rng = createRng(seed + 1);
        const y = Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0));
        // Unit weights for even seeds (the product path), random ones otherwise.
        const w = Float64Array.from({ length: n }, () => (seed % 2 === 0 ? 1 : rng.next() * 2));
        const a = { g: new Float32Array(n), h: new Float32Array(n), sums: new Float64Array(2) };
        const b = { g: new Float32Array(n), h: new Float32Array(n), sums: new Float64Array(2) };
        binaryLossBlocks(F, y, w, 0, n, a.g, a.h, a.sums);
        kernel(F, y, w, 0, n, b.g, b.h, b.sums);
        expect(same(b.sums, a.sums)).toBe(true);
        expect(same(b.g, a.g)).toBe(true);
        expect(same(b.h, a.h)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  // One kernel across every case above: new targets and weights each time must be copied in.
  const kernel = binaryLossKernel();

  it('with unit weights takes the logs of products of 1 + e, as the JavaScript pass, within 1e-14 of log1p row by row', () => {
    // y = 0 and z <= 0: the loss is the log terms alone, so the bits show where the products
    // are cut (every 256 row pairs, the lone last row in the even lane).
    const n = 5 * 512 + 3;
    const rng = createRng(17);
    const F = Float64Array.from({ length: n }, () => -3 * rng.next());
    const y = new Float64Array(n);
    const w = new Float64Array(n).fill(1);
    const a = new Float64Array(2), b = new Float64Array(2);
    binaryLossBlocks(F, y, w, 0, n, null, null, a);
    kernel(F, y, w, 0, n, null, null, b);
    expect(same(a, b)).toBe(true);
    let ref = 0;
    for (let i = 0; i < n; i++) ref += Math.log1p(Math.exp(F[i]!));
    expect(Math.abs(a[0]! - ref) / ref).toBeLessThan(1e-14);
    expect(a[1]).toBe(n);
  });

  it('is within rounding of the textbook loss', () => {
    const n = 20_000;
    const F = margins(n, 9).map((v) => (Number.isFinite(v) && Math.abs(v) < 100 ? v : 3));
    const y = Float64Array.from({ length: n }, (_, i) => i % 2);
    const w = new Float64Array(n).fill(1);
    const sums = new Float64Array(2);
    kernel(F, y, w, 0, n, null, null, sums);
    let ref = 0;
    for (let i = 0; i < n; i++) ref += Math.log1p(Math.exp(-Math.abs(F[i]!))) + Math.max(F[i]!, 0) - y[i]! * F[i]!;
    expect(sums[0]! / sums[1]!).toBeCloseTo(ref / n, 12);
  });

  it('is the JavaScript pass when the kernels are off', () => {
    useWasmKernels(false);
    expect(binaryLossKernel()).toBe(binaryLossBlocks);
  });
});
