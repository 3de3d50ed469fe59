import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const STATIC_DIR = path.resolve(import.meta.dirname, 'static');

const MIME: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.ndjson': 'application/x-ndjson; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.arrow': 'application/vnd.apache.arrow.stream',
  '.parquet': 'application/octet-stream',
};

/** Serve `static/` at `/static/` in dev and preview; copy it to `dist/static/` on build. */
function staticFolder(): Plugin {
  let outDir = 'dist';
  let isBuild = false;
  const middleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const url = req.url ?? '';
    if (!url.startsWith('/static/')) return next();
    let rel: string;
    try {
      rel = decodeURIComponent(url.slice('/static/'.length).split('?')[0] ?? '');
    } catch {
      return next();
    }
    const file = path.resolve(STATIC_DIR, rel);
    // Never serve anything outside static/.
    if (!file.startsWith(STATIC_DIR + path.sep)) return next();
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) return next();
      res.setHeader('Content-Type', MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
      res.setHeader('Content-Length', String(st.size));
      fs.createReadStream(file).pipe(res);
    });
  };
  return {
    name: 'benchtop-static-folder',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      isBuild = config.command === 'build';
    },
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
    closeBundle() {
      if (!isBuild || !fs.existsSync(STATIC_DIR) || !fs.existsSync(outDir)) return;
      fs.cpSync(STATIC_DIR, path.join(outDir, 'static'), { recursive: true });
    },
  };
}

/**
 * Cross-origin isolation lets the tree-training pool share binned data and gradients with its
 * workers through SharedArrayBuffer instead of copying them every round. Where a host cannot
 * send these headers the pool still works, by copying (workers/gbdt-pool.ts checks
 * crossOriginIsolated). User-typed URLs are fetched in CORS mode, which COEP allows.
 */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [svelte(), staticFolder()],
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  publicDir: 'public',
  worker: { format: 'es' },
  optimizeDeps: {
    // The worker's dependencies are not found by the dev server's scan of index.html: list them, so
    // the first visit does not re-optimise and reload. tfjs-backend-wasm must be pre-bundled too: its
    // CommonJS worker shim has no ES exports otherwise.
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-backend-wasm',
      'apache-arrow',
      'comlink',
      'dexie',
      'ajv',
    ],
  },
  build: { target: 'es2022' },
});
