import type { ExportedFile, ModelCardView, ModelVersionDetail, ScoreResult } from '../../../workers/registry-api.ts';
import { toUiError, type Studio, type UiError } from '../worker-client.ts';
import { WorkerJob } from './WorkerJob.svelte.ts';

/**
 * One model version's page: its detail (lineage, metrics), its model card with the revision
 * history, exports and scoring. Each part loads and fails on its own, so a card that cannot be
 * built still leaves the lineage, the downloads and scoring usable.
 */
export class RegistryVersionState {
  readonly #api: Studio;
  readonly ref: string;
  readonly scoring: WorkerJob<ScoreResult>;

  #detail = $state.raw<ModelVersionDetail | null>(null);
  #detailError = $state.raw<UiError | null>(null);
  #card = $state.raw<ModelCardView | null>(null);
  #cardError = $state.raw<UiError | null>(null);
  #exporting = $state<'bundle' | 'onnx' | null>(null);

  constructor(api: Studio, ref: string) {
    this.#api = api;
    this.ref = ref;
    this.scoring = new WorkerJob<ScoreResult>(api);
  }

  get detail(): ModelVersionDetail | null {
    return this.#detail;
  }
  get detailError(): UiError | null {
    return this.#detailError;
  }
  get card(): ModelCardView | null {
    return this.#card;
  }
  get cardError(): UiError | null {
    return this.#cardError;
  }
  /** Which export is being made, if any. */
  get exporting(): 'bundle' | 'onnx' | null {
    return this.#exporting;
  }

  async load(): Promise<void> {
    try {
      this.#detail = await this.#api.modelVersion(this.ref);
      this.#detailError = null;
    } catch (e) {
      this.#detailError = toUiError(e);
      return;
    }
    await this.loadCard();
  }

  async loadCard(): Promise<void> {
    if (!this.#detail) return;
    try {
      this.#card = await this.#api.modelCard(this.#detail.id);
      this.#cardError = null;
    } catch (e) {
      this.#cardError = toUiError(e);
    }
  }

  /** Saves the sections as a new card revision; resolves to the error, or null. */
  async saveCard(sections: Record<string, string>, note: string, by: string): Promise<UiError | null> {
    if (!this.#detail) return null;
    try {
      this.#card = await this.#api.saveCardSections(this.#detail.id, sections, note, by);
      return null;
    } catch (e) {
      return toUiError(e);
    }
  }

  /** Makes the bundle or the ONNX file in the worker; resolves to it, or throws the UiError. */
  async export(kind: 'bundle' | 'onnx'): Promise<ExportedFile> {
    if (!this.#detail) throw toUiError(new Error('The version is not loaded yet.'));
    this.#exporting = kind;
    try {
      return kind === 'bundle' ? await this.#api.exportBundle(this.#detail.id) : await this.#api.exportOnnx(this.#detail.id);
    } catch (e) {
      throw toUiError(e);
    } finally {
      this.#exporting = null;
    }
  }

  score(file: File): Promise<ScoreResult | null> {
    const id = this.#detail?.id;
    if (!id) return Promise.resolve(null);
    return this.scoring.run((jobId, onProgress) => this.#api.scoreFile(id, file, jobId, onProgress), { clear: true });
  }
}
