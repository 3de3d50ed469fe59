import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { build as esbuild } from 'esbuild';
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
    // writeBundle, not closeBundle: the offline cache's file list (benchtop-pwa) is made in
    // closeBundle and must include the samples.
    writeBundle() {
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

/**
 * The production Content-Security-Policy: scripts, workers and connections from this origin only
 * (plus https: for a dataset URL the user types), WebAssembly compilation but no eval, no inline
 * script or style. The build carries it as a <meta> tag (any static host); `vite preview` also
 * sends it as a header, which is how workers get it (a worker's policy comes from its own
 * response) and how violations get reported (report-uri does not work in <meta>).
 */
const CSP: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'"],
  // As src/core/data/fetch-url.ts: https anywhere, plain http only from this computer.
  'connect-src': ["'self'", 'https:', 'http://localhost:*', 'http://127.0.0.1:*'],
  'img-src': ["'self'", 'data:', 'blob:'],
  // Svelte emits component styles into CSS files and sets dynamic styles through the CSSOM
  // (element.style), which CSP does not govern: no 'unsafe-inline' for styles either.
  'style-src': ["'self'"],
  'font-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};
const CSP_REPORT_PATH = '/__csp-report';

function cspText(extra: Record<string, string[]> = {}): string {
  return Object.entries({ ...CSP, ...extra })
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

/** Where the preview server appends CSP violation reports (one JSON per line); unset: logged only. */
const CSP_REPORTS_ENV = 'BENCHTOP_CSP_REPORTS';

function contentSecurityPolicy(): Plugin {
  return {
    name: 'benchtop-csp',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        // The dev server injects inline scripts and styles (HMR): the policy is for builds only.
        if (ctx.server) return html;
        // Right after <meta charset>: a <meta> policy covers only what comes after it.
        const meta = `<meta http-equiv="Content-Security-Policy" content="${cspText()}" />`;
        const charset = /<meta charset=[^>]*>/i.exec(html);
        if (!charset) throw new Error('benchtop-csp: index.html has no <meta charset> to put the policy after');
        const at = charset.index + charset[0].length;
        return `${html.slice(0, at)}\n    ${meta}${html.slice(at)}`;
      },
    },
    configurePreviewServer(server) {
      server.middlewares.use(CSP_REPORT_PATH, (req, res) => {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => {
          if (body.length < 64 * 1024) body += chunk;
        });
        req.on('end', () => {
          const file = process.env[CSP_REPORTS_ENV];
          if (file) fs.appendFileSync(file, JSON.stringify(parseReport(body)) + '\n');
          else server.config.logger.warn(`CSP violation: ${body}`);
          res.statusCode = 204;
          res.end();
        });
      });
    },
  };
}

function parseReport(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return { unparsed: body };
  }
}

/**
 * The offline app: builds src/ui/pwa/sw.ts into `sw.js` with the list of every file of the build
 * (app shell, chunks, workers, wasm, samples) and a hash of each, so the service worker precaches
 * them all and any change to the build is a new version.
 */
function offlineApp(): Plugin {
  let outDir = 'dist';
  let root = '.';
  let minify = true;
  let isBuild = false;
  return {
    name: 'benchtop-pwa',
    configResolved(config) {
      root = config.root;
      outDir = path.resolve(config.root, config.build.outDir);
      minify = config.build.minify !== false;
      isBuild = config.command === 'build';
    },
    // Browser tests need a "new deployment" without building twice: with this cookie set, preview
    // serves the same service worker under another version id, which is all a new build changes in it.
    configurePreviewServer(server) {
      server.middlewares.use('/sw.js', (req, res, next) => {
        const suffix = /(?:^|;\s*)benchtop-next-build=([a-z0-9]{1,16})/.exec(req.headers.cookie ?? '')?.[1];
        const file = path.resolve(server.config.root, server.config.build.outDir, 'sw.js');
        if (!suffix || !fs.existsSync(file)) return next();
        const body = fs.readFileSync(file, 'utf8').replace(/version:"([0-9a-f]+)"/, `version:"$1${suffix}"`);
        for (const [name, value] of Object.entries(server.config.preview.headers ?? {})) if (value !== undefined) res.setHeader(name, value);
        res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        res.setHeader('Cache-Control', 'no-cache');
        res.end(body);
      });
    },
    async closeBundle() {
      if (!isBuild) return;
      // The headers a static host should send (Netlify / Cloudflare Pages read this file as is).
      const headers = Object.entries(PRODUCTION_HEADERS).map(([k, v]) => `  ${k}: ${v}`);
      fs.writeFileSync(path.join(outDir, '_headers'), ['/*', ...headers, ''].join('\n'));
      const files = listFiles(outDir)
        .filter((rel) => rel !== 'sw.js' && rel !== '_headers' && !rel.endsWith('.map'))
        .sort()
        .map((rel) => ({ url: rel, rev: createHash('sha256').update(fs.readFileSync(path.join(outDir, rel))).digest('hex').slice(0, 16) }));
      const version = createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 16);
      await esbuild({
        entryPoints: [path.join(root, 'src/ui/pwa/sw.ts')],
        outfile: path.join(outDir, 'sw.js'),
        bundle: true,
        format: 'iife',
        target: 'es2022',
        minify,
        define: { __PRECACHE__: JSON.stringify({ version, files }) },
        logLevel: 'warning',
      });
    },
  };
}

/** Paths of every file under `dir`, relative to it, with forward slashes. */
function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, rel) : e.isFile() ? [rel] : [];
  });
}

const PRODUCTION_HEADERS: Record<string, string> = {
  ...ISOLATION_HEADERS,
  'Content-Security-Policy': cspText({ 'frame-ancestors': ["'none'"] }),
};

export default defineConfig({
  plugins: [svelte(), staticFolder(), contentSecurityPolicy(), offlineApp()],
  server: { headers: ISOLATION_HEADERS },
  preview: {
    headers: {
      ...ISOLATION_HEADERS,
      // As in production, plus where to report violations (the browser tests fail on any).
      'Content-Security-Policy': `${PRODUCTION_HEADERS['Content-Security-Policy']}; report-uri ${CSP_REPORT_PATH}`,
    },
  },
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
    ],
  },
  build: { target: 'es2022' },
});
