/**
 * The binary log-loss pass of a boosting round: every row's loss (summed in fixed blocks), and
 * its gradient and hessian for the next tree, from one exp(-|z|) per row (the stable sigmoid
 * and the stable log(1 + exp(z)) both need it). binaryLossBlocks is the reference, in
 * JavaScript; binaryLossKernel runs the same operations in WebAssembly, two rows per
 * instruction, and gives the same bits (tested).
 */
import { expNonPositive, log1pUnit, logOfProduct } from './stable-math.ts';
import { align, PAGE, wasmKernelModule } from './wasm-histogram.ts';

/**
 * The tree a round just grew, as the margin update the loss pass makes first: F[i] +=
 * values[leafOf[i]] for every row of the pass (values: per node of the tree, leafOf: per row).
 * One pass over the margins instead of two, and the pool splits it with the rest.
 */
export interface MarginStep {
  leafOf: Int32Array;
  values: Float64Array;
}

/** Hessians are kept above this, so a leaf of confident rows still has a finite Newton step. */
export const HESS_FLOOR = 1e-16;

/**
 * Rows per block of a loss sum. The binary loss sums each block of rows in order, then the
 * blocks in order, so a pool can split the pass between threads at block boundaries and still
 * give the single thread's result to the last bit.
 */
export const LOSS_BLOCK = 1 << 16;

/**
 * The binary log-loss pass over rows [from, to) (`from` a multiple of LOSS_BLOCK): for the
 * k-th block, sums[2k] = sum of w * loss and sums[2k + 1] = sum of w; with g and h, also each
 * row's gradient and hessian; with step, each margin is updated first (MarginStep).
 */
export function binaryLossBlocks(
  F: Float64Array,
  y: ArrayLike<number>,
  w: Float64Array,
  from: number,
  to: number,
  g: Float32Array | null,
  h: Float32Array | null,
  sums: Float64Array,
  step?: MarginStep,
): void {
  const leafOf = step?.leafOf;
  const values = step?.values;
  for (let b0 = from, k = 0; b0 < to; b0 += LOSS_BLOCK, k++) {
    const b1 = Math.min(to, b0 + LOSS_BLOCK);
    const unit = unitWeights(w, b0, Math.min(w.length, b0 + LOSS_BLOCK));
    // Two running sums per block, rows at even and odd offsets, as the WebAssembly pass adds
    // two rows per instruction. With unit weights, each lane's log(1 + e) terms come from the
    // log of their product, LOG_EVERY row pairs at a time (the lone last row in lane 0).
    let s0 = 0, s1 = 0, t0 = 0, t1 = 0;
    let p0 = 1, p1 = 1, l0 = 0, l1 = 0, pairs = 0;
    for (let i = b0; i < b1; i++) {
      const z = leafOf ? (F[i]! += values![leafOf[i]!]!) : F[i]!;
      const wi = w[i]!;
      const yi = y[i]!;
      const e = expNonPositive(-Math.abs(z));
      if (g && h) {
        const p = (z >= 0 ? 1 : e) / (1 + e);
        g[i] = wi * (p - yi);
        h[i] = wi * Math.max(p * (1 - p), HESS_FLOOR);
      }
      const odd = (i - b0) & 1;
      if (unit) {
        const linear = (z > 0 ? z : 0) - yi * z;
        if (odd) {
          s1 += linear;
          p1 *= 1 + e;
          t1 += wi;
          if (++pairs === LOG_EVERY) {
            l0 += logOfProduct(p0);
            l1 += logOfProduct(p1);
            p0 = p1 = 1;
            pairs = 0;
          }
        } else {
          s0 += linear;
          p0 *= 1 + e;
          t0 += wi;
        }
        continue;
      }
      const l = log1pUnit(e);
      const term = wi * ((z > 0 ? z + l : l) - yi * z);
      if (odd) {
        s1 += term;
        t1 += wi;
      } else {
        s0 += term;
        t0 += wi;
      }
    }
    if (unit) {
      s0 += l0 + logOfProduct(p0);
      s1 += l1 + logOfProduct(p1);
    }
    sums[2 * k] = s0 + s1;
    sums[2 * k + 1] = t0 + t1;
  }
}

/**
 * Row pairs whose factors 1 + e (each in [1, 2]) multiply before one log is taken (below 2^256):
 * the logs were half the time of the pass. LOG_EVERY in the kernel.
 */
const LOG_EVERY = 256;

/** Whether every weight of a block is 1 (w[b0, b1), b1 the block's end or w's). */
export function unitWeights(w: Float64Array, b0: number, b1: number): boolean {
  for (let i = b0; i < b1; i++) if (w[i] !== 1) return false;
  return true;
}

/** The weighted mean from binaryLossBlocks' sums, blocks added in order. */
export function meanOfBlocks(sums: Float64Array): number {
  let s = 0;
  let t = 0;
  for (let k = 0; k < sums.length; k += 2) {
    s += sums[k]!;
    t += sums[k + 1]!;
  }
  return t > 0 ? s / t : 0;
}

/** binaryLossBlocks' signature: rows [from, to) of F, y, w; g and h optional; sums as it fills them. */
export type BinaryLossFn = (F: Float64Array, y: ArrayLike<number>, w: Float64Array, from: number, to: number, g: Float32Array | null, h: Float32Array | null, sums: Float64Array, step?: MarginStep) => void;

interface LossExports {
  binaryLoss(FPtr: number, yPtr: number, wPtr: number, from: number, to: number, gPtr: number, hPtr: number, sumsPtr: number, scratchPtr: number, leafPtr: number, valuesPtr: number, unitPtr: number): void;
}

/**
 * The pass for one thread: in WebAssembly where the runtime has SIMD (about ten times the
 * JavaScript loop, whose Math.exp and Math.log1p are calls out of the compiled code), else
 * binaryLossBlocks. The returned function keeps its memory, laid out
 * [F | y | w | g | h | leafOf | sums | values] for the largest F it has seen: the margins (and
 * a step's leaves) of the asked rows are copied in on every call, y and w once per block for
 * the arrays it was last given (a fit never changes them), and the gradients, sums and updated
 * margins copied out. Drop it with the fit.
 */
export function binaryLossKernel(): BinaryLossFn {
  const module = wasmKernelModule();
  if (!module) return binaryLossBlocks;
  let memory: WebAssembly.Memory | null = null;
  let k: LossExports | null = null;
  let rows = 0;
  let yRef: ArrayLike<number> | null = null;
  let wRef: Float64Array | null = null;
  /** 1 where a block's targets and weights are in memory. */
  let loaded = new Uint8Array(0);
  let tooBig = false;
  return (F, y, w, from, to, g, h, sums, step) => {
    if (to <= from) return;
    const n = Math.max(F.length, to);
    const blocks = Math.ceil(n / LOSS_BLOCK);
    const yAt = 64 + align(n * 8);
    const wAt = yAt + align(n * 8);
    const gAt = wAt + align(n * 8);
    const hAt = gAt + align(n * 4);
    const leafAt = hAt + align(n * 4);
    const scratchAt = leafAt + align(n * 4);
    const sumsAt = scratchAt + 64;
    const unitAt = sumsAt + align(blocks * 16);
    const valuesAt = unitAt + align(blocks);
    const end = valuesAt + (step ? step.values.length * 8 : 0);
    if (!tooBig && (!memory || n > rows || end > memory.buffer.byteLength)) {
      try {
        if (!memory || n > rows) {
          // Pages never written take no physical memory: room for every row, filled as asked.
          memory = new WebAssembly.Memory({ initial: Math.ceil(end / PAGE) });
          k = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as LossExports;
          rows = n;
          yRef = null;
        } else memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
      } catch (e) {
        // An engine that will not give this much memory gets the JavaScript pass: the same bits.
        if (!(e instanceof RangeError)) throw e;
        tooBig = true;
      }
    }
    if (tooBig) return binaryLossBlocks(F, y, w, from, to, g, h, sums, step);
    const buf = memory!.buffer;
    if (y !== yRef || w !== wRef) {
      yRef = y;
      wRef = w;
      loaded = new Uint8Array(blocks);
    }
    const yMem = new Float64Array(buf, yAt, n);
    const wMem = new Float64Array(buf, wAt, n);
    for (let b = Math.floor(from / LOSS_BLOCK); b * LOSS_BLOCK < to; b++) {
      if (loaded[b]) continue;
      const b0 = b * LOSS_BLOCK, b1 = Math.min(n, b0 + LOSS_BLOCK);
      for (let i = b0; i < b1; i++) yMem[i] = y[i]!;
      wMem.set(w.subarray(b0, b1), b0);
      new Uint8Array(buf, unitAt, blocks)[b] = unitWeights(w, b0, Math.min(w.length, b0 + LOSS_BLOCK)) ? 1 : 0;
      loaded[b] = 1;
    }
    const FMem = new Float64Array(buf, 64, n);
    FMem.set(F.subarray(from, to), from);
    if (step) {
      new Int32Array(buf, leafAt, n).set(step.leafOf.subarray(from, to), from);
      new Float64Array(buf, valuesAt, step.values.length).set(step.values);
    }
    const write = g !== null && h !== null;
    k!.binaryLoss(64, yAt, wAt, from, to, write ? gAt : 0, write ? hAt : 0, sumsAt, scratchAt, step ? leafAt : 0, step ? valuesAt : 0, unitAt);
    sums.set(new Float64Array(buf, sumsAt, 2 * Math.ceil((to - from) / LOSS_BLOCK)));
    if (step) F.set(FMem.subarray(from, to), from);
    if (write) {
      g.set(new Float32Array(buf, gAt + from * 4, to - from), from);
      h.set(new Float32Array(buf, hAt + from * 4, to - from), from);
    }
  };
}
