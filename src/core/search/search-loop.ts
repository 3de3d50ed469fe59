/**
 * The search loop: asks the proposer for job after job, runs up to `slots` at once, and
 * records what finishes. It knows nothing of models or data: `run` scores a job.
 *
 * Determinism: job j is proposed from the jobs among 0..j-lag that finished (the loop waits
 * for them), so results arriving in another order, or a faster machine, never change what is
 * proposed. If that yields nothing (ASHA waiting on promotions), it asks again once every job
 * before j has finished. Proposers that ignore results (random, grid) never wait.
 *
 * Resume: jobs that a previous session finished are taken from `resumed` instead of being run,
 * after checking the proposer proposes them again; the loop then continues where it stopped.
 */
import { benchtopError, isBenchtopError, serializeError } from '../errors.ts';
import type { CancelToken } from '../jobs.ts';
import type { FinishedJob, Proposer } from './propose.ts';
import { sameConfig } from './space.ts';
import type { JobSpec, StopReason, TrialRecord } from './types.ts';

/** What running a job gives: its score (metric mean, std, every metric), or it throws. */
export interface JobScore {
  score: number;
  std?: number;
  metrics?: Record<string, number>;
}

export interface LoopOptions {
  proposer: Proposer;
  /** Job j sees the finished jobs among 0..j-lag (lag = the search's concurrency). */
  lag: number;
  /** Jobs run at once at most. */
  slots: number;
  run: (job: JobSpec) => Promise<JobScore>;
  /** Lower-is-better form of a score. */
  loss: (score: number) => number;
  cancel: CancelToken;
  now: () => number;
  /** Stop proposing once this much time (ms, counting `elapsedBefore`) has passed. */
  budgetMs?: number;
  /** Time an earlier session already spent. */
  elapsedBefore?: number;
  /** Finished jobs of an earlier session, by index. */
  resumed?: ReadonlyMap<number, TrialRecord>;
  onTrial?: (record: TrialRecord, resumed: boolean) => void;
  /** Give up when this many jobs have finished and every one failed (a spec that cannot work). Default 5. */
  failFast?: number;
}

export interface LoopResult {
  /** Finished jobs in index order. */
  trials: TrialRecord[];
  stopReason: StopReason;
  elapsedMs: number;
}

function sameJob(a: JobSpec, b: JobSpec): boolean {
  return a.trial === b.trial && a.rung === b.rung && a.resource === b.resource && sameConfig(a.params, b.params);
}

export async function searchLoop(o: LoopOptions): Promise<LoopResult> {
  const t0 = o.now() - (o.elapsedBefore ?? 0);
  const elapsed = () => o.now() - t0;
  const failFast = o.failFast ?? 5;
  const slots = Math.max(1, o.proposer.usesResults ? Math.min(o.slots, o.lag) : o.slots);
  const decided: JobSpec[] = [];
  const done = new Map<number, TrialRecord>();
  const running = new Map<number, Promise<void>>();
  let stop: StopReason | undefined;
  let fullFor = -1;
  let firstError: unknown;

  const finish = (record: TrialRecord, resumed: boolean) => {
    done.set(record.index, record);
    o.onTrial?.(record, resumed);
    if (record.status === 'failed' && firstError === undefined) firstError = record.error;
  };

  const start = (job: JobSpec) => {
    const earlier = o.resumed?.get(job.index);
    if (earlier) {
      if (!sameJob(earlier, job))
        throw benchtopError('search_resume_mismatch', { reason: `trial ${job.index + 1} would now be a different configuration` });
      finish({ ...earlier }, true);
      return;
    }
    const begin = o.now();
    // Through a resolved promise, so a run that throws before its first await fails its trial, not the loop.
    const p = Promise.resolve()
      .then(() => o.run(job))
      .then(
        (s) => {
          const end = o.now();
          finish({ ...job, status: 'done', score: s.score, ...(s.std !== undefined ? { std: s.std } : {}), ...(s.metrics ? { metrics: s.metrics } : {}), durationMs: end - begin, finishedAtMs: end - t0 }, false);
        },
        (e: unknown) => {
          // A cancelled trial is not a result: a resumed search runs it again.
          if (o.cancel.cancelled || (isBenchtopError(e) && e.code === 'cancelled')) return;
          const end = o.now();
          finish({ ...job, status: 'failed', error: serializeError(e), durationMs: end - begin, finishedAtMs: end - t0 }, false);
        },
      )
      .finally(() => running.delete(job.index));
    running.set(job.index, p);
  };

  const finishedUpTo = (upto: number): FinishedJob[] | null => {
    const out: FinishedJob[] = [];
    for (let i = 0; i <= upto; i++) {
      const r = done.get(i);
      if (!r) return null;
      out.push({ ...r, loss: r.status === 'done' && r.score !== undefined && Number.isFinite(r.score) ? o.loss(r.score) : Infinity });
    }
    return out;
  };

  for (;;) {
    if (!stop && o.cancel.cancelled) stop = 'cancelled';
    if (!stop && o.budgetMs !== undefined && elapsed() >= o.budgetMs) stop = 'time';
    if (!stop && done.size >= failFast && [...done.values()].every((r) => r.status === 'failed')) stop = 'completed';
    let progressed = false;
    if (!stop && running.size < slots) {
      const j = decided.length;
      const full = fullFor === j;
      const upto = o.proposer.usesResults ? (full ? j - 1 : j - o.lag) : -1;
      const visible = finishedUpTo(upto);
      if (visible) {
        const job = o.proposer.propose(j, visible, decided);
        if (job) {
          decided.push(job);
          start(job);
          progressed = true;
        } else if (o.proposer.usesResults && !full && upto < j - 1) {
          fullFor = j;
          progressed = true;
        } else {
          stop = 'completed';
        }
      }
    }
    if (progressed) continue;
    if (running.size === 0) {
      if (stop) break;
      // Nothing runs and nothing can be proposed: only possible if a job was cancelled under us.
      stop = 'cancelled';
      break;
    }
    await Promise.race(running.values());
  }
  if (o.cancel.cancelled && o.cancel.reason) throw o.cancel.reason;
  const trials = [...done.values()].sort((a, b) => a.index - b.index);
  if (o.cancel.cancelled) return { trials, stopReason: 'cancelled', elapsedMs: elapsed() };
  if (trials.length > 0 && trials.length >= Math.min(failFast, decided.length) && trials.every((t) => t.status === 'failed'))
    throw benchtopError('search_trials_failed', { trials: trials.length, reason: (firstError as { message?: string } | undefined)?.message ?? 'unknown error' });
  return { trials, stopReason: stop ?? 'completed', elapsedMs: elapsed() };
}
