/**
 * A HistogramBuilder that spreads each build over a pool of workers by FEATURE: every bin of
 * every feature is still summed by one thread, over the node's rows in increasing order, with
 * the same loop as the single-threaded builder, so the histograms are bitwise equal and the
 * trees identical whatever the number of workers.
 *
 * Shared mode (SharedArrayBuffer: Node, or a cross-origin-isolated page): bins, gradients, the
 * row list and the output live in shared memory; a build costs one small message each way per
 * worker, and any worker can take any feature, so the split is rebalanced per build by
 * rows x features and by each thread's measured rate. With `callerWorks` the calling thread
 * builds a share too. Copy mode: each worker owns a fixed feature range (its bins are copied
 * once), gets gradients once per setGradients and the rows with each build, and returns its
 * slots.
 *
 * Nodes smaller than `inlineBelow` cells are built on the calling thread with the same loop:
 * deep in a tree most nodes are tiny, and there a round trip costs more than the work.
 */
import { benchtopError, type BenchtopError } from '../../../errors.ts';
import { throwIfCancelled } from '../../../jobs.ts';
import { SLOT_SIZE, type BinnedMatrix, type HistogramBuilder, type HistogramJob } from '../histogram.ts';
import { binaryLossKernel, LOSS_BLOCK, meanOfBlocks, type BinaryLossFn } from '../binary-loss-pass.ts';
import { histogramLoop, type HistogramLoop } from '../wasm-histogram.ts';
import { subtractHistogram } from './accumulate-histogram.ts';
import { ANSWERED, BUILT, DOORBELL_BYTES, doorbellMs, REPLY_SPIN_MS, RUNG, type BuildTask, type PoolPort, type PoolReply, type PoolRequest } from './protocol.ts';

export interface PoolOptions {
  /** Share memory through SharedArrayBuffer (the host must allow it) instead of copying. */
  shared: boolean;
  /** Builds with fewer rows x features cells than this run on the calling thread (default 32,768; 0: never). */
  inlineBelow?: number;
  /**
   * Shared mode: the calling thread builds a share of every node too, instead of waiting idle
   * (so N cores need N - 1 workers). Off by default: the caller may be a UI thread.
   */
  callerWorks?: boolean;
}

export const DEFAULT_INLINE_BELOW = 32_768;

interface Pending {
  resolve: (reply: PoolReply) => void;
  reject: (e: unknown) => void;
  port: number;
}

/** Copies a view into a buffer of its own, so posting it clones (or transfers) only its bytes. */
function own(a: Int32Array): Int32Array {
  return (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) || isShared(a.buffer) ? a : a.slice();
}

const isShared = (b: ArrayBufferLike): boolean => typeof SharedArrayBuffer !== 'undefined' && b instanceof SharedArrayBuffer;

export function createPoolBuilder(ports: readonly PoolPort[], options: PoolOptions): HistogramBuilder {
  const shared = options.shared;
  const inlineBelow = options.inlineBelow ?? DEFAULT_INLINE_BELOW;
  const callerWorks = shared && options.callerWorks === true;
  const name = `workers(${ports.length}${shared ? '' : ', copy'})${callerWorks ? '+caller' : ''}`;
  const pending = new Map<number, Pending>();
  const inFlight = ports.map(() => 0);
  let nextId = 1;
  let broken: BenchtopError | undefined;
  let disposed = false;
  // Small nodes are built on this thread; made on first use, dropped with the pool.
  let loop: HistogramLoop | null = null;

  let matrix: BinnedMatrix | undefined;
  let gradRef: Float32Array | undefined;
  let hessRef: Float32Array | undefined;
  // Shared mode: the memory every worker sees.
  let sGrad: Float32Array = new Float32Array(0);
  let sHess: Float32Array = new Float32Array(0);
  let sRows: Int32Array = new Int32Array(0);
  let sOut: Float64Array = new Float64Array(0);
  // Copy mode: worker k owns features [ranges[k], ranges[k + 1]).
  let ranges: number[] = [];

  const fail = (reason: string): BenchtopError => benchtopError('backend_unavailable', { backend: name, reason });

  const settle = (id: number, how: (p: Pending) => void): void => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (--inFlight[p.port]! === 0) ports[p.port]!.hold?.(false);
    how(p);
  };

  ports.forEach((port) =>
    port.listen(
      (reply) => settle(reply.id, (p) => (reply.type === 'done' ? p.resolve(reply) : p.reject(fail(reply.message)))),
      (reason) => {
        broken ??= fail(reason);
        for (const id of [...pending.keys()]) settle(id, (p) => p.reject(broken));
      },
    ),
  );

  // Shared mode: the fit's histogram buffers the workers write into (histogramBuffer), by id,
  // known by the arrays themselves (a view into one is not one).
  const histIds = new Map<Float64Array, number>();
  const histOuts = new Map<number, Float64Array>();

  // Shared mode: each worker's doorbell (protocol.ts) and the build / loss requests posted to it.
  const bells = shared && !ports.some((p) => p.sameThread) ? ports.map(() => new Int32Array(new SharedArrayBuffer(DOORBELL_BYTES))) : [];
  const bellMs = bells.map(doorbellMs);
  const rung = ports.map(() => 0);
  // The id of the build each worker was last sent, while it is the newest request (-1: other).
  const lastBuild = ports.map(() => -1);

  function request(k: number, message: PoolRequest & { id: number }, transfer?: ArrayBuffer[]): Promise<PoolReply> {
    return new Promise((resolve, reject) => {
      // A worker that failed before this request (even before the pool listened) never replies.
      if (broken) return reject(broken);
      pending.set(message.id, { resolve, reject, port: k });
      if (inFlight[k]!++ === 0) ports[k]!.hold?.(true);
      // Posted first, rung after: a spinning worker leaves its spin with the message already
      // queued, instead of going back to its event loop to sleep until it lands (measured:
      // a build's start 0.10 -> 0.06 ms after the post, on average, over a 1M-row fit).
      ports[k]!.post(message, transfer);
      if (bells.length && (message.type === 'build' || message.type === 'binary-loss')) {
        lastBuild[k] = message.type === 'build' ? message.id : -1;
        Atomics.store(bells[k]!, RUNG, ++rung[k]!);
      }
    });
  }

  /**
   * Spins (bounded) until every worker has replied to what it was sent, so the replies are
   * already queued when the caller awaits them: the thread stays awake instead of sleeping
   * until the message wakes it. A build the doorbell reports done is settled here and then.
   */
  function spinForReplies(): void {
    // Only a caller that works may spin: without callerWorks it may be a UI thread.
    if (!bells.length || !callerWorks) return;
    const until = performance.now() + REPLY_SPIN_MS;
    for (let k = 0; k < ports.length; k++) {
      const bell = bells[k]!;
      while (Atomics.load(bell, ANSWERED) < rung[k]! && performance.now() < until) {
        // spin
      }
      const id = lastBuild[k]!;
      if (id >= 0 && Atomics.load(bell, ANSWERED) === rung[k] && Atomics.load(bell, BUILT) === 1) {
        lastBuild[k] = -1;
        settle(id, (p) => p.resolve({ type: 'done', id, ms: bellMs[k]![0]! }));
      }
    }
  }

  function check(): BinnedMatrix {
    if (disposed) throw benchtopError('cancelled');
    if (broken) throw broken;
    if (!matrix) throw fail('build() was called before prepare()');
    return matrix;
  }

  function sharedArray<T>(ctor: new (b: SharedArrayBuffer) => T, bytes: number): T {
    return new ctor(new SharedArrayBuffer(bytes));
  }

  /** Grows the shared row list and output when a build needs more; workers get the new views. */
  function ensureShared(rows: number, slots: number): void {
    if (rows <= sRows.length && slots * SLOT_SIZE <= sOut.length) return;
    if (rows > sRows.length) sRows = sharedArray(Int32Array, Math.max(rows, 2 * sRows.length) * 4);
    if (slots * SLOT_SIZE > sOut.length) sOut = sharedArray(Float64Array, Math.max(slots, (2 * sOut.length) / SLOT_SIZE) * SLOT_SIZE * 8);
    for (const port of ports) port.post({ type: 'buffers', rows: sRows, out: sOut });
  }

  const builder: HistogramBuilder = {
    name,
    subtractsInPlace: true,

    async prepare(m) {
      if (disposed) throw benchtopError('cancelled');
      // Factories prepare what they return (workers start while the learner bins); a second
      // prepare of the same matrix by the learner must not upload it again.
      if (m === matrix) return;
      matrix = m;
      gradRef = hessRef = undefined;
      if (shared) {
        let bins = m.bins;
        if (!isShared(bins.buffer)) {
          bins = sharedArray(Uint8Array, m.n * m.d);
          bins.set(m.bins.subarray(0, m.n * m.d));
        }
        sGrad = sharedArray(Float32Array, m.n * 4);
        sHess = sharedArray(Float32Array, m.n * 4);
        sRows = new Int32Array(0);
        sOut = new Float64Array(0);
        ensureShared(m.n, 2 * m.d);
        await Promise.all(
          ports.map((port, k) => {
            port.post({ type: 'gradients', grad: sGrad, hess: sHess });
            return request(k, { type: 'prepare', id: nextId++, n: m.n, featureLo: 0, bins, ...(bells.length ? { bell: bells[k]! } : {}) });
          }),
        );
      } else {
        ranges = ports.map((_, k) => Math.floor((k * m.d) / ports.length));
        ranges.push(m.d);
        await Promise.all(
          ports.map((_, k) => {
            const bins = m.bins.slice(ranges[k]! * m.n, ranges[k + 1]! * m.n);
            return request(k, { type: 'prepare', id: nextId++, n: m.n, featureLo: ranges[k]!, bins }, [bins.buffer]);
          }),
        );
      }
    },

    setGradients(grad, hess) {
      check();
      gradRef = grad;
      hessRef = hess;
      loop?.setGradients(grad, hess);
      if (shared) {
        if (grad !== sGrad) sGrad.set(grad);
        if (hess !== sHess) sHess.set(hess);
        // The same shared arrays again: tells each worker their contents changed.
        for (const port of ports) port.post({ type: 'gradients', grad: sGrad, hess: sHess });
        return;
      }
      ports.forEach((port, k) => {
        if (ranges[k] === ranges[k + 1]) return;
        const g = grad.slice(), h = hess.slice();
        port.post({ type: 'gradients', grad: g, hess: h }, [g.buffer, h.buffer]);
      });
    },

    build(job, out, cancel) {
      return builder.buildMany!([job], [out], cancel);
    },

    async buildMany(jobs, outs, cancel) {
      throwIfCancelled(cancel);
      const m = check();
      let cells = 0;
      for (const job of jobs) {
        if (job.grad !== gradRef || job.hess !== hessRef) builder.setGradients(job.grad, job.hess);
        cells += job.rows.length * job.features.length;
      }
      if (cells < inlineBelow || cells === 0 || (ports.length === 0 && !callerWorks)) {
        jobs.forEach((job, j) => {
          inline(m, job, outs[j]!);
          if (job.subtractFrom) subtractHistogram(job.subtractFrom, outs[j]!, job.features.length);
        });
        return;
      }
      // Shared builds subtract where they can, each thread its own slots; the rest here.
      const done = shared ? await buildShared(jobs, outs) : (await buildCopied(jobs, outs), jobs.map(() => false));
      jobs.forEach((job, j) => {
        if (job.subtractFrom && !done[j]) subtractHistogram(job.subtractFrom, outs[j]!, job.features.length);
      });
      throwIfCancelled(cancel);
    },

    histogramBuffer(length) {
      if (!shared || ports.length === 0) return undefined;
      check();
      const out = sharedArray(Float64Array, length * 8);
      const id = histIds.size + 1;
      histIds.set(out, id);
      histOuts.set(id, out);
      for (const port of ports) port.post({ type: 'hist-buffer', id, out });
      return out;
    },

    shareLossArrays(grad, hess, F) {
      const m = check();
      if (!lossPassSplits(m.n) || grad.length !== m.n || hess.length !== m.n || F.length !== m.n) return undefined;
      sGrad.set(grad);
      sHess.set(hess);
      sF = sharedArray(Float64Array, m.n * 8);
      sF.set(F);
      return { grad: sGrad, hess: sHess, F: sF };
    },

    async binaryLossPass(F, y, w, n, grad, hess, step) {
      if (!lossPassSplits(n)) return undefined;
      check();
      // Margins and gradients the fit took from shareLossArrays are the workers' already.
      const ownF = F === sF;
      const ownGradients = grad === sGrad && hess === sHess;
      if (!ownF && sF.length !== n) sF = sharedArray(Float64Array, n * 8);
      if (lossY !== y || lossW !== w || postedF !== sF) {
        sLeaf = sharedArray(Int32Array, n * 4);
        const sY = sharedArray(Float64Array, n * 8);
        const sW = sharedArray(Float64Array, n * 8);
        for (let i = 0; i < n; i++) sY[i] = y[i]!;
        sW.set(w.subarray(0, n));
        lossY = y;
        lossW = w;
        postedF = sF;
        for (const port of ports) port.post({ type: 'loss-buffers', F: sF, y: sY, w: sW, leafOf: sLeaf });
      }
      // Whole blocks per thread, this thread first: its rows go straight into F, grad and hess,
      // the workers' through the shared arrays, copied over afterwards.
      const blocks = Math.ceil(n / LOSS_BLOCK);
      const shares = ports.length + 1;
      const cut = (k: number) => Math.min(n, Math.round((k * blocks) / shares) * LOSS_BLOCK);
      const theirs = cut(1);
      if (!ownF) sF.set(F.subarray(theirs, n), theirs);
      if (step) sLeaf.set(step.leafOf.subarray(theirs, n), theirs);
      const replies = ports.map((_, k) => request(k, { type: 'binary-loss', id: nextId++, from: cut(k + 1), to: cut(k + 2), values: step?.values }));
      const sums = new Float64Array(2 * blocks);
      (lossKernel ??= binaryLossKernel())(F, y, w, 0, theirs, grad, hess, sums, step);
      spinForReplies();
      const parts = await Promise.all(replies);
      parts.forEach((reply, k) => {
        const from = cut(k + 1), to = cut(k + 2);
        if (reply.type !== 'done' || !reply.sums) throw fail('a worker replied without its loss sums');
        sums.set(reply.sums, (2 * from) / LOSS_BLOCK);
        if (ownGradients) return;
        grad.set(sGrad.subarray(from, to), from);
        hess.set(sHess.subarray(from, to), from);
      });
      if (step && !ownF) F.set(sF.subarray(theirs, n), theirs);
      return meanOfBlocks(sums);
    },

    dispose() {
      if (disposed) return;
      disposed = true;
      for (const id of [...pending.keys()]) settle(id, (p) => p.reject(benchtopError('cancelled')));
      for (const port of ports) port.terminate();
      matrix = undefined;
      loop = null;
      lossKernel = null;
    },
  };

  function callerLoop(grad: Float32Array, hess: Float32Array): HistogramLoop {
    if (!loop) {
      loop = histogramLoop();
      loop.setGradients(grad, hess);
    }
    return loop;
  }

  function inline(m: BinnedMatrix, job: HistogramJob, out: Float64Array): void {
    callerLoop(job.grad, job.hess).accumulate({
      bins: m.bins, n: m.n, featureLo: 0, rows: job.rows, rowsStart: 0, rowsEnd: job.rows.length,
      features: job.features, grad: job.grad, hess: job.hess, out, outOffset: 0, counts: job.counts,
    });
  }

  /** The binary loss pass is worth a round trip only with shared memory, a thread beside this one, and a few blocks each. */
  const lossPassSplits = (n: number): boolean => shared && callerWorks && ports.length > 0 && n >= 4 * LOSS_BLOCK;

  // The binary loss pass's shared margins, and the targets and weights they were made for (and
  // the margins the workers were last sent).
  let sF: Float64Array = new Float64Array(0);
  let postedF: Float64Array | undefined;
  let sLeaf: Int32Array = new Int32Array(0);
  let lossY: ArrayLike<number> | undefined;
  let lossW: Float64Array | undefined;
  // This thread's part of that pass: made on first use, dropped with the pool.
  let lossKernel: BinaryLossFn | null = null;

  // Cells per millisecond each share has built at (a moving average), for shareBounds.
  let rates: Float64Array | null = null;

  /** Upper bounds, in cells, of each share's run for a build of `weight` cells. */
  function shareBounds(weight: number): Float64Array {
    const shares = ports.length + (callerWorks ? 1 : 0);
    rates ??= new Float64Array(shares).fill(1);
    let total = 0;
    for (const r of rates) total += r;
    const bounds = new Float64Array(shares);
    let acc = 0;
    for (let k = 0; k < shares; k++) bounds[k] = (weight * (acc += rates[k]!)) / total;
    return bounds;
  }

  function learnRate(k: number, cells: number, ms: number): void {
    // Small builds time mostly their overhead: they would teach the wrong rate.
    if (!rates || cells < 200_000 || !(ms > 0)) return;
    const rate = cells / ms;
    rates[k] = rates[k] === 1 ? rate : 0.8 * rates[k]! + 0.2 * rate;
  }

  /** Resolves to, per job, whether its subtractFrom was subtracted (by the threads that built it). */
  async function buildShared(jobs: readonly HistogramJob[], outs: readonly Float64Array[]): Promise<boolean[]> {
    let rowCount = 0, slotCount = 0, weight = 0;
    for (const job of jobs) {
      rowCount += job.rows.length;
      slotCount += job.features.length;
      weight += job.rows.length * job.features.length;
    }
    ensureShared(rowCount, slotCount);
    // Work items are (job, feature) pairs weighing the job's row count; each share (a worker,
    // and the caller when it works too) takes a contiguous run of them, sized by how fast that
    // thread has been building (threads sharing two cores with the caller's other work do not
    // run at the same rate; measured: a worker 20-35% slower than the caller). Who builds
    // which feature never changes a sum, only the wall time.
    const shares = ports.length + (callerWorks ? 1 : 0);
    const bounds = shareBounds(weight);
    const tasks: BuildTask[][] = Array.from({ length: shares }, () => []);
    const cells = new Float64Array(shares);
    let rowBase = 0, slotBase = 0, before = 0;
    const subtracted = jobs.map(() => false);
    for (const [j, job] of jobs.entries()) {
      // A registered buffer (histogramBuffer) is written in place, at the job's own slots, and
      // then each thread subtracts its slots from a registered parent.
      const buffer = histIds.get(outs[j]!);
      const base = buffer === undefined ? slotBase : 0;
      const subtract = buffer !== undefined && job.subtractFrom ? histIds.get(job.subtractFrom) : undefined;
      subtracted[j] = subtract !== undefined;
      // A node of every row is read without its list (AccumulateArgs.rows).
      if (job.rows.length !== matrix!.n) sRows.set(job.rows, rowBase);
      const w = job.rows.length;
      let s0 = 0;
      let k0 = -1;
      for (let s = 0; s <= job.features.length; s++) {
        let k = -2;
        if (s < job.features.length) {
          const at = before + w * (s + 0.5);
          k = 0;
          while (k < shares - 1 && at >= bounds[k]!) k++;
          cells[k]! += w;
        }
        if (k !== k0) {
          if (k0 >= 0 && s > s0) {
            tasks[k0]!.push({ rowsStart: rowBase, rowsEnd: rowBase + w, features: job.features.slice(s0, s), outOffset: (base + s0) * SLOT_SIZE, counts: job.counts, ...(buffer === undefined ? {} : { buffer }), ...(subtract === undefined ? {} : { subtract }) });
          }
          s0 = s;
          k0 = k;
        }
      }
      before += w * job.features.length;
      rowBase += w;
      slotBase += job.features.length;
    }
    const replies = ports.map((_, k) =>
      tasks[k]!.length
        ? request(k, { type: 'build', id: nextId++, tasks: tasks[k]! }).then((r) => r.type === 'done' && r.ms !== undefined && learnRate(k, cells[k]!, r.ms))
        : undefined,
    );
    if (callerWorks && tasks[ports.length]!.length) {
      const m = matrix!;
      const mine = callerLoop(gradRef!, hessRef!);
      const t0 = performance.now();
      for (const t of tasks[ports.length]!) {
        const into = t.buffer === undefined ? sOut : histOuts.get(t.buffer)!;
        mine.accumulate({
          bins: m.bins, n: m.n, featureLo: 0, rows: sRows, rowsStart: t.rowsStart, rowsEnd: t.rowsEnd,
          features: t.features, grad: gradRef!, hess: hessRef!, out: into, outOffset: t.outOffset, counts: t.counts,
        });
        if (t.subtract !== undefined) subtractHistogram(histOuts.get(t.subtract)!, into, t.features.length, t.outOffset);
      }
      learnRate(ports.length, cells[ports.length]!, performance.now() - t0);
    }
    spinForReplies();
    await Promise.all(replies);
    slotBase = 0;
    jobs.forEach((job, j) => {
      const len = job.features.length * SLOT_SIZE;
      if (!histIds.has(outs[j]!)) outs[j]!.set(sOut.subarray(slotBase * SLOT_SIZE, slotBase * SLOT_SIZE + len));
      slotBase += job.features.length;
    });
    return subtracted;
  }

  async function buildCopied(jobs: readonly HistogramJob[], outs: readonly Float64Array[]): Promise<void> {
    const copies = jobs.map((job) => own(job.rows));
    const replies = ports.map((_, k) => {
      const tasks: BuildTask[] = [];
      const where: { job: number; from: number; slots: number; offset: number }[] = [];
      let offset = 0;
      jobs.forEach((job, j) => {
        // features are increasing, so this worker's share is one contiguous run of them.
        let s0 = 0;
        while (s0 < job.features.length && job.features[s0]! < ranges[k]!) s0++;
        let s1 = s0;
        while (s1 < job.features.length && job.features[s1]! < ranges[k + 1]!) s1++;
        if (s1 === s0) return;
        tasks.push({ rows: copies[j]!, rowsStart: 0, rowsEnd: job.rows.length, features: job.features.slice(s0, s1), outOffset: offset, counts: job.counts });
        where.push({ job: j, from: s0, slots: s1 - s0, offset });
        offset += (s1 - s0) * SLOT_SIZE;
      });
      if (!tasks.length) return undefined;
      return request(k, { type: 'build', id: nextId++, tasks, outLength: offset }).then((reply) => {
        const got = reply.type === 'done' ? reply.out : undefined;
        if (!got) throw fail('a worker replied without its histogram');
        for (const w of where) outs[w.job]!.set(got.subarray(w.offset, w.offset + w.slots * SLOT_SIZE), w.from * SLOT_SIZE);
      });
    });
    await Promise.all(replies);
  }

  return builder;
}
