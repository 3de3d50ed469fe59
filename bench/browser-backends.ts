/**
 * Browser figures, measured by driving the built studio in Chromium as a person would:
 *  - CSV import throughput: a generated ROWS-row CSV through the "Import data" input, timed
 *    until the dataset view opens (parse + infer + Arrow + fingerprint + IndexedDB write);
 *  - MLP epoch time on the penguins sample for each backend (webgpu, webgl, wasm, cpu), read
 *    from the recorded run's per-epoch history in IndexedDB. The first epoch (shader
 *    compilation, warm-up) is reported apart; the figure is the median of the rest;
 *  - MLP training throughput (samples/s, batch 1024) on the ROWS-row file for each backend.
 * Ratios against the cpu backend come from the same run. Prints one JSON line.
 *   npm run build && npm run bench:browser [-- ROWS EPOCHS]
 * Without a GPU, Chromium's WebGPU runs on SwiftShader (CPU), so webgpu is expected to be slow.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { createRng } from '../src/core/random.ts';

const ROWS = Number(process.argv[2] ?? 100_000);
const EPOCHS = Number(process.argv[3] ?? 10);
const PORT = 4179;
const BASE = `http://127.0.0.1:${PORT}/`;
const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;

if (!existsSync('dist/index.html')) throw new Error('run `npm run build` first');

function csv(n: number): string {
  const rng = createRng(7);
  const lines = ['id,x1,x2,x3,group,flag,label'];
  for (let i = 0; i < n; i++)
    lines.push(`${i},${rng.normal().toFixed(4)},${rng.normal().toFixed(4)},${(rng.next() * 100).toFixed(2)},g${rng.int(12)},${rng.next() < 0.5},${rng.next() < 0.3 ? 'a' : 'b'}`);
  return lines.join('\n') + '\n';
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN);

interface StoredRun {
  startedAt: number;
  status: string;
  env: { backend: string; adapter?: string };
  history: { elapsedMs: number }[];
}

async function latestRun(page: Page): Promise<StoredRun | undefined> {
  return page.evaluate(
    () =>
      new Promise<StoredRun | undefined>((resolve, reject) => {
        const open = indexedDB.open('benchtop');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('runs').objectStore('runs').getAll();
          req.onsuccess = () => resolve((req.result as StoredRun[]).sort((a, b) => b.startedAt - a.startedAt)[0]);
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore' });
try {
  for (let i = 0; i < 100; i++) {
    if (await fetch(BASE).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'],
  });
  const out: Record<string, unknown> = { bench: 'browser-backends', rows: ROWS, epochs: EPOCHS, browser: browser.version() };

  {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-')), 'import.csv');
    writeFileSync(file, csv(ROWS));
    const page = await (await browser.newContext()).newPage();
    await page.goto(BASE);
    await page.getByLabel('Import data').waitFor();
    const t0 = Date.now();
    await page.getByLabel('Import data').setInputFiles(file);
    await page.waitForURL(/#\/dataset\//, { timeout: 300_000 });
    const ms = Date.now() - t0;
    out.import_ms = ms;
    out.import_rows_per_s = Math.round(ROWS / (ms / 1000));
    await page.context().close();
  }

  const epochMs: Record<string, number> = {};
  for (const backend of BACKENDS) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(BASE);
    await page.getByRole('button', { name: 'Open Palmer penguins' }).click();
    await page.getByRole('heading', { level: 1, name: 'Palmer penguins' }).waitFor();
    await page.getByLabel('Target', { exact: true }).selectOption('Species');
    await page.getByLabel('Model', { exact: true }).selectOption('mlp');
    await page.getByLabel('Epochs', { exact: true }).fill(String(EPOCHS));
    await page.getByLabel('Backend', { exact: true }).selectOption(backend);
    const before = Date.now();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    // The run record is the source of truth: poll storage until this run has finished.
    let run = await latestRun(page);
    for (let i = 0; i < 1200 && !(run && run.startedAt >= before && run.status !== 'running'); i++) {
      await page.waitForTimeout(500);
      run = await latestRun(page);
    }
    if (!run) throw new Error(`${backend}: no run was recorded`);
    const t = run.history.map((h) => h.elapsedMs);
    const per = t.map((v, i) => v - (i ? t[i - 1]! : 0));
    out[`${backend}_status`] = run.status;
    if (run.env.adapter) out[`${backend}_adapter`] = run.env.adapter;
    out[`${backend}_first_epoch_ms`] = per[0];
    out[`${backend}_epoch_ms_median`] = epochMs[backend] = median(per.slice(1));
    await page.context().close();
  }
  for (const b of BACKENDS) out[`ratio_${b}_over_cpu`] = +(epochMs[b]! / epochMs.cpu!).toFixed(2);

  // Epoch throughput on the ROWS-row file: MLP, batch 1024, 3 epochs; samples/s from the median of epochs 2-3.
  const fitRows = Math.round(ROWS * 0.8 * 0.9); // default holdout 0.2, then 10% validation
  const sps: Record<string, number> = {};
  const file = join(mkdtempSync(join(tmpdir(), 'bench-')), 'throughput.csv');
  writeFileSync(file, csv(ROWS));
  for (const backend of BACKENDS) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(BASE);
    await page.getByLabel('Import data').setInputFiles(file);
    await page.waitForURL(/#\/dataset\//, { timeout: 300_000 });
    await page.getByLabel('Target', { exact: true }).selectOption('label');
    await page.getByLabel('Model', { exact: true }).selectOption('mlp');
    await page.getByLabel('Epochs', { exact: true }).fill('3');
    await page.getByLabel('Batch size', { exact: true }).fill('1024');
    await page.getByLabel('Backend', { exact: true }).selectOption(backend);
    const before = Date.now();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    let run = await latestRun(page);
    for (let i = 0; i < 2400 && !(run && run.startedAt >= before && run.status !== 'running'); i++) {
      await page.waitForTimeout(500);
      run = await latestRun(page);
    }
    if (!run || run.status !== 'done') throw new Error(`${backend}: throughput run ended ${run?.status}`);
    const t = run.history.map((h) => h.elapsedMs);
    const per = t.map((v, i) => v - (i ? t[i - 1]! : 0)).slice(1);
    sps[backend] = Math.round(fitRows / (median(per) / 1000));
    out[`${backend}_samples_per_s_100k`] = sps[backend];
    await page.context().close();
  }
  for (const b of BACKENDS) out[`throughput_ratio_${b}_over_cpu`] = +(sps[b]! / sps.cpu!).toFixed(2);
  await browser.close();
  console.log(JSON.stringify(out));
} finally {
  server.kill();
}
