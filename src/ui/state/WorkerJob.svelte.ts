import type { Progress } from '../../core/jobs.ts';
import { newJobId, progressCallback, toUiError, type Studio, type UiError } from '../worker-client.ts';
import { jobActivity } from './JobActivity.svelte.ts';

export type WorkerJobStatus = 'idle' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';

/**
 * One cancellable worker job (a quality report, an evaluation, an explanation...): its status,
 * progress, last result and error. A new run supersedes (and cancels) the one in flight; the
 * last finished result stays on screen until the new one lands.
 */
export class WorkerJob<T> {
  readonly #api: Studio;
  #jobId: string | null = null;

  #status = $state<WorkerJobStatus>('idle');
  #progress = $state.raw<Progress | null>(null);
  #result = $state.raw<T | null>(null);
  #error = $state.raw<UiError | null>(null);

  constructor(api: Studio) {
    this.#api = api;
  }

  get status(): WorkerJobStatus {
    return this.#status;
  }
  get active(): boolean {
    return this.#status === 'running' || this.#status === 'cancelling';
  }
  get progress(): Progress | null {
    return this.#progress;
  }
  get result(): T | null {
    return this.#result;
  }
  get error(): UiError | null {
    return this.#error;
  }

  /** Show a result obtained elsewhere (a cache hit) as if this job had just finished. */
  show(result: T): void {
    this.#supersede();
    this.#result = result;
    this.#error = null;
    this.#status = 'done';
  }

  /** Run `work` as this job; resolves to its result, or null when it failed, was cancelled or superseded. */
  async run(work: (jobId: string, onProgress: (p: Progress) => void) => Promise<T>, opts: { clear?: boolean } = {}): Promise<T | null> {
    this.#supersede();
    const jobId = newJobId();
    this.#jobId = jobId;
    if (opts.clear) this.#result = null;
    this.#status = 'running';
    this.#error = null;
    this.#progress = { phase: 'start', fraction: -1 };
    const ended = jobActivity.begin('job');
    try {
      const result = await work(
        jobId,
        progressCallback((p) => {
          if (this.#jobId === jobId) this.#progress = p;
        }),
      );
      if (this.#jobId !== jobId) return null;
      this.#result = result;
      this.#status = 'done';
      return result;
    } catch (e) {
      if (this.#jobId !== jobId) return null;
      const err = toUiError(e);
      this.#status = err.code === 'cancelled' ? 'cancelled' : 'failed';
      this.#error = err.code === 'cancelled' ? null : err;
      return null;
    } finally {
      ended();
      if (this.#jobId === jobId) {
        this.#jobId = null;
        this.#progress = null;
      }
    }
  }

  async cancel(): Promise<void> {
    const jobId = this.#jobId;
    if (!jobId || this.#status !== 'running') return;
    this.#status = 'cancelling';
    try {
      await this.#api.cancel(jobId);
    } catch (e) {
      this.#error = toUiError(e);
    }
  }

  #supersede(): void {
    const jobId = this.#jobId;
    if (!jobId) return;
    this.#jobId = null;
    this.#progress = null;
    // The superseded job's result is ignored either way; cancelling only frees the worker sooner.
    this.#api.cancel(jobId).catch(() => undefined);
  }
}
