import type { SearchOutcome } from '../../../workers/search-api.ts';
import type { SearchEvent, SearchResult, TrialRecord } from '../../core/search/types.ts';
import type { ExperimentSpec } from '../../core/spec/types.ts';
import { newJobId, pointCallback, toUiError, type Studio, type UiError } from '../worker-client.ts';
import { jobActivity } from './JobActivity.svelte.ts';

export type SearchStatus = 'idle' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';

/**
 * One hyperparameter search on a dataset: trials stream in as they finish (main search only;
 * nested-CV inner trials are counted, not listed), the result lands at the end. A new start
 * while one runs is refused by the form (the button is disabled), not superseded.
 */
export class SearchJob {
  readonly #api: Studio;
  readonly #onFinished: () => void;
  #jobId: string | null = null;

  #status = $state<SearchStatus>('idle');
  #phase = $state<string | null>(null);
  #trials = $state.raw<TrialRecord[]>([]);
  #result = $state.raw<SearchResult | null>(null);
  #runId = $state<string | null>(null);
  #error = $state.raw<UiError | null>(null);
  #spec = $state.raw<ExperimentSpec | null>(null);
  #startedAt = $state(0);

  constructor(api: Studio, onFinished: () => void = () => {}) {
    this.#api = api;
    this.#onFinished = onFinished;
  }

  get status(): SearchStatus {
    return this.#status;
  }
  get active(): boolean {
    return this.#status === 'running' || this.#status === 'cancelling';
  }
  get phase(): string | null {
    return this.#phase;
  }
  get trials(): TrialRecord[] {
    return this.#trials;
  }
  get result(): SearchResult | null {
    return this.#result;
  }
  /** The parent run of the search (set when it finishes). */
  get runId(): string | null {
    return this.#runId;
  }
  get error(): UiError | null {
    return this.#error;
  }
  get spec(): ExperimentSpec | null {
    return this.#spec;
  }
  get startedAt(): number {
    return this.#startedAt;
  }

  start(datasetId: string, spec: ExperimentSpec): Promise<SearchResult | null> {
    this.#spec = spec;
    return this.#run((jobId, onEvent) => this.#api.search(datasetId, spec, jobId, onEvent));
  }

  resume(parentRunId: string, spec: ExperimentSpec | null): Promise<SearchResult | null> {
    this.#spec = spec;
    return this.#run((jobId, onEvent) => this.#api.resumeSearch(parentRunId, jobId, onEvent));
  }

  async cancel(): Promise<void> {
    if (!this.#jobId || this.#status !== 'running') return;
    this.#status = 'cancelling';
    await this.#api.cancel(this.#jobId);
  }

  async #run(work: (jobId: string, onEvent: (e: SearchEvent) => void) => Promise<SearchOutcome>): Promise<SearchResult | null> {
    if (this.active) return null;
    const jobId = newJobId();
    this.#jobId = jobId;
    this.#status = 'running';
    this.#phase = 'start';
    this.#trials = [];
    this.#result = null;
    this.#runId = null;
    this.#error = null;
    this.#startedAt = Date.now();
    const ended = jobActivity.begin('search');
    try {
      const outcome = await work(
        jobId,
        pointCallback((e: SearchEvent) => {
          if (this.#jobId !== jobId) return;
          if (e.type === 'phase') this.#phase = e.phase;
          else if (e.trial.outer === undefined) this.#trials = [...this.#trials, e.trial];
        }),
      );
      this.#result = outcome.result;
      // Events travel on the callback's own port, so the last ones can land after the result: the result's list is complete.
      this.#trials = [...outcome.result.trials].sort((a, b) => a.finishedAtMs - b.finishedAtMs || a.index - b.index);
      this.#runId = outcome.run.id;
      this.#status = outcome.result.stopReason === 'cancelled' ? 'cancelled' : 'done';
      return outcome.result;
    } catch (e) {
      const err = toUiError(e);
      this.#status = err.code === 'cancelled' ? 'cancelled' : 'failed';
      this.#error = err.code === 'cancelled' ? null : err;
      return null;
    } finally {
      this.#jobId = null;
      this.#phase = null;
      ended();
      this.#onFinished();
    }
  }
}

// Not reactive on purpose: a registry of jobs, each reactive on its own.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const jobs = new Map<string, SearchJob>();

/** The dataset's search job: it outlives the panel, so a search keeps running (and showing) across tab changes. */
export function searchJobFor(api: Studio, datasetId: string, onFinished: () => void): SearchJob {
  let job = jobs.get(datasetId);
  if (!job) {
    job = new SearchJob(api, onFinished);
    jobs.set(datasetId, job);
  }
  return job;
}
