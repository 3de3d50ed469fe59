import type { EvaluationRequest, ExplainRequest, ExplainResult, RunComparison, RunDecision, RunEvaluation } from '../../../workers/api.ts';
import type { CalibrationMethod } from '../../core/evaluate/calibration/index.ts';
import type { EvaluationRows } from '../../core/evaluate/run-evaluation/types.ts';
import type { SlicePredicate } from '../../core/evaluate/slices/index.ts';
import type { CostMatrix } from '../../core/evaluate/threshold/index.ts';
import type { RunRecord } from '../../core/track/types.ts';
import { SvelteMap } from 'svelte/reactivity';
import { toUiError, type Studio, type UiError } from '../worker-client.ts';
import { WorkerJob } from './WorkerJob.svelte.ts';

/** How long the threshold must rest before the page asks the worker again. */
export const THRESHOLD_DEBOUNCE_MS = 300;

export type NoteStatus = { state: 'saving' } | { state: 'saved' } | { state: 'failed'; error: UiError };

// One state per run per worker handle for the session: leaving the page and coming back keeps
// the evaluation, the explanations and any job still running.
const registry = new WeakMap<object, Map<string, RunEvaluationState>>();

/**
 * The evaluation page of one run: the run record, its evaluation (re-asked as the rows,
 * calibration, threshold, costs, slice filters or sensitive attribute change; each answer cached
 * by request), the explanation and comparison jobs, the saved decision and the row notes.
 */
export class RunEvaluationState {
  readonly #api: Studio;
  readonly runId: string;
  readonly evaluation: WorkerJob<RunEvaluation>;
  readonly permutation: WorkerJob<ExplainResult>;
  readonly dependence: WorkerJob<ExplainResult>;
  readonly shap: WorkerJob<ExplainResult>;
  readonly comparison: WorkerJob<RunComparison>;
  // A cache, not state: evaluations are immutable and the shown one lives in the job.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #cache = new Map<string, RunEvaluation>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** A threshold move is waiting for the debounce (the timer itself is not reactive). */
  #waiting = $state(false);

  #run = $state.raw<RunRecord | null>(null);
  #runError = $state.raw<UiError | null>(null);
  /** The threshold asked for; undefined: the saved decision's (or 0.5). */
  #threshold = $state<number | undefined>(undefined);
  #cost = $state.raw<CostMatrix | undefined>(undefined);
  #sensitive = $state<string | undefined>(undefined);
  #rows = $state<EvaluationRows>('held-out');
  /** The calibration asked for; undefined: the saved decision's (or none). */
  #calibration = $state<CalibrationMethod | 'none' | undefined>(undefined);
  #filters = $state.raw<readonly SlicePredicate[]>([]);
  /** The decision saved from this page (the evaluation's copy is from before the save). */
  #saved = $state.raw<{ decision: RunDecision } | null>(null);
  #savingDecision = $state(false);
  #decisionError = $state.raw<UiError | null>(null);
  readonly #notes = new SvelteMap<number, string>();
  readonly #noteStatus = new SvelteMap<number, NoteStatus>();

  static for(api: Studio, runId: string): RunEvaluationState {
    let perApi = registry.get(api);
    // A registry, not state: each RunEvaluationState is reactive itself.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    if (!perApi) registry.set(api, (perApi = new Map()));
    let state = perApi.get(runId);
    if (!state) perApi.set(runId, (state = new RunEvaluationState(api, runId)));
    return state;
  }

  constructor(api: Studio, runId: string) {
    this.#api = api;
    this.runId = runId;
    this.evaluation = new WorkerJob(api);
    this.permutation = new WorkerJob(api);
    this.dependence = new WorkerJob(api);
    this.shap = new WorkerJob(api);
    this.comparison = new WorkerJob(api);
  }

  get run(): RunRecord | null {
    return this.#run;
  }
  get runError(): UiError | null {
    return this.#runError;
  }
  get result(): RunEvaluation | null {
    return this.evaluation.result;
  }

  /** The threshold on screen: the one asked for, else the evaluation's, else 0.5. */
  get threshold(): number {
    return this.#threshold ?? this.evaluation.result?.decision.threshold ?? 0.5;
  }
  /** Whether the threshold on screen is still waiting for (or getting) the worker's answer. */
  get thresholdPending(): boolean {
    return this.#threshold !== undefined && (this.evaluation.active || this.#waiting);
  }
  get cost(): CostMatrix | undefined {
    return this.#cost;
  }
  get sensitive(): string | undefined {
    return this.#sensitive;
  }

  get rows(): EvaluationRows {
    return this.#rows;
  }
  /** The calibration on screen: the one asked for, else the evaluation's (the saved decision's), else none. */
  get calibration(): CalibrationMethod | 'none' {
    return this.#calibration ?? this.evaluation.result?.decision.calibration ?? 'none';
  }
  /** The user's slice filters, in the order added. */
  get filters(): readonly SlicePredicate[] {
    return this.#filters;
  }

  /** The decision saved with the run, as of now. */
  get savedDecision(): RunDecision | undefined {
    return this.#saved ? this.#saved.decision : this.evaluation.result?.savedDecision;
  }
  get savingDecision(): boolean {
    return this.#savingDecision;
  }
  get decisionError(): UiError | null {
    return this.#decisionError;
  }

  /** A row's note: saved from this page, else as the evaluation brought it. */
  note(row: number, fallback: string | undefined): string {
    return this.#notes.get(row) ?? fallback ?? '';
  }
  noteStatus(row: number): NoteStatus | undefined {
    return this.#noteStatus.get(row);
  }

  request(): EvaluationRequest {
    return {
      ...(this.#threshold !== undefined ? { threshold: this.#threshold } : {}),
      ...(this.#cost ? { cost: this.#cost } : {}),
      ...(this.#sensitive ? { sensitive: this.#sensitive } : {}),
      // The default rows stay out of the request, so its cache key is the same as before they existed.
      ...(this.#rows !== 'held-out' ? { rows: this.#rows } : {}),
      ...(this.#calibration !== undefined ? { calibration: this.#calibration } : {}),
      ...(this.#filters.length > 0 ? { slices: { filters: [...this.#filters] } } : {}),
    };
  }

  /** Load the run record (once; again with force). */
  async loadRun(force = false): Promise<void> {
    if (this.#run && !force) return;
    try {
      this.#run = await this.#api.getRun(this.runId);
      this.#runError = null;
    } catch (e) {
      this.#runError = toUiError(e);
    }
  }

  /** Evaluate unless the current request's evaluation is shown or on its way. */
  ensure(): void {
    if (this.evaluation.active) return;
    const hit = this.#cache.get(JSON.stringify(this.request()));
    if (hit && this.evaluation.result === hit) return;
    if (this.evaluation.status === 'cancelled' || this.evaluation.status === 'failed') return;
    void this.evaluate();
  }

  /** Ask the worker for the current request's evaluation (a cache hit shows at once). */
  async evaluate(force = false): Promise<void> {
    this.#clearTimer();
    const request = this.request();
    const key = JSON.stringify(request);
    const hit = force ? undefined : this.#cache.get(key);
    if (hit) {
      this.evaluation.show(hit);
      return;
    }
    const result = await this.evaluation.run((jobId, onProgress) => this.#api.evaluateRun(this.runId, request, jobId, onProgress));
    if (result) this.#cache.set(key, result);
  }

  /** Move the threshold; the worker is asked again once it rests (or at once with `now`). */
  setThreshold(t: number, now = false): void {
    if (!Number.isFinite(t)) return;
    this.#threshold = Math.min(1, Math.max(0, t));
    this.#clearTimer();
    if (now) {
      void this.evaluate();
      return;
    }
    this.#waiting = true;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#waiting = false;
      void this.evaluate();
    }, THRESHOLD_DEBOUNCE_MS);
  }

  /** Costs fill the cost column and the cost-minimising threshold. */
  setCost(cost: CostMatrix | undefined): void {
    this.#cost = cost;
    void this.evaluate();
  }

  setSensitive(column: string | undefined): void {
    this.#sensitive = column || undefined;
    void this.evaluate();
  }

  /** Evaluate on the held-out rows or on the locked final test set. */
  setRows(rows: EvaluationRows): void {
    this.#rows = rows;
    void this.evaluate();
  }

  /** Post-hoc calibration: fitted on half of the rows, everything reported on the other half. */
  setCalibration(method: CalibrationMethod | 'none'): void {
    this.#calibration = method;
    void this.evaluate();
  }

  /** Add a slice filter (an identical one is not added twice). */
  addFilter(filter: SlicePredicate): void {
    const key = JSON.stringify(filter);
    if (this.#filters.some((f) => JSON.stringify(f) === key)) return;
    this.#filters = [...this.#filters, filter];
    void this.evaluate();
  }

  removeFilter(index: number): void {
    if (index < 0 || index >= this.#filters.length) return;
    this.#filters = this.#filters.filter((_, i) => i !== index);
    void this.evaluate();
  }

  async saveDecision(decision: RunDecision): Promise<boolean> {
    this.#savingDecision = true;
    this.#decisionError = null;
    try {
      this.#run = await this.#api.saveDecision(this.runId, decision);
      this.#saved = { decision };
      return true;
    } catch (e) {
      this.#decisionError = toUiError(e);
      return false;
    } finally {
      this.#savingDecision = false;
    }
  }

  async saveNote(row: number, text: string): Promise<void> {
    this.#noteStatus.set(row, { state: 'saving' });
    try {
      await this.#api.saveRowNote(this.runId, row, text);
      this.#notes.set(row, text);
      this.#noteStatus.set(row, { state: 'saved' });
      // Cached evaluations carry the old notes: the next visit asks again.
      this.#cache.clear();
    } catch (e) {
      this.#noteStatus.set(row, { state: 'failed', error: toUiError(e) });
    }
  }

  explain(request: ExplainRequest): Promise<ExplainResult | null> {
    const job = request.kind === 'permutation' ? this.permutation : request.kind === 'partial-dependence' ? this.dependence : this.shap;
    return job.run((jobId, onProgress) => this.#api.explainRun(this.runId, request, jobId, onProgress), { clear: true });
  }

  compare(other: string, metric: string | undefined): Promise<RunComparison | null> {
    return this.comparison.run((jobId, onProgress) => this.#api.compareRuns(this.runId, other, metric, jobId, onProgress), { clear: true });
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#waiting = false;
  }
}
