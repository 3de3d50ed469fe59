import type { SharedData } from '../../../workers/share-api.ts';
import { isBenchtopError } from '../../core/errors.ts';
import { compareMetrics, sameBackend, type MetricComparison } from '../../core/share/compare-metrics.ts';
import { readShareLink } from '../../core/share/decode-share-link.ts';
import type { ShareLink } from '../../core/share/types.ts';
import type { RunRecord } from '../../core/track/types.ts';
import { newJobId, progressCallback, toUiError, type UiError } from '../worker-client.ts';
import type { StudioState } from './StudioState.svelte.ts';
import { TrainingJob } from './TrainingJob.svelte.ts';

export type OpenLinkPhase = 'review' | 'data' | 'training' | 'done' | 'failed';

/**
 * Opening a shared link, or the text of a shared spec file: decode it (untrusted) and show what will run; only when asked, get
 * and check the data, train the spec with the usual training job, and compare the metrics.
 */
export class OpenLinkState {
  readonly #studio: StudioState;
  readonly #payload: string;
  readonly #link: ShareLink | null;
  readonly #decodeError: UiError | null;
  readonly job: TrainingJob;
  #phase = $state<OpenLinkPhase>('review');
  #file = $state.raw<File | null>(null);
  #error = $state.raw<UiError | null>(null);
  #data = $state.raw<SharedData | null>(null);
  #comparison = $state.raw<MetricComparison | null>(null);
  #run = $state.raw<RunRecord | null>(null);
  #jobId: string | null = null;

  constructor(studio: StudioState, payload: string) {
    this.#studio = studio;
    this.#payload = payload;
    this.job = new TrainingJob(studio.api, () => void studio.refreshRuns());
    let link: ShareLink | null = null;
    let error: UiError | null = null;
    try {
      link = readShareLink(payload);
    } catch (e) {
      error = isBenchtopError(e) ? { code: e.code, message: e.message } : toUiError(e);
    }
    this.#link = link;
    this.#decodeError = error;
  }

  /** The validated payload, or null when the link was refused (see decodeError). */
  get link(): ShareLink | null {
    return this.#link;
  }
  get decodeError(): UiError | null {
    return this.#decodeError;
  }
  get phase(): OpenLinkPhase {
    return this.#phase;
  }
  get file(): File | null {
    return this.#file;
  }
  /** A failure while getting the data or training (a different file, a failed download, a failed run). */
  get error(): UiError | null {
    return this.#error;
  }
  get data(): SharedData | null {
    return this.#data;
  }
  get comparison(): MetricComparison | null {
    return this.#comparison;
  }
  get run(): RunRecord | null {
    return this.#run;
  }
  get busy(): boolean {
    return this.#phase === 'data' || this.#phase === 'training';
  }
  /** A file link cannot start until the opener has chosen the file. */
  get canRun(): boolean {
    return !!this.#link && !this.busy && (this.#link.source.kind !== 'file' || !!this.#file);
  }

  chooseFile(file: File | null): void {
    this.#file = file;
    this.#error = null;
  }

  async start(): Promise<void> {
    const link = this.#link;
    if (!link || !this.canRun) return;
    this.#error = null;
    this.#comparison = null;
    this.#run = null;
    this.#phase = 'data';
    const jobId = newJobId();
    this.#jobId = jobId;
    let data: SharedData;
    try {
      data = await this.#studio.api.importSharedData(this.#payload, this.#file, jobId, progressCallback(() => {}));
      this.#data = data;
    } catch (e) {
      this.#error = toUiError(e);
      this.#phase = 'failed';
      return;
    } finally {
      this.#jobId = null;
    }
    void this.#studio.refreshDatasets();
    this.#phase = 'training';
    const run = await this.job.start(data.datasetId, link.spec);
    if (!run || run.status !== 'done' || !run.metrics) {
      this.#error = this.job.error ?? run?.error ?? { code: 'internal', message: 'The run did not finish.' };
      this.#phase = 'failed';
      return;
    }
    this.#run = run;
    const measured = { backend: run.env.backend, adapter: run.env.adapter, runtime: 'browser' as const };
    if (link.expected) this.#comparison = compareMetrics(link.expected.metrics, run.metrics, sameBackend(link.expected, measured));
    this.#phase = 'done';
  }

  async cancel(): Promise<void> {
    if (this.#jobId) await this.#studio.api.cancel(this.#jobId);
    else await this.job.cancel();
  }
}
