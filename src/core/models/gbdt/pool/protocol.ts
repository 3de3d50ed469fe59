/**
 * Messages between a histogram pool and its workers. The same protocol serves both sharing
 * modes: with SharedArrayBuffer the worker receives views over the pool's shared bins, row list
 * and output once, and a build names offsets into them (the shared gradient arrays come again
 * each round, to say their contents changed: the worker's kernel keeps its own copy); without
 * it the worker owns a copy of its feature range's bins, gets gradients once per round and rows
 * with each build, and sends its slots back (transferred, not copied).
 */

/** One worker's share of a build: some features of one node's rows. */
export interface BuildTask {
  /** Copy mode: the node's rows. Shared mode: absent, the rows are rowsStart..rowsEnd of the shared row list. */
  rows?: Int32Array;
  rowsStart: number;
  rowsEnd: number;
  /** Global feature indices; slot s (from outOffset, in float64 entries) receives features[s]. */
  features: Int32Array;
  outOffset: number;
  /** Shared mode: write into this registered histogram buffer (hist-buffer) instead of the shared output. */
  buffer?: number;
  /** Shared mode: then subtract the task's slots from the same slots of this registered buffer. */
  subtract?: number;
  /** false: the count entries may be left 0 (HistogramJob.counts). */
  counts?: boolean;
}

export type PoolRequest =
  /** Ids let the pool match replies; every request that carries one gets exactly one reply. */
  /**
   * bell (shared mode): the worker's doorbell (see Doorbell). The pool adds 1 to [RUNG] after it
   * posts each build or binary-loss request; the worker adds 1 to [ANSWERED] after replying to
   * one. Between them both threads spin a little instead of sleeping (see BELL_SPIN_MS).
   */
  | { type: 'prepare'; id: number; n: number; featureLo: number; bins: Uint8Array; bell?: Int32Array }
  | { type: 'gradients'; grad: Float32Array; hess: Float32Array }
  /** Shared mode: the pool's row list and output, sent again when they grow. */
  | { type: 'buffers'; rows: Int32Array; out: Float64Array }
  /** Shared mode: a histogram buffer of the fit's (HistogramBuilder.histogramBuffer) that builds may name by id. */
  | { type: 'hist-buffer'; id: number; out: Float64Array }
  /** Copy mode: outLength is the size of the array the worker fills and sends back. */
  | { type: 'build'; id: number; tasks: BuildTask[]; outLength?: number }
  /** Shared mode: the margins, targets, weights and rows' leaves the binary loss pass reads (sent when they change identity). */
  | { type: 'loss-buffers'; F: Float64Array; y: Float64Array; w: Float64Array; leafOf: Int32Array }
  /**
   * Shared mode: the binary loss pass over rows [from, to) into the shared gradients; replies
   * with its block sums. With values, the shared margins are first updated by the round's tree
   * (F[i] += values[leafOf[i]], leafOf the shared one).
   */
  | { type: 'binary-loss'; id: number; from: number; to: number; values?: Float64Array };

export type PoolReply =
  /** ms: time the worker spent on a build's tasks, so the pool can size its shares; sums: a loss pass's block sums. */
  | { type: 'done'; id: number; out?: Float64Array; ms?: number; sums?: Float64Array }
  | { type: 'error'; id: number; message: string };

/**
 * What the pool needs from a worker, whatever hosts it: a Web Worker, a Node worker thread, or
 * an in-process stand-in in tests.
 */
export interface PoolPort {
  post(message: PoolRequest, transfer?: ArrayBuffer[]): void;
  /**
   * Called once by the pool. `onError` covers a worker that crashed or could not load, also
   * before this call (a worker started ahead of its pool): such a failure is reported here.
   */
  listen(onReply: (reply: PoolReply) => void, onError: (reason: string) => void): void;
  /** Node: keep the process alive only while a request is in flight, so a forgotten pool cannot hang the CLI. */
  hold?(busy: boolean): void;
  /** The worker runs on the pool's own thread (a test stand-in): no doorbell, since neither side could spin while the other works. */
  sameThread?: boolean;
  terminate(): void;
}

/**
 * How long a worker keeps spinning after a reply, watching its doorbell for the next request,
 * and how long the pool spins for replies once its own share is done, before either falls back
 * to waiting for a message. A thread that sleeps between a tree's builds is woken through the
 * host's event loop, and a virtual CPU left idle may be descheduled: with about 3,000 builds a
 * fit, those wake-ups were seconds of a 2-core fit. The spin is bounded, and counts only while
 * a fit is building (the gaps between builds are the fitting thread's own serial work).
 */
// 6 ms covers most of the fitting thread's gaps between builds (partitions, split finding):
// against 2 ms it won 3 interleaved 1M-row fits of 3 by 1.1-2.7 s; 20 ms gained nothing more.
export const BELL_SPIN_MS = 6;
export const REPLY_SPIN_MS = 20;

/**
 * A doorbell's Int32 slots (DOORBELL_BYTES of shared memory; a float64 at DOORBELL_MS_AT).
 * RUNG and ANSWERED count requests posted and replied to. Before it counts a reply, the worker
 * writes BUILT (1: a shared build succeeded, 0: anything else) and the build's milliseconds:
 * the pool, spinning, then settles the build from them instead of waiting for the reply's
 * message to come through the event loop (which still arrives, and is ignored).
 */
export const RUNG = 0;
export const ANSWERED = 1;
export const BUILT = 2;
export const DOORBELL_MS_AT = 16;
export const DOORBELL_BYTES = 24;

/** The build milliseconds a worker left in its doorbell. */
export const doorbellMs = (bell: Int32Array): Float64Array => new Float64Array(bell.buffer, DOORBELL_MS_AT, 1);
