/**
 * The worker side of a trial pool, free of any host API: it is handed its dataset once (Arrow
 * IPC bytes, the same bytes its fingerprint is computed from), then trial requests, and
 * answers each with the trial's score or its error. The Node glue (src/cli/search.ts) and a
 * browser worker wire `post` and the incoming messages to their own message ports.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { ipcToTable } from '../data/fingerprint.ts';
import type { ColumnInfo, Dataset } from '../data/types.ts';
import { serializeError, type SerializedError } from '../errors.ts';
import { neverCancelled } from '../jobs.ts';
import { evaluateTrial, type TrialRequest, type TrialScore } from './evaluate-trial.ts';
import { WarmStore } from './warm-store.ts';

export type TrialPoolRequest =
  | { type: 'init'; ipc: Uint8Array; name: string; columns: ColumnInfo[]; fingerprint: string }
  | { type: 'run'; id: number; request: TrialRequest }
  /** Drop the warm-start states whose keys start with `prefix` ('' = all). */
  | { type: 'release'; prefix: string };

export type TrialPoolReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; score: TrialScore }
  | { type: 'error'; id: number; error: SerializedError };

/** Returns the message handler. `loadTf` gives the worker's tfjs with its backend ready. */
export function createTrialWorker(post: (reply: TrialPoolReply) => void, loadTf: () => Promise<typeof tfjs>): (m: TrialPoolRequest) => Promise<void> {
  let dataset: Dataset | undefined;
  let tf: typeof tfjs | undefined;
  // Warm-start states of the trials this worker ran (ASHA), bounded (warm-store.ts).
  const warm = new WarmStore();
  return async (m) => {
    if (m.type === 'release') return warm.release(m.prefix);
    if (m.type === 'init') {
      const table = ipcToTable(m.ipc);
      dataset = { name: m.name, table, columns: m.columns, rows: table.numRows, fingerprint: m.fingerprint };
      tf = await loadTf();
      post({ type: 'ready' });
      return;
    }
    try {
      if (!dataset || !tf) throw new Error('trial worker used before init');
      // A cancel ends the worker from outside (the pool terminates it); a trial has no token to check here.
      post({ type: 'result', id: m.id, score: await evaluateTrial(dataset, m.request, { tf, cancel: neverCancelled, warm }) });
    } catch (e) {
      post({ type: 'error', id: m.id, error: serializeError(e) });
    }
  };
}
