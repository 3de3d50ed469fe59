/** Hash routing: `#/` home, `#/dataset/<id>[/<tab>]`, `#/runs`, `#/runs/<id>[/<tab>]`, `#/compare?runs=<id>,<id>…`. */

/** The dataset page's sections; 'train' (the default) is the page without a tab in its address. */
export const DATASET_TABS = ['train', 'search', 'quality', 'versions', 'contract'] as const;
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
  | { name: 'workspace' }
  | { name: 'run'; id: string; tab: RunTab }
  /** Ids in the order given (duplicates and blanks dropped); the view says when there are too few or too many. */
  | { name: 'compare'; ids: string[] }
  /** The model registry: `#/models`, `#/models/<name>`, `#/models/<name>/v<version>`. */
  | { name: 'models' }
  | { name: 'model'; model: string; version?: number }
  /** A shared experiment: `#/link/<payload>` (untrusted; OpenLinkView decodes it). */
  | { name: 'link'; payload: string }
  /** A version's batch scoring and drift monitoring: `#/models/<name>/v<version>/monitor`. */
  | { name: 'monitor'; model: string; version: number }
  | { name: 'not-found'; path: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/' || path === '') return { name: 'home' };
  if (path === '/runs') return { name: 'runs' };
  if (path === '/models' || path.startsWith('/models/')) return parseModels(path);
  if (path === '/workspace') return { name: 'workspace' };
  if (path.startsWith('/link/')) return { name: 'link', payload: path.slice('/link/'.length) };
  const c = /^\/compare(?:\?(.*))?$/.exec(path);
  if (c) return parseCompare(c[1] ?? '', path);
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

function parseCompare(query: string, path: string): Route {
  // Split before decoding: an encoded comma (%2C) belongs to an id, a bare one separates ids.
  const param = query.split('&').find((p) => p.startsWith('runs='));
  try {
    const ids = (param?.slice('runs='.length) ?? '').split(',').map((s) => decodeURIComponent(s.replaceAll('+', ' ')).trim());
    return { name: 'compare', ids: [...new Set(ids.filter((s) => s !== ''))] };
  } catch {
    return { name: 'not-found', path };
  }
}

function parseModels(path: string): Route {
  const m = /^\/models(?:\/([^/]+)(?:\/v([1-9][0-9]{0,8})(\/monitor)?)?)?$/.exec(path);
  if (!m) return { name: 'not-found', path };
  if (!m[1]) return { name: 'models' };
  try {
    const model = decodeURIComponent(m[1]);
    if (m[2] && m[3]) return { name: 'monitor', model, version: Number(m[2]) };
    return m[2] ? { name: 'model', model, version: Number(m[2]) } : { name: 'model', model };
  } catch {
    return { name: 'not-found', path };
  }
}

export const hrefs = {
  home: '#/',
  runs: '#/runs',
  models: '#/models',
  model: (name: string, version?: number): string => `#/models/${encodeURIComponent(name)}${version === undefined ? '' : `/v${version}`}`,
  monitor: (name: string, version: number): string => `#/models/${encodeURIComponent(name)}/v${version}/monitor`,
  workspace: '#/workspace',
  /** Where a shared experiment saved as a file is opened. */
  openSharedFile: '#/link/',
  dataset: (id: string, tab: DatasetTab = 'train'): string =>
    `#/dataset/${encodeURIComponent(id)}${tab === 'train' ? '' : `/${tab}`}`,
  run: (id: string, tab: RunTab = 'overview'): string => `#/runs/${encodeURIComponent(id)}${tab === 'overview' ? '' : `/${tab}`}`,
  /** Commas separate the ids, so each is encoded (a comma inside an id stays in it). */
  compare: (ids: readonly string[]): string => `#/compare?runs=${ids.map(encodeURIComponent).join(',')}`,
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
