import type { ImportOptions, ImportResult } from '../../../workers/api.ts';
import { MISSING_TOKENS } from '../../core/data/is-missing-token.ts';
import type { Progress } from '../../core/jobs.ts';
import type { DatasetRecord } from '../../core/track/types.ts';
import type { PiiAction } from '../../core/validate/pii/types.ts';
import { newJobId, progressCallback, toUiError, type Studio, type UiError } from '../worker-client.ts';
import { jobActivity } from './JobActivity.svelte.ts';

/** The spellings the worker reads as missing when no list is given. */
export const DEFAULT_MISSING_TOKENS: readonly string[] = [...MISSING_TOKENS];

/** Header failures a rename fixes: offered as "Rename columns and import". */
const RENAMEABLE = new Set(['csv_duplicate_header', 'csv_blank_header']);

/** An import waiting for the user's PII decisions; nothing of it is stored yet. */
export type PendingReview = Extract<ImportResult, { status: 'review' }>;

/** How the last saved import was read, for a dismissible notice ("Decoded as windows-1252"). */
export interface ImportNotes {
  datasetId: string;
  name: string;
  notes: string[];
}

type Source = { kind: 'file'; file: File } | { kind: 'url'; url: string };

const sameTokens = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((t, i) => t === b[i]);

/**
 * One import at a time: a user's file or URL, or a bundled sample, parsed and stored by the
 * worker. It carries the import options the panel edits, the running job's progress and
 * cancel, a staged import waiting for PII review, and the notes of the last import.
 */
export class ImportJob {
  readonly #api: Studio;
  readonly #onSaved: (rec: DatasetRecord) => void;
  #jobId: string | null = null;
  /** What the last file/URL import read, so a failed one can be retried with renamed headers. */
  #last: Source | null = null;

  #running = $state(false);
  #cancelling = $state(false);
  #label = $state('');
  #progress = $state.raw<Progress | null>(null);
  #error = $state.raw<UiError | null>(null);
  #cancelled = $state<string | null>(null);
  #review = $state.raw<PendingReview | null>(null);
  #committing = $state(false);
  #reviewError = $state.raw<UiError | null>(null);
  #notes = $state.raw<ImportNotes | null>(null);

  #missingTokens = $state.raw<readonly string[]>(DEFAULT_MISSING_TOKENS);
  #renameDuplicateHeaders = $state(false);

  constructor(api: Studio, onSaved: (rec: DatasetRecord) => void = () => {}) {
    this.#api = api;
    this.#onSaved = onSaved;
  }

  get running(): boolean {
    return this.#running;
  }
  get cancelling(): boolean {
    return this.#cancelling;
  }
  /** What is being imported (file name, URL or sample name). */
  get label(): string {
    return this.#label;
  }
  get progress(): Progress | null {
    return this.#progress;
  }
  get error(): UiError | null {
    return this.#error;
  }
  /** The label of an import the user cancelled (until the next one starts). */
  get cancelled(): string | null {
    return this.#cancelled;
  }
  /** True when the last failure is a header problem that renaming the columns fixes. */
  get canRetryRenamed(): boolean {
    return this.#error !== null && RENAMEABLE.has(this.#error.code) && this.#last !== null;
  }
  get review(): PendingReview | null {
    return this.#review;
  }
  get committing(): boolean {
    return this.#committing;
  }
  get reviewError(): UiError | null {
    return this.#reviewError;
  }
  get notes(): ImportNotes | null {
    return this.#notes;
  }

  get missingTokens(): readonly string[] {
    return this.#missingTokens;
  }
  set missingTokens(tokens: readonly string[]) {
    this.#missingTokens = tokens.filter((t, i) => tokens.indexOf(t) === i);
  }
  get renameDuplicateHeaders(): boolean {
    return this.#renameDuplicateHeaders;
  }
  set renameDuplicateHeaders(on: boolean) {
    this.#renameDuplicateHeaders = on;
  }
  get defaultTokens(): boolean {
    return sameTokens(this.#missingTokens, DEFAULT_MISSING_TOKENS);
  }

  /** Import options as the worker takes them; defaults are left out so the worker's own apply. */
  options(overrides: { renameDuplicateHeaders?: boolean } = {}): ImportOptions {
    const rename = overrides.renameDuplicateHeaders ?? this.#renameDuplicateHeaders;
    return {
      ...(this.defaultTokens ? {} : { missingTokens: [...this.#missingTokens] }),
      ...(rename ? { renameDuplicateHeaders: true } : {}),
    };
  }

  importFile(file: File): Promise<DatasetRecord | undefined> {
    return this.#import({ kind: 'file', file }, this.options());
  }

  importUrl(url: string): Promise<DatasetRecord | undefined> {
    return this.#import({ kind: 'url', url: url.trim() }, this.options());
  }

  /** Import the last file or URL again with duplicate and blank header names renamed. */
  retryRenamed(): Promise<DatasetRecord | undefined> {
    if (!this.#last) return Promise.resolve(undefined);
    return this.#import(this.#last, this.options({ renameDuplicateHeaders: true }));
  }

  async importSample(sampleId: string, name: string): Promise<DatasetRecord | undefined> {
    const rec = await this.#run(name, (jobId, onProgress) => this.#api.importSample(sampleId, jobId, onProgress));
    if (rec) this.#onSaved(rec);
    return rec;
  }

  /** Stop the running import; it ends as cancelled (not as an error) and nothing is stored. */
  cancel(): void {
    if (!this.#running || !this.#jobId || this.#cancelling) return;
    this.#cancelling = true;
    void this.#api.cancel(this.#jobId);
  }

  /** Store the staged import with the chosen PII actions ('keep' columns are left out). */
  async commitReview(actions: PiiAction[]): Promise<DatasetRecord | undefined> {
    const review = this.#review;
    if (!review || this.#committing) return undefined;
    this.#committing = true;
    this.#reviewError = null;
    try {
      const result = await this.#api.commitImport(review.stageId, actions);
      this.#review = null;
      return this.#settle(result);
    } catch (e) {
      const err = toUiError(e);
      // The worker no longer holds the staged table: the dialog cannot succeed, so it closes.
      if (err.code === 'import_not_staged') {
        this.#review = null;
        this.#error = err;
      } else this.#reviewError = err;
      return undefined;
    } finally {
      this.#committing = false;
    }
  }

  /** Drop the staged import: nothing was stored, nothing is. */
  async discardReview(): Promise<void> {
    const review = this.#review;
    if (!review) return;
    this.#review = null;
    this.#reviewError = null;
    await this.#api.discardImport(review.stageId).catch(() => undefined);
  }

  dismissNotes(): void {
    this.#notes = null;
  }

  async #import(source: Source, options: ImportOptions): Promise<DatasetRecord | undefined> {
    if (this.#running || this.#review) return undefined;
    this.#last = source;
    const label = source.kind === 'file' ? source.file.name : source.url;
    const result = await this.#run<ImportResult>(label, (jobId, onProgress) =>
      source.kind === 'file'
        ? this.#api.importFile(source.file, jobId, onProgress, options)
        : this.#api.importUrl(source.url, jobId, onProgress, options),
    );
    return result ? this.#settle(result) : undefined;
  }

  /** A saved result is announced and returned; a review result waits for the dialog. */
  #settle(result: ImportResult): DatasetRecord | undefined {
    if (result.status === 'review') {
      this.#review = result;
      return undefined;
    }
    this.#notes = result.notes.length > 0 ? { datasetId: result.dataset.id, name: result.dataset.name, notes: result.notes } : null;
    this.#onSaved(result.dataset);
    return result.dataset;
  }

  async #run<T>(label: string, work: (jobId: string, onProgress: (p: Progress) => void) => Promise<T>): Promise<T | undefined> {
    if (this.#running) return undefined;
    const jobId = newJobId();
    this.#jobId = jobId;
    this.#running = true;
    this.#cancelling = false;
    this.#label = label;
    this.#error = null;
    this.#cancelled = null;
    this.#notes = null;
    this.#progress = { phase: 'read', fraction: -1 };
    const ended = jobActivity.begin('import');
    try {
      return await work(
        jobId,
        progressCallback((p) => {
          if (this.#jobId === jobId) this.#progress = p;
        }),
      );
    } catch (e) {
      const err = toUiError(e);
      if (err.code === 'cancelled') this.#cancelled = label;
      else this.#error = err;
      return undefined;
    } finally {
      this.#jobId = null;
      this.#running = false;
      this.#cancelling = false;
      this.#progress = null;
      ended();
    }
  }
}
