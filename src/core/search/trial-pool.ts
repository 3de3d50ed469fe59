/**
 * A TrialExecutor over worker ports: every worker gets the dataset once, then one trial at a
 * time. A cancel terminates every worker at once (a fit cannot be interrupted from outside
 * otherwise), so each running trial rejects with `cancelled` and the pool is spent.
 */
import { tableToIpc } from '../data/fingerprint.ts';
import type { Dataset } from '../data/types.ts';
import { benchtopError, BenchtopError, type ErrorCode } from '../errors.ts';
import type { CancelToken } from '../jobs.ts';
import type { TrialScore } from './evaluate-trial.ts';
import type { TrialExecutor } from './executor.ts';
import type { TrialPoolReply, TrialPoolRequest } from './trial-worker.ts';

/** One worker as the pool sees it. */
export interface TrialPort {
  post(message: TrialPoolRequest): void;
  /** Replies, and a failure of the worker itself (it crashed or exited). */
  listen(onReply: (reply: TrialPoolReply) => void, onError: (reason: string) => void): void;
  terminate(): void;
}

export interface TrialPool extends TrialExecutor {
  /** Ends every worker; call once the search is over. */
  dispose(): void;
}

interface Slot {
  port: TrialPort;
  ready: Promise<void>;
  busy: boolean;
  /** Warm-start keys this worker stored a state under: a promotion goes back to it when it is free. */
  warm: Set<string>;
  pending?: { id: number; resolve: (s: TrialScore) => void; reject: (e: unknown) => void };
}

export function createTrialPool(dataset: Dataset, ports: TrialPort[]): TrialPool {
  const ipc = tableToIpc(dataset.table);
  let nextId = 0;
  let disposed = false;
  const waiting: (() => void)[] = [];
  const slots: Slot[] = ports.map((port) => {
    let markReady!: () => void, failReady!: (e: unknown) => void;
    const slot: Slot = { port, busy: false, warm: new Set(), ready: new Promise<void>((res, rej) => ((markReady = res), (failReady = rej))) };
    port.listen(
      (reply) => {
        if (reply.type === 'ready') return markReady();
        const p = slot.pending;
        if (!p || p.id !== reply.id) return;
        slot.pending = undefined;
        if (reply.type === 'result') p.resolve(reply.score);
        else p.reject(new BenchtopError(reply.error.code as ErrorCode, reply.error.message, reply.error.location));
      },
      (reason) => {
        const e = disposed ? benchtopError('cancelled') : new Error(`a trial worker failed: ${reason}`);
        failReady(e);
        slot.pending?.reject(e);
        slot.pending = undefined;
      },
    );
    port.post({ type: 'init', ipc, name: dataset.name, columns: dataset.columns, fingerprint: dataset.fingerprint });
    return slot;
  });

  const dispose = () => {
    if (disposed) return;
    disposed = true;
    for (const s of slots) {
      s.port.terminate();
      s.pending?.reject(benchtopError('cancelled'));
      s.pending = undefined;
    }
    for (const w of waiting.splice(0)) w();
  };

  // Prefer the worker that holds the configuration's warm-start state; any other retrains it (same score, more time).
  const acquire = async (key: string | undefined): Promise<Slot> => {
    for (;;) {
      if (disposed) throw benchtopError('cancelled');
      const free = (key !== undefined ? slots.find((s) => !s.busy && s.warm.has(key)) : undefined) ?? slots.find((s) => !s.busy);
      if (free) {
        free.busy = true;
        return free;
      }
      await new Promise<void>((r) => waiting.push(r));
    }
  };

  return {
    slots: slots.length,
    dispose,
    release() {
      for (const s of slots) {
        s.warm.clear();
        if (!disposed) s.port.post({ type: 'release', prefix: '' });
      }
    },
    async run(request, cancel: CancelToken) {
      const key = request.warm?.key;
      const slot = await acquire(key);
      // Another worker's state for this configuration is stale once this one trains it.
      if (key !== undefined) for (const s of slots) if (s !== slot && s.warm.delete(key)) s.port.post({ type: 'release', prefix: `${key}#` });
      try {
        await slot.ready;
        if (cancel.cancelled) {
          dispose();
          throw benchtopError('cancelled');
        }
        const id = nextId++;
        const score = new Promise<TrialScore>((resolve, reject) => (slot.pending = { id, resolve, reject }));
        slot.port.post({ type: 'run', id, request });
        if (key !== undefined) {
          if (request.warm!.keep) slot.warm.add(key);
          else slot.warm.delete(key);
        }
        // Poll the token while the worker fits: a cancel stops every worker at once.
        const watch = setInterval(() => cancel.cancelled && dispose(), 50);
        try {
          return await score;
        } finally {
          clearInterval(watch);
        }
      } finally {
        slot.busy = false;
        waiting.shift()?.();
      }
    },
  };
}
