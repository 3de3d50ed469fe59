import type { RunShareLink } from '../../../workers/share-api.ts';
import { shareUrl } from '../../core/share/encode-share-link.ts';
import { toUiError, type Studio, type UiError } from '../worker-client.ts';

/** "Copy link" on a run: asks the worker for the run's link, shows it, copies it, or offers the spec file when too long. */
export class ShareLinkState {
  readonly #api: Studio;
  readonly #runId: string;
  #working = $state(false);
  #result = $state.raw<RunShareLink | null>(null);
  #error = $state.raw<UiError | null>(null);
  #copied = $state<'yes' | 'no' | null>(null);

  constructor(api: Studio, runId: string) {
    this.#api = api;
    this.#runId = runId;
  }

  get working(): boolean {
    return this.#working;
  }
  get result(): RunShareLink | null {
    return this.#result;
  }
  get error(): UiError | null {
    return this.#error;
  }
  /** 'yes' copied to the clipboard; 'no' the clipboard refused (the field is there to copy by hand). */
  get copied(): 'yes' | 'no' | null {
    return this.#copied;
  }
  /** The full address to share, on this page's own origin and path. */
  get url(): string | null {
    const f = this.#result?.fragment;
    return f ? shareUrl(location.href, f) : null;
  }

  /** Make (or remake, e.g. with a data URL) the link, then try the clipboard. */
  async make(dataUrl?: string): Promise<void> {
    this.#working = true;
    this.#error = null;
    this.#copied = null;
    try {
      this.#result = await this.#api.shareRunLink(this.#runId, dataUrl?.trim() ? { dataUrl: dataUrl.trim() } : {});
    } catch (e) {
      this.#error = toUiError(e);
      this.#result = null;
    } finally {
      this.#working = false;
    }
    if (this.url) await this.copy();
  }

  async copy(): Promise<void> {
    const url = this.url;
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      this.#copied = 'yes';
    } catch {
      this.#copied = 'no';
    }
  }

  /** The payload as a JSON file: the fallback when the link would be too long to share. */
  download(): void {
    const json = this.#result?.json;
    if (!json) return;
    const href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = href;
    a.download = `benchtop-experiment-${this.#runId.slice(0, 8)}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }
}
