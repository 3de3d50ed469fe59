/**
 * The worker side of the histogram pool, free of any host API: the entry file (a Web Worker
 * or a Node worker thread) feeds it messages and sends back what it replies.
 */
import { SLOT_SIZE } from '../histogram.ts';
import { binaryLossKernel, LOSS_BLOCK, type BinaryLossFn } from '../binary-loss-pass.ts';
import { histogramLoop } from '../wasm-histogram.ts';
import { subtractHistogram } from './accumulate-histogram.ts';
import { ANSWERED, BELL_SPIN_MS, BUILT, doorbellMs, RUNG, type PoolReply, type PoolRequest } from './protocol.ts';

export type ReplyFn = (reply: PoolReply, transfer?: ArrayBuffer[]) => void;

export function createHistogramWorker(reply: ReplyFn): (request: PoolRequest) => void {
  let n = 0;
  let featureLo = 0;
  let bins: Uint8Array = new Uint8Array(0);
  let grad: Float32Array = new Float32Array(0);
  let hess: Float32Array = new Float32Array(0);
  let sharedRows: Int32Array = new Int32Array(0);
  let sharedOut: Float64Array = new Float64Array(0);
  const histBuffers = new Map<number, Float64Array>();
  const loop = histogramLoop();
  let lossF: Float64Array = new Float64Array(0);
  let lossY: Float64Array = new Float64Array(0);
  let lossW: Float64Array = new Float64Array(0);
  let lossLeaf: Int32Array = new Int32Array(0);
  let lossKernel: BinaryLossFn | null = null;
  let bell: Int32Array | null = null;
  let bellMs: Float64Array | null = null;
  /** Build and binary-loss requests handled (the pool counts those it posted in bell[RUNG]). */
  let handled = 0;

  /** Tells the pool a request is answered (with a shared build's time, `ms`, when it succeeded). */
  const signal = (ms?: number): void => {
    if (!bell) return;
    handled++;
    if (ms !== undefined) bellMs![0] = ms;
    Atomics.store(bell, BUILT, ms === undefined ? 0 : 1);
    Atomics.add(bell, ANSWERED, 1);
  };

  /**
   * After a reply: tell the pool (unless `signalled` already), then stay awake a moment in case
   * the next request follows.
   */
  const answered = (ms?: number, signalled = false): void => {
    if (!bell) return;
    if (!signalled) signal(ms);
    const until = performance.now() + BELL_SPIN_MS;
    while (Atomics.load(bell, RUNG) === handled && performance.now() < until) {
      // spin: the request's message is about to arrive
    }
  };

  return (m) => {
    switch (m.type) {
      case 'prepare':
        ({ n, featureLo, bins } = m);
        bell = m.bell ?? null;
        bellMs = bell && doorbellMs(bell);
        handled = bell ? Atomics.load(bell, RUNG) : 0;
        reply({ type: 'done', id: m.id });
        return;
      case 'gradients':
        ({ grad, hess } = m);
        loop.setGradients(grad, hess);
        return;
      case 'buffers':
        sharedRows = m.rows;
        sharedOut = m.out;
        return;
      case 'hist-buffer':
        histBuffers.set(m.id, m.out);
        return;
      case 'loss-buffers':
        ({ F: lossF, y: lossY, w: lossW, leafOf: lossLeaf } = m);
        return;
      case 'binary-loss':
        try {
          const sums = new Float64Array(2 * Math.ceil((m.to - m.from) / LOSS_BLOCK));
          (lossKernel ??= binaryLossKernel())(lossF, lossY, lossW, m.from, m.to, grad, hess, sums, m.values ? { leafOf: lossLeaf, values: m.values } : undefined);
          reply({ type: 'done', id: m.id, sums }, [sums.buffer]);
        } catch (e) {
          reply({ type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) });
        }
        answered();
        return;
      case 'build': {
        let ms: number | undefined;
        let out: Float64Array;
        try {
          const t0 = performance.now();
          out = m.outLength === undefined ? sharedOut : new Float64Array(m.outLength);
          for (const t of m.tasks) {
            const into = t.buffer === undefined ? out : histBuffers.get(t.buffer)!;
            loop.accumulate({
              bins, n, featureLo, grad, hess,
              out: into,
              rows: t.rows ?? sharedRows,
              rowsStart: t.rowsStart,
              rowsEnd: t.rowsEnd,
              features: t.features,
              outOffset: t.outOffset,
              counts: t.counts,
            });
            if (t.subtract !== undefined) subtractHistogram(histBuffers.get(t.subtract)!, into, t.features.length, t.outOffset);
          }
          if (m.outLength === undefined) ms = performance.now() - t0;
        } catch (e) {
          reply({ type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) });
          answered();
          return;
        }
        if (m.outLength !== undefined) {
          reply({ type: 'done', id: m.id, out }, [out.buffer as ArrayBuffer]);
          answered();
          return;
        }
        // The doorbell first: a pool spinning for this build settles it from there, without
        // waiting out the post of the message (which it then ignores). Posted before the
        // doorbell, the message kept the pool waiting in two builds of three.
        signal(ms);
        reply({ type: 'done', id: m.id, ms });
        answered(ms, true);
        return;
      }
    }
  };
}

/** Float64 entries a copy-mode worker returns for `slots` feature slots. */
export const outLengthFor = (slots: number): number => slots * SLOT_SIZE;
