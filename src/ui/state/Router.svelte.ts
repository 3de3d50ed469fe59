/** Hash routing: `#/` home, `#/dataset/<id>[/<tab>]`, `#/runs`, `#/runs/<id>[/<tab>]`. */

/** The dataset page's sections; 'train' (the default) is the page without a tab in its address. */
export const DATASET_TABS = ['train', 'quality', 'versions', 'contract'] as const;
export type DatasetTab = (typeof DATASET_TABS)[number];

const isDatasetTab = (s: string): s is DatasetTab => (DATASET_TABS as readonly string[]).includes(s);

/** The run evaluation page's sections; 'overview' (the default) is the page without a tab in its address. */
export const RUN_TABS = ['overview', 'curves', 'threshold', 'confusion', 'slices', 'errors', 'explain', 'compare'] as const;
export type RunTab = (typeof RUN_TABS)[number];

const isRunTab = (s: string): s is RunTab => (RUN_TABS as readonly string[]).includes(s);

export type Route =
  | { name: 'home' }
  | { name: 'dataset'; id: string; tab: DatasetTab }
  | { name: 'runs' }
  | { name: 'run'; id: string; tab: RunTab }
  | { name: 'not-found'; path: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/' || path === '') return { name: 'home' };
  if (path === '/runs') return { name: 'runs' };
  const r = /^\/runs\/([^/]+)(?:\/([a-z]+))?$/.exec(path);
  if (r?.[1]) {
    const tab = r[2] ?? 'overview';
    if (!isRunTab(tab)) return { name: 'not-found', path };
    try {
      return { name: 'run', id: decodeURIComponent(r[1]), tab };
    } catch {
      return { name: 'not-found', path };
    }
  }
  const m = /^\/dataset\/([^/]+)(?:\/([a-z]+))?$/.exec(path);
  if (m?.[1]) {
    const tab = m[2] ?? 'train';
    if (!isDatasetTab(tab)) return { name: 'not-found', path };
    try {
      return { name: 'dataset', id: decodeURIComponent(m[1]), tab };
    } catch {
      return { name: 'not-found', path };
    }
  }
  return { name: 'not-found', path };
}

export const hrefs = {
  home: '#/',
  runs: '#/runs',
  dataset: (id: string, tab: DatasetTab = 'train'): string =>
    `#/dataset/${encodeURIComponent(id)}${tab === 'train' ? '' : `/${tab}`}`,
  run: (id: string, tab: RunTab = 'overview'): string => `#/runs/${encodeURIComponent(id)}${tab === 'overview' ? '' : `/${tab}`}`,
};

export class Router {
  #route = $state.raw<Route>(parseHash(location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.#route = parseHash(location.hash);
    });
  }

  get route(): Route {
    return this.#route;
  }

  go(href: string): void {
    if (location.hash === href) return;
    location.hash = href;
  }
}
