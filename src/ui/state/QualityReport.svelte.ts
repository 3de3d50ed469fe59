import type { QualityReport } from '../../../workers/api.ts';
import type { ColumnKind } from '../../core/data/types.ts';
import type { Progress } from '../../core/jobs.ts';
import type { DatasetRecord } from '../../core/track/types.ts';
import type { PiiAction } from '../../core/validate/pii/types.ts';
import { SvelteMap } from 'svelte/reactivity';
import { toUiError, type Studio, type UiError } from '../worker-client.ts';
import { WorkerJob, type WorkerJobStatus } from './WorkerJob.svelte.ts';

export type QualityStatus = WorkerJobStatus;
export type PiiChoice = 'keep' | PiiAction['action'];

/** What a report was asked for: one version of one dataset, with or without a target. */
export interface ReportKey {
  versionId: string;
  target: string | undefined;
}

const keyOf = (datasetId: string, k: ReportKey): string => JSON.stringify([datasetId, k.versionId, k.target ?? null]);

// One state per dataset per worker handle for the session: leaving the tab and coming back keeps
// the running job and every report already computed (StudioState keeps its per-dataset jobs alike).
const registry = new WeakMap<object, Map<string, QualityReportState>>();

/**
 * The quality report of one dataset: runs it as a cancellable job, caches each result by
 * version and target, and carries the edits the report invites (column kinds, PII actions)
 * until they are applied as a new version.
 */
export class QualityReportState {
  readonly #api: Studio;
  readonly #datasetId: string;
  // A cache, not state: reports are immutable and the shown one is the job's result.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #cache = new Map<string, QualityReport>();
  readonly #job: WorkerJob<QualityReport>;
  #asked = $state.raw<ReportKey | null>(null);
  /** undefined: the person has not chosen (the tab offers a default); null: no target. */
  #target = $state<string | null | undefined>(undefined);

  // Column names are data ('__proto__' included): Maps, never plain objects.
  readonly #kinds = new SvelteMap<string, ColumnKind>();
  readonly #pii = new SvelteMap<string, PiiChoice>();
  #applying = $state<'retype' | 'scrub' | null>(null);
  #applyError = $state.raw<{ which: 'retype' | 'scrub'; error: UiError } | null>(null);
  #applied = $state<string | null>(null);

  static for(api: Studio, datasetId: string): QualityReportState {
    let perApi = registry.get(api);
    // A registry, not state: each QualityReportState is reactive itself.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    if (!perApi) registry.set(api, (perApi = new Map()));
    let state = perApi.get(datasetId);
    if (!state) perApi.set(datasetId, (state = new QualityReportState(api, datasetId)));
    return state;
  }

  constructor(api: Studio, datasetId: string) {
    this.#api = api;
    this.#datasetId = datasetId;
    this.#job = new WorkerJob(api);
  }

  get status(): QualityStatus {
    return this.#job.status;
  }
  get active(): boolean {
    return this.#job.active;
  }
  get progress(): Progress | null {
    return this.#job.progress;
  }
  /** The report on screen: the last one finished for the asked key (kept while a re-run goes). */
  get report(): QualityReport | null {
    return this.#job.result;
  }
  get error(): UiError | null {
    return this.#job.error;
  }
  /** What the latest run (or cache hit) was for. */
  get asked(): ReportKey | null {
    return this.#asked;
  }
  get target(): string | null | undefined {
    return this.#target;
  }
  set target(t: string | null | undefined) {
    this.#target = t;
  }

  /** Show the cached report for the key, or run it unless it is already running or was just stopped. */
  ensure(key: ReportKey): void {
    const asked = this.#asked;
    if (asked && asked.versionId !== key.versionId) this.clearEdits();
    if (asked && asked.versionId === key.versionId && asked.target === key.target) {
      if (this.#job.status !== 'idle') return;
    }
    const hit = this.#cache.get(keyOf(this.#datasetId, key));
    if (hit) {
      this.#asked = key;
      this.#job.show(hit);
      return;
    }
    void this.run(key);
  }

  /** Run the report now (a re-run skips the cache); a run for another key is cancelled first. */
  async run(key: ReportKey): Promise<void> {
    // A report of another version is not shown while this one runs; another target's is.
    const clear = this.#asked?.versionId !== key.versionId;
    this.#asked = key;
    const report = await this.#job.run(
      (jobId, onProgress) => this.#api.qualityReport(this.#datasetId, key.target, jobId, onProgress),
      { clear },
    );
    if (report) this.#cache.set(keyOf(this.#datasetId, { versionId: report.versionId, target: key.target }), report);
  }

  cancel(): Promise<void> {
    return this.#job.cancel();
  }

  // ---- Edits that create a version ----

  /** Column kinds the person changed, not yet applied. */
  get kindChanges(): ReadonlyMap<string, ColumnKind> {
    return this.#kinds;
  }
  /** PII actions chosen per column ('keep' is never stored). */
  get piiChoices(): ReadonlyMap<string, PiiChoice> {
    return this.#pii;
  }
  get applying(): 'retype' | 'scrub' | null {
    return this.#applying;
  }
  /** Why the last type change failed (column_kind_mismatch names the row and value). */
  get retypeError(): UiError | null {
    return this.#applyError?.which === 'retype' ? this.#applyError.error : null;
  }
  get scrubError(): UiError | null {
    return this.#applyError?.which === 'scrub' ? this.#applyError.error : null;
  }
  /** One line about the last version created here. */
  get applied(): string | null {
    return this.#applied;
  }

  /** Choose a kind for a column; choosing its current kind again drops the change. */
  setKind(column: string, kind: ColumnKind, current: ColumnKind): void {
    if (kind === current) this.#kinds.delete(column);
    else this.#kinds.set(column, kind);
  }

  setPiiChoice(column: string, choice: PiiChoice): void {
    if (choice === 'keep') this.#pii.delete(column);
    else this.#pii.set(column, choice);
  }

  /** Forget edits made against an older version (their columns may no longer match). */
  clearEdits(): void {
    this.#kinds.clear();
    this.#pii.clear();
    this.#applyError = null;
  }

  dismissApplied(): void {
    this.#applied = null;
  }

  /** Re-read the changed columns as their new kinds: a new version (the caller refreshes the dataset list). */
  retype(): Promise<DatasetRecord | undefined> {
    const kinds = [...this.#kinds];
    if (kinds.length === 0) return Promise.resolve(undefined);
    const what = kinds.length === 1 ? `1 column re-typed` : `${kinds.length} columns re-typed`;
    return this.#apply('retype', () => this.#api.retypeColumns(this.#datasetId, kinds), what);
  }

  /** Drop, mask or hash the chosen PII columns: a new version. */
  scrub(): Promise<DatasetRecord | undefined> {
    const actions: PiiAction[] = [...this.#pii].flatMap(([column, action]) => (action === 'keep' ? [] : [{ column, action }]));
    if (actions.length === 0) return Promise.resolve(undefined);
    const what = actions.length === 1 ? '1 column scrubbed' : `${actions.length} columns scrubbed`;
    return this.#apply('scrub', () => this.#api.scrubColumns(this.#datasetId, actions), what);
  }

  async #apply(which: 'retype' | 'scrub', work: () => Promise<DatasetRecord>, what: string): Promise<DatasetRecord | undefined> {
    if (this.#applying) return undefined;
    this.#applying = which;
    this.#applyError = null;
    this.#applied = null;
    try {
      const rec = await work();
      if (which === 'retype') this.#kinds.clear();
      else this.#pii.clear();
      this.#applied = `Created version ${rec.lastVersionNumber}: ${what}.`;
      return rec;
    } catch (e) {
      this.#applyError = { which, error: toUiError(e) };
      return undefined;
    } finally {
      this.#applying = null;
    }
  }
}
