import { SvelteMap } from 'svelte/reactivity';
import type { RunComparison } from '../../../workers/api.ts';
import type { Studio } from '../worker-client.ts';
import { WorkerJob } from './WorkerJob.svelte.ts';

const pairKey = (reference: string, other: string, metric: string): string => `${reference}\u0000${other}\u0000${metric}`;

/**
 * The compare view's paired significance tests: one worker job per (reference, other run,
 * metric), run one after another (the worker does one at a time anyway). Each pair keeps its
 * own result or failure, e.g. run_rows_differ when the two runs were scored on different rows.
 */
export class PairedTestsState {
  readonly #api: Studio;
  readonly #jobs = new SvelteMap<string, WorkerJob<RunComparison>>();
  #running = $state(false);
  #cancelled = false;

  constructor(api: Studio) {
    this.#api = api;
  }

  get running(): boolean {
    return this.#running;
  }

  /** The pair's job, once it was asked for. '' as metric: the task's main metric. */
  job(reference: string, other: string, metric: string): WorkerJob<RunComparison> | undefined {
    return this.#jobs.get(pairKey(reference, other, metric));
  }

  /** Test the reference against each other run in turn; pairs already answered are not asked again. */
  async runAll(reference: string, others: readonly string[], metric: string): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#cancelled = false;
    try {
      for (const other of others) {
        if (this.#cancelled) break;
        const key = pairKey(reference, other, metric);
        const old = this.#jobs.get(key);
        if (old && (old.status === 'done' || old.active)) continue;
        const job = new WorkerJob<RunComparison>(this.#api);
        this.#jobs.set(key, job);
        await job.run((jobId, onProgress) => this.#api.compareRuns(reference, other, metric || undefined, jobId, onProgress));
      }
    } finally {
      this.#running = false;
    }
  }

  /** Stop the pair in flight and the ones still waiting. */
  cancel(): void {
    this.#cancelled = true;
    for (const job of this.#jobs.values()) if (job.active) void job.cancel();
  }
}
