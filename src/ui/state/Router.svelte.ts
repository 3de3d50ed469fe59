/** Hash routing: `#/` home, `#/dataset/<id>`, `#/runs`. */

export type Route =
  | { name: 'home' }
  | { name: 'dataset'; id: string }
  | { name: 'runs' }
  | { name: 'not-found'; path: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/' || path === '') return { name: 'home' };
  if (path === '/runs') return { name: 'runs' };
  const m = /^\/dataset\/([^/]+)$/.exec(path);
  if (m?.[1]) {
    try {
      return { name: 'dataset', id: decodeURIComponent(m[1]) };
    } catch {
      return { name: 'not-found', path };
    }
  }
  return { name: 'not-found', path };
}

export const hrefs = {
  home: '#/',
  runs: '#/runs',
  dataset: (id: string): string => `#/dataset/${encodeURIComponent(id)}`,
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
