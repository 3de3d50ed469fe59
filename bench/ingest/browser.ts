/**
 * Large files in the real studio: a generated 1,000,000-row x 20-column CSV and vega-datasets'
 * flights-3m.parquet, each imported through the "Import data" input of the built app in
 * Chromium. Reports the time until the dataset page opens (parse + type + Arrow + fingerprint +
 * IndexedDB write, all in the worker) and the main thread's long tasks meanwhile: the tab must
 * stay responsive, so the worst long task is the figure that matters, not the total.
 *   npm run build && npx tsx bench/ingest/browser.ts [ROWS]
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { createRng } from '../../src/core/random.ts';
import { maxOf } from '../../src/core/stats/extent.ts';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const PORT = 4181;
const BASE = `http://127.0.0.1:${PORT}/`;
const PARQUET = resolve('node_modules/vega-datasets/data/flights-3m.parquet');

if (!existsSync('dist/index.html')) throw new Error('run `npm run build` first');

async function writeCsv(path: string, rows: number): Promise<void> {
  const rng = createRng(11);
  const out = createWriteStream(path);
  out.write(Array.from({ length: 20 }, (_, j) => `x${j}`).join(',') + '\n');
  for (let i = 0; i < rows; i++) {
    const line = Array.from({ length: 20 }, () => (rng.normal() * 100).toFixed(3)).join(',') + '\n';
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore' });
try {
  for (let i = 0; i < 100; i++) {
    if (await fetch(BASE).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const csvPath = join(mkdtempSync(join(tmpdir(), 'bench-ingest-')), `numeric-${ROWS}.csv`);
  await writeCsv(csvPath, ROWS);
  const out: Record<string, unknown> = { bench: 'ingest-browser', browser: browser.version() };
  for (const [label, file, rows] of [
    ['csv', csvPath, ROWS],
    ['parquet', PARQUET, 3_000_000],
  ] as const) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(BASE);
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    const bytes = statSync(file).size;
    const t0 = Date.now();
    await page.getByLabel('Import data').setInputFiles(file);
    await page.waitForURL(/#\/dataset\//, { timeout: 600_000 });
    const ms = Date.now() - t0;
    const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    out[label] = {
      file: file.split('/').pop(),
      mb: +(bytes / 1e6).toFixed(1),
      rows,
      import_ms: ms,
      mb_per_s: +(bytes / 1e6 / (ms / 1000)).toFixed(1),
      rows_per_s: Math.round(rows / (ms / 1000)),
      long_tasks: tasks.length,
      worst_long_task_ms: Math.round(Math.max(0, maxOf(tasks))),
    };
    await page.context().close();
  }
  await browser.close();
  process.stdout.write(JSON.stringify(out) + '\n');
} finally {
  server.kill();
}
