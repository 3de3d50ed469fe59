/**
 * The service worker: after one online visit every file of the build (app shell, chunks, workers,
 * wasm binaries, sample datasets) is served from the cache, so the studio works offline.
 *
 * Built by the `benchtop-pwa` plugin in vite.config.ts, which lists the files with a content hash
 * each (`__PRECACHE__`): any change to the build changes this script's bytes, which is how the
 * browser notices a new version. A new version installs alongside the running one and waits; the
 * page activates it only when the user accepts the update prompt (src/ui/pwa/AppUpdate.svelte.ts),
 * never in the middle of a job.
 */
export {};

declare const self: ServiceWorkerGlobalScope;
declare const __PRECACHE__: { version: string; files: { url: string; rev: string }[] };

const PREFIX = 'benchtop-precache-';
const CACHE = PREFIX + __PRECACHE__.version;
const SHELL = 'index.html';
// A tab still on the previous version may load a chunk it has not loaded yet (a worker): keep that
// version's cache too, one back.
const KEEP_PREVIOUS = 1;

const scope = new URL(self.registration.scope);
/** Path below the scope ('assets/x.js') -> cache key, which carries the revision. */
const keys = new Map(__PRECACHE__.files.map((f) => [f.url, cacheKey(f.url, f.rev)]));

function cacheKey(url: string, rev: string): string {
  return new URL(`${url}?__rev=${rev}`, scope).href;
}

/**
 * The site is cross-origin isolated (COOP/COEP; the tree-training pool shares memory with its
 * workers). Responses replayed from the cache keep the headers they were stored with; setting
 * them here keeps isolation on hosts that cannot send them, and dropping `redirected` lets a
 * stored shell answer navigations.
 */
async function storable(response: Response): Promise<Response> {
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  const older = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
  await Promise.all(
    __PRECACHE__.files.map(async ({ url, rev }) => {
      const key = cacheKey(url, rev);
      if (await cache.match(key)) return;
      // Unchanged files (same revision) are copied from the previous version, not downloaded again.
      for (const name of older) {
        const hit = await (await caches.open(name)).match(key);
        if (hit) return cache.put(key, hit);
      }
      const response = await fetch(new URL(url, scope), { cache: 'no-cache' });
      if (!response.ok) throw new Error(`Benchtop offline cache: ${url} answered HTTP ${response.status}`);
      await cache.put(key, await storable(response));
    }),
  );
}

async function dropOldCaches(): Promise<void> {
  const older = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
  // caches.keys() lists caches in creation order: keep the newest of the older ones.
  await Promise.all(older.slice(0, Math.max(0, older.length - KEEP_PREVIOUS)).map((name) => caches.delete(name)));
}

async function respond(request: Request, path: string): Promise<Response> {
  const cache = await caches.open(CACHE);
  const key = keys.get(path) ?? (request.mode === 'navigate' ? keys.get(SHELL) : undefined);
  const hit = key ? await cache.match(key) : await caches.match(request, { ignoreSearch: true });
  return hit ?? fetch(request);
}

self.addEventListener('install', (event) => {
  // No skipWaiting: a new version waits until the page says the user accepted it.
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  // The first version takes over the page that installed it, so it works offline from now on.
  event.waitUntil(dropOldCaches().then(() => self.clients.claim()));
});

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'benchtop-activate') void self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // Anything outside the app (an https dataset URL the user typed) goes to the network untouched.
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  const path = url.pathname.slice(scope.pathname.length) || SHELL;
  if (!keys.has(path) && request.mode !== 'navigate' && !path.startsWith('assets/')) return;
  event.respondWith(respond(request, path));
});
