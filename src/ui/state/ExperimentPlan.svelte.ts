import { untrack } from 'svelte';
import type { ExperimentPreview, FeaturePreview } from '../../../workers/api.ts';
import type { ExperimentSpec, PipelineStep } from '../../core/spec/types.ts';
import { toUiError, type Studio, type UiError } from '../worker-client.ts';

/** How long the form must be still before the worker is asked for a new plan. */
export const PLAN_DEBOUNCE_MS = 300;
/** Transformed rows shown in the features preview. */
export const FEATURE_PREVIEW_ROWS = 20;

/**
 * The plan of the experiment the train form describes: the worker's preview (explicit
 * pipeline, split summaries, warnings) and the first transformed rows, refreshed shortly
 * after the form settles (the latest request wins). Also holds the user's own pipeline,
 * edited as JSON, which replaces `pipeline: 'auto'` in the spec that is previewed and trained.
 */
export class ExperimentPlan {
  readonly #api: Studio;
  readonly #datasetId: string;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #request = 0;
  #scheduledKey = '';
  /** The form's spec (pipeline 'auto'); null while the form has problems. */
  #base: ExperimentSpec | null = null;

  #formValid = $state(false);
  #formSpec = $state.raw<ExperimentSpec | null>(null);
  #preview = $state.raw<ExperimentPreview | null>(null);
  #error = $state.raw<UiError | null>(null);
  #loading = $state(false);
  #features = $state.raw<FeaturePreview | null>(null);
  #featuresError = $state.raw<UiError | null>(null);
  #featuresLoading = $state(false);

  #editing = $state(false);
  #pipelineText = $state('');
  #pipeline = $state.raw<PipelineStep[] | null>(null);
  #pipelineTextError = $state<string | null>(null);

  constructor(api: Studio, datasetId: string) {
    this.#api = api;
    this.#datasetId = datasetId;
  }

  get datasetId(): string {
    return this.#datasetId;
  }
  /** False while the form has problems: the plan shown is the last valid one. */
  get formValid(): boolean {
    return this.#formValid;
  }
  /** The form's spec (with the custom pipeline, when there is one); null while the form has problems. */
  get formSpec(): ExperimentSpec | null {
    return this.#formSpec ? this.specFor(this.#formSpec) : null;
  }
  get preview(): ExperimentPreview | null {
    return this.#preview;
  }
  get error(): UiError | null {
    return this.#error;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get features(): FeaturePreview | null {
    return this.#features;
  }
  get featuresError(): UiError | null {
    return this.#featuresError;
  }
  get featuresLoading(): boolean {
    return this.#featuresLoading;
  }
  get editing(): boolean {
    return this.#editing;
  }
  get pipelineText(): string {
    return this.#pipelineText;
  }
  /** The user's pipeline (last valid JSON array), or null for 'auto'. */
  get customPipeline(): PipelineStep[] | null {
    return this.#pipeline;
  }
  get pipelineTextError(): string | null {
    return this.#pipelineTextError;
  }
  /** A form problem while the pipeline JSON cannot be used. */
  get pipelineProblem(): string | null {
    return this.#pipelineTextError ? 'The pipeline JSON is not valid: fix it or reset to auto.' : null;
  }

  /** The spec to preview and train: the form's, with the custom pipeline when there is one. Plain data. */
  specFor(base: ExperimentSpec): ExperimentSpec {
    const pipeline = this.#pipeline;
    return pipeline ? { ...base, pipeline } : base;
  }

  /** Called by the form whenever its values change (null while they have problems). */
  setFormSpec(spec: ExperimentSpec | null): void {
    untrack(() => {
      this.#base = spec;
      this.#formSpec = spec;
      this.#formValid = spec !== null;
      this.#schedule();
    });
  }

  toggleEditor(): void {
    if (this.#editing) {
      this.#editing = false;
      return;
    }
    if (!this.#pipeline && this.#preview) {
      this.#pipelineText = JSON.stringify(this.#preview.spec.pipeline, null, 2);
      this.#pipeline = structuredClone(this.#preview.spec.pipeline);
      this.#pipelineTextError = null;
    }
    this.#editing = true;
    this.#schedule();
  }

  setPipelineText(text: string): void {
    this.#pipelineText = text;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      this.#pipelineTextError = `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    if (!Array.isArray(parsed)) {
      this.#pipelineTextError = 'The pipeline must be a JSON array of steps, e.g. [{"kind": "impute"}, {"kind": "scale"}].';
      return;
    }
    this.#pipelineTextError = null;
    this.#pipeline = parsed as PipelineStep[];
    this.#schedule();
  }

  resetToAuto(): void {
    this.#pipeline = null;
    this.#pipelineText = '';
    this.#pipelineTextError = null;
    this.#editing = false;
    this.#schedule();
  }

  /** The whole transformed matrix as CSV (same bytes as the CLI's --features-out). */
  async featuresCsv(): Promise<string> {
    if (!this.#base) throw new Error('The form has problems; fix them first.');
    return this.#api.featuresCsv(this.#datasetId, this.specFor(this.#base));
  }

  #schedule(): void {
    if (!this.#base) return;
    const spec = this.specFor(this.#base);
    const key = JSON.stringify(spec);
    if (key === this.#scheduledKey) return;
    this.#scheduledKey = key;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#refresh(spec), PLAN_DEBOUNCE_MS);
  }

  async #refresh(spec: ExperimentSpec): Promise<void> {
    const id = ++this.#request;
    const current = (): boolean => id === this.#request;
    this.#loading = true;
    this.#featuresLoading = true;
    try {
      const preview = await this.#api.previewExperiment(this.#datasetId, spec);
      if (!current()) return;
      this.#preview = preview;
      this.#error = null;
    } catch (e) {
      if (!current()) return;
      // Keep the last good plan on screen; the error says why this one failed.
      this.#error = toUiError(e);
      this.#features = null;
      this.#featuresError = null;
      this.#loading = false;
      this.#featuresLoading = false;
      return;
    }
    this.#loading = false;
    try {
      const features = await this.#api.previewFeatures(this.#datasetId, spec, FEATURE_PREVIEW_ROWS);
      if (!current()) return;
      this.#features = features;
      this.#featuresError = null;
    } catch (e) {
      if (!current()) return;
      this.#featuresError = toUiError(e);
    } finally {
      if (current()) this.#featuresLoading = false;
    }
  }
}
