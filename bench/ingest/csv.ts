/**
 * CSV -> Arrow throughput and memory. Generates deterministic CSVs (20 numeric columns; a
 * mixed variant with categorical, text, boolean and date columns; and 20 columns of
 * full-precision doubles as pandas writes them) at 100k and 1M rows. Each measurement runs in a
 * fresh child process (so one tool's garbage never slows another, and memory baselines are clean):
 *   - Benchtop readCsvTable (bytes -> UTF-8 check -> records -> typed Arrow columns with kinds,
 *     evidence and exact distinct counts): median and best of REPEATS runs (the first, with a
 *     cold JIT, is reported too), memory sampled every 10 ms during the first run (peak minus the baseline
 *     taken after the input bytes exist);
 *   - Benchtop ingest (the same plus the SHA-256 fingerprint of the IPC bytes): one run;
 *   - the raw parse of two peers on the decoded text: d3-dsv csvParseRows and papaparse (string
 *     cells only, no types: strictly less work), median and best of REPEATS runs.
 * Finally it parses the 100k numeric file inside a worker_thread to show the reader runs off the
 * main thread. Prints one JSON object.
 *   npx tsx bench/ingest/csv.ts [--quick]      (--quick: 100k rows only)
 */
import { csvParseRows } from 'd3-dsv';
import Papa from 'papaparse';
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { readCsvTable } from '../../src/core/data/csv-table.ts';
import { ingest } from '../../src/core/data/ingest.ts';
import { createRng } from '../../src/core/random.ts';
import { minOf } from '../../src/core/stats/extent.ts';

const REPEATS = 5;
const COLUMNS = 20;

/** 20 numeric columns: integers, 2/4/6-decimal fixed point, exponent form and a few missing cells. */
function numericCsv(rows: number): string {
  const rng = createRng(42);
  const parts: string[] = [Array.from({ length: COLUMNS }, (_, j) => `x${j}`).join(',') + '\n'];
  const line: string[] = new Array<string>(COLUMNS);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < COLUMNS; j++) {
      const kind = j % 5;
      const v = rng.normal();
      line[j] =
        kind === 0 ? String(rng.int(1_000_000)) : kind === 1 ? (v * 100).toFixed(2) : kind === 2 ? (v * 10).toFixed(4) : kind === 3 ? v.toFixed(6) : (v * 1e-3).toExponential(5);
    }
    if (rng.next() < 0.01) line[3] = '';
    parts.push(line.join(',') + '\n');
  }
  return parts.join('');
}

/** 10 numeric + city (categorical), member (boolean), joined (date), note (quoted text), sku (id-like) ... 20 columns. */
function mixedCsv(rows: number): string {
  const rng = createRng(7);
  const cities = ['Oslo', 'Lima', 'Pune', 'Accra', 'Quito', 'Hanoi', 'Perth', 'Turin'];
  const names = [...Array.from({ length: 12 }, (_, j) => `x${j}`), 'city', 'member', 'joined', 'note', 'sku', 'grade', 'email', 'score'];
  const parts: string[] = [names.join(',') + '\n'];
  for (let i = 0; i < rows; i++) {
    const cells: string[] = [];
    for (let j = 0; j < 12; j++) cells.push(j % 3 === 0 ? String(rng.int(10_000)) : (rng.normal() * 50).toFixed(3));
    cells.push(cities[rng.int(cities.length)]!);
    cells.push(rng.next() < 0.5 ? 'true' : 'false');
    cells.push(`20${10 + rng.int(14)}-0${1 + rng.int(9)}-1${rng.int(9)}`);
    cells.push(rng.next() < 0.1 ? '"said ""hello"", then left"' : `note ${rng.int(100_000)}`);
    cells.push(`SKU-${i}`);
    cells.push(['A', 'B', 'C', 'D', 'NA'][rng.int(5)]!);
    cells.push(`user${rng.int(50_000)}@example.org`);
    cells.push(rng.normal().toFixed(5));
    parts.push(cells.join(',') + '\n');
  }
  return parts.join('');
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;
const rate = (bytes: number, rows: number, ms: number) => ({
  ms: Math.round(ms),
  mb_per_s: Math.round(bytes / 1e6 / (ms / 1000)),
  rows_per_s: Math.round(rows / (ms / 1000)),
});

/** Full-precision doubles (17 significant digits at most): the slow path of the number reader. */
function doublesCsv(rows: number): string {
  const rng = createRng(3);
  const parts: string[] = [Array.from({ length: COLUMNS }, (_, j) => `d${j}`).join(',') + '\n'];
  const line: string[] = new Array<string>(COLUMNS);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < COLUMNS; j++) line[j] = String(rng.normal());
    parts.push(line.join(',') + '\n');
  }
  return parts.join('');
}

const GENERATORS: Record<string, (rows: number) => string> = { numeric: numericCsv, mixed: mixedCsv, doubles: doublesCsv };

interface Peak {
  rss: number;
  heapUsed: number;
  arrayBuffers: number;
}

function memoryNow(): Peak {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers };
}

/** Sample memory while `fn` runs (the reader yields between chunks, so the timer fires). */
async function withPeak<T>(fn: () => Promise<T>): Promise<{ value: T; peak: Peak }> {
  const peak = memoryNow();
  const sample = (): void => {
    const m = memoryNow();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers);
  };
  const timer = setInterval(sample, 10);
  try {
    const value = await fn();
    sample();
    return { value, peak };
  } finally {
    clearInterval(timer);
  }
}

function tableBytes(table: Awaited<ReturnType<typeof readCsvTable>>['table']): number {
  let total = 0;
  for (const batch of table.batches)
    for (const child of batch.data.children) {
      total += child.values?.byteLength ?? 0;
      total += child.valueOffsets?.byteLength ?? 0;
      total += child.nullBitmap?.byteLength ?? 0;
    }
  return total;
}

/** Child process: Benchtop on one dataset. */
async function benchtop(variant: string, rows: number) {
  let text: string | undefined = GENERATORS[variant]!(rows);
  const bytes = new TextEncoder().encode(text);
  text = undefined;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = memoryNow();
  const times: number[] = [];
  let memory: Peak | undefined;
  let arrowBytes = 0;
  let kinds = '';
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    const { value: t, peak } = await withPeak(() => readCsvTable(bytes, { name: `${variant}.csv` }));
    times.push(performance.now() - start);
    if (t.rows !== rows) throw new Error(`${variant}: expected ${rows} rows, got ${t.rows}`);
    if (r === 0) {
      memory = peak;
      arrowBytes = tableBytes(t.table);
      const counts = new Map<string, number>();
      for (const c of t.columns) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
      kinds = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
    }
  }
  const start = performance.now();
  const ds = await ingest(bytes, { name: `${variant}.csv` });
  const ingestMs = performance.now() - start;
  if (ds.rows !== rows) throw new Error('ingest row count');
  return {
    size: bytes.length,
    kinds,
    csvToArrowMs: median(times),
    bestMs: minOf(times),
    firstRunMs: times[0]!,
    ingestMs,
    memory_mb: {
      arrow_table: mb(arrowBytes),
      input_bytes: mb(bytes.length),
      baseline_rss: mb(base.rss),
      peak_rss: mb(memory!.rss),
      peak_rss_over_baseline: mb(memory!.rss - base.rss),
      peak_heap_used_over_baseline: mb(memory!.heapUsed - base.heapUsed),
      peak_array_buffers_over_baseline: mb(memory!.arrayBuffers - base.arrayBuffers),
    },
  };
}

/** Child process: the peers on one dataset's text. */
function peers(variant: string, rows: number) {
  const text = GENERATORS[variant]!(rows);
  const d3: number[] = [];
  const papa: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    let start = performance.now();
    const a = csvParseRows(text);
    d3.push(performance.now() - start);
    if (a.length !== rows + 1) throw new Error('d3-dsv row count');
    start = performance.now();
    const b = Papa.parse<string[]>(text, { skipEmptyLines: true });
    papa.push(performance.now() - start);
    if (b.data.length !== rows + 1) throw new Error('papaparse row count');
  }
  return { d3Ms: median(d3), papaMs: median(papa), d3BestMs: minOf(d3), papaBestMs: minOf(papa) };
}

/** Run this file again in a fresh Node with `args`; its last stdout line is JSON. */
function child<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', fileURLToPath(import.meta.url), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as T) : reject(new Error(`child ${args.join(' ')} exited ${code}`))));
  });
}

async function measure(variant: string, rows: number) {
  const ours = await child<Awaited<ReturnType<typeof benchtop>>>(['--child', 'benchtop', variant, String(rows)]);
  const peer = await child<ReturnType<typeof peers>>(['--child', 'peers', variant, String(rows)]);
  return {
    dataset: `${variant}-${rows}`,
    rows,
    columns: COLUMNS,
    kinds: ours.kinds,
    csv_mb: mb(ours.size),
    benchtop_csv_to_arrow: rate(ours.size, rows, ours.csvToArrowMs),
    benchtop_csv_to_arrow_best: rate(ours.size, rows, ours.bestMs),
    benchtop_first_run_cold_jit: rate(ours.size, rows, ours.firstRunMs),
    benchtop_ingest_with_fingerprint: rate(ours.size, rows, ours.ingestMs),
    d3_dsv_parse_rows: rate(ours.size, rows, peer.d3Ms),
    papaparse_parse: rate(ours.size, rows, peer.papaMs),
    d3_dsv_best: rate(ours.size, rows, peer.d3BestMs),
    papaparse_best: rate(ours.size, rows, peer.papaBestMs),
    ratio_throughput_benchtop_over_d3: +(peer.d3Ms / ours.csvToArrowMs).toFixed(2),
    ratio_throughput_benchtop_over_papaparse: +(peer.papaMs / ours.csvToArrowMs).toFixed(2),
    memory_mb: ours.memory_mb,
  };
}

async function inWorker(text: string, rows: number) {
  const bytes = new TextEncoder().encode(text);
  const start = performance.now();
  const reply = await new Promise<{ rows: number; ms: number; kinds: string[] }>((resolve, reject) => {
    // The worker re-enters this file; tsx's loader is registered there first so it can load TypeScript.
    const boot = `(async () => { (await import('tsx/esm/api')).register(); await import(${JSON.stringify(import.meta.url)}); })()`;
    const worker = new Worker(boot, { eval: true, workerData: bytes });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if (reply.rows !== rows) throw new Error('worker row count');
  return { rows: reply.rows, parse_ms_in_worker: Math.round(reply.ms), round_trip_ms: Math.round(performance.now() - start), first_kinds: reply.kinds.slice(0, 3) };
}

const args = process.argv.slice(2);
if (!isMainThread) {
  const start = performance.now();
  const t = await readCsvTable(workerData as Uint8Array, { name: 'worker.csv' });
  parentPort!.postMessage({ rows: t.rows, ms: performance.now() - start, kinds: t.columns.map((c) => c.kind) });
} else if (args[0] === '--child') {
  const [, tool, variant, rows] = args;
  const result = tool === 'benchtop' ? await benchtop(variant!, Number(rows)) : peers(variant!, Number(rows));
  console.log(JSON.stringify(result));
} else {
  const sizes = args.includes('--quick') ? [100_000] : [100_000, 1_000_000];
  const results = [];
  for (const rows of sizes) for (const variant of Object.keys(GENERATORS)) results.push(await measure(variant, rows));
  const worker = await inWorker(numericCsv(100_000), 100_000);
  // Shared machines: the load says how much the figures can be trusted.
  const load = loadavg().map((x) => +x.toFixed(2));
  console.log(JSON.stringify({ bench: 'ingest-csv', node: process.version, cpus: cpus().length, load_average: load, repeats: REPEATS, results, worker_thread: worker }, null, 2));
}
