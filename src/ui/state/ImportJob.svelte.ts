import type { DatasetRecord } from '../../core/track/types.ts';
import type { Progress } from '../../core/jobs.ts';
import { newJobId, progressCallback, toUiError, type Studio, type UiError } from '../worker-client.ts';

/** One import at a time: a user's file or a bundled sample, parsed and stored by the worker. */
export class ImportJob {
  readonly #api: Studio;
  #running = $state(false);
  #label = $state('');
  #progress = $state.raw<Progress | null>(null);
  #error = $state.raw<UiError | null>(null);

  constructor(api: Studio) {
    this.#api = api;
  }

  get running(): boolean {
    return this.#running;
  }
  /** What is being imported (file or sample name). */
  get label(): string {
    return this.#label;
  }
  get progress(): Progress | null {
    return this.#progress;
  }
  get error(): UiError | null {
    return this.#error;
  }

  importFile(file: File): Promise<DatasetRecord | undefined> {
    return this.#run(file.name, (jobId, onProgress) => this.#api.importFile(file, jobId, onProgress));
  }

  importSample(sampleId: string, name: string): Promise<DatasetRecord | undefined> {
    return this.#run(name, (jobId, onProgress) => this.#api.importSample(sampleId, jobId, onProgress));
  }

  async #run(
    label: string,
    work: (jobId: string, onProgress: (p: Progress) => void) => Promise<DatasetRecord>,
  ): Promise<DatasetRecord | undefined> {
    if (this.#running) return undefined;
    this.#running = true;
    this.#label = label;
    this.#error = null;
    this.#progress = { phase: 'read', fraction: -1 };
    try {
      return await work(
        newJobId(),
        progressCallback((p) => {
          this.#progress = p;
        }),
      );
    } catch (e) {
      this.#error = toUiError(e);
      return undefined;
    } finally {
      this.#running = false;
      this.#progress = null;
    }
  }
}
