/**
 * The offline app's lifecycle as the page sees it: registering the service worker (production
 * builds only: in `npm start` it would cache dev modules), noticing a new version, and applying
 * it when the user accepts — which reloads the page, so never while a job runs.
 */
import { jobActivity } from '../state/JobActivity.svelte.ts';

/** How often an open tab asks whether a new version has been deployed. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

export type UpdateState =
  /** Nothing to announce. */
  | 'none'
  /** A new version is installed and waits for the user. */
  | 'ready'
  /** Another tab applied a new version: this tab runs the old code and should reload. */
  | 'replaced'
  /** The user accepted: the new version is taking over, the page reloads. */
  | 'applying';

export class AppUpdate {
  #state = $state<UpdateState>('none');
  #dismissed = $state(false);
  #offlineReady = $state(false);
  #waiting: ServiceWorker | null = null;

  get state(): UpdateState {
    return this.#state;
  }
  /** Whether the prompt shows: a version is ready (or replaced this one) and the user did not say "later". */
  get visible(): boolean {
    return (this.#state === 'ready' || this.#state === 'replaced' || this.#state === 'applying') && !this.#dismissed;
  }
  /** The whole app is cached: it works offline from now on. */
  get offlineReady(): boolean {
    return this.#offlineReady;
  }
  /** Applying reloads the page, which would stop a running job. */
  get blocked(): boolean {
    return jobActivity.busy;
  }

  /** Reload into the new version; refused while a job runs. */
  apply(): void {
    if (this.blocked || this.#state === 'applying') return;
    if (this.#state === 'replaced' || !this.#waiting) {
      location.reload();
      return;
    }
    this.#state = 'applying';
    // The page reloads on controllerchange, once the new worker is in charge.
    this.#waiting.postMessage({ type: 'benchtop-activate' });
  }

  dismiss(): void {
    this.#dismissed = true;
  }

  /** Register the service worker and follow its updates. */
  async start(container: ServiceWorkerContainer, scriptUrl: string): Promise<void> {
    const hadController = container.controller !== null;
    container.addEventListener('controllerchange', () => {
      if (this.#state === 'applying') location.reload();
      // The first version taking over a fresh page changes nothing on screen.
      else if (hadController) this.#announce('replaced');
    });
    const registration = await container.register(scriptUrl, { scope: import.meta.env.BASE_URL });
    if (registration.waiting && container.controller) this.#found(registration.waiting);
    const follow = (installing: ServiceWorker | null): void =>
      installing?.addEventListener('statechange', () => {
        if (installing.state !== 'installed') return;
        if (container.controller) this.#found(installing);
        else this.#offlineReady = true;
      });
    // One may already be installing when register() resolves; later ones announce themselves.
    follow(registration.installing);
    registration.addEventListener('updatefound', () => follow(registration.installing));
    if (registration.active) this.#offlineReady = true;
    setInterval(() => {
      if (document.visibilityState === 'visible') registration.update().catch(() => undefined);
    }, UPDATE_CHECK_MS);
  }

  #found(worker: ServiceWorker): void {
    this.#waiting = worker;
    this.#announce('ready');
  }

  #announce(state: 'ready' | 'replaced'): void {
    if (this.#state === 'applying') return;
    this.#state = state;
    this.#dismissed = false;
  }
}

export const appUpdate = new AppUpdate();

/** Called once from main.ts. */
export function startOfflineApp(): void {
  if (!('serviceWorker' in navigator)) return;
  if (!import.meta.env.PROD) {
    // A worker left by a production build served on this origin would answer with stale files.
    void navigator.serviceWorker.getRegistrations().then((all) => all.forEach((r) => void r.unregister()));
    return;
  }
  appUpdate.start(navigator.serviceWorker, `${import.meta.env.BASE_URL}sw.js`).catch((e: unknown) => {
    // The studio works without the offline cache; say why it is missing, for whoever looks.
    console.warn('Benchtop: the offline cache could not be set up.', e);
  });
}
