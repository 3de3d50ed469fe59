import type { ModelVersionSummary, RegisteredModelSummary } from '../../../workers/registry-api.ts';
import { toUiError, type Studio, type UiError } from '../worker-client.ts';

export interface AliasMove {
  alias: string;
  from: number | null;
  to: number | null;
  at: number;
  by: string;
  note: string;
}

/**
 * One registered model's page: the model, its versions (newest first) and its alias log.
 * Every change reloads all three, so what is shown is what is stored; a failed change leaves
 * the page as it was and returns the error for the form that asked.
 */
export class RegistryModelState {
  readonly #api: Studio;
  readonly name: string;

  #model = $state.raw<RegisteredModelSummary | null>(null);
  #versions = $state.raw<ModelVersionSummary[]>([]);
  #history = $state.raw<AliasMove[]>([]);
  #loading = $state(true);
  #loadError = $state.raw<UiError | null>(null);
  #busy = $state(false);

  constructor(api: Studio, name: string) {
    this.#api = api;
    this.name = name;
  }

  get model(): RegisteredModelSummary | null {
    return this.#model;
  }
  get versions(): ModelVersionSummary[] {
    return this.#versions;
  }
  /** Newest first. */
  get history(): AliasMove[] {
    return this.#history;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get loadError(): UiError | null {
    return this.#loadError;
  }
  /** A change is being saved. */
  get busy(): boolean {
    return this.#busy;
  }

  async load(): Promise<void> {
    try {
      const [model, versions, history] = await Promise.all([
        this.#api.registeredModel(this.name),
        this.#api.modelVersions(this.name),
        this.#api.aliasHistory(this.name),
      ]);
      this.#model = model;
      this.#versions = versions;
      this.#history = [...history].reverse();
      this.#loadError = null;
    } catch (e) {
      this.#loadError = toUiError(e);
    } finally {
      this.#loading = false;
    }
  }

  /** Runs a change, then reloads; resolves to its error, or null when it was saved. */
  async #change(work: () => Promise<unknown>): Promise<UiError | null> {
    this.#busy = true;
    try {
      await work();
      return null;
    } catch (e) {
      return toUiError(e);
    } finally {
      this.#busy = false;
      await this.load();
    }
  }

  setAlias(alias: string, version: number | null, note: string, by: string): Promise<UiError | null> {
    return this.#change(() => this.#api.setAlias(this.name, alias, version, note, by));
  }

  rollback(alias: string, note: string, by: string): Promise<UiError | null> {
    return this.#change(() => this.#api.rollbackAlias(this.name, alias, note, by));
  }

  setDescription(text: string): Promise<UiError | null> {
    return this.#change(() => this.#api.setModelDescription(this.name, text));
  }

  deleteVersion(id: string, force: boolean): Promise<UiError | null> {
    return this.#change(() => this.#api.deleteModelVersion(id, force));
  }

  /** Deleting the whole model does not reload (there is nothing left to show). */
  async deleteModel(force: boolean): Promise<UiError | null> {
    this.#busy = true;
    try {
      await this.#api.deleteRegisteredModel(this.name, force);
      return null;
    } catch (e) {
      return toUiError(e);
    } finally {
      this.#busy = false;
    }
  }
}
