/**
 * Parquet and Arrow IPC import throughput on vega-datasets' flights files:
 * - flights-3m.parquet (13.5 MB, zstd, 11 row groups) -> Benchtop's canonical Arrow table
 *   (importArrowTable: decode + normalise + distinct counts), then the SHA-256 fingerprint
 *   ingest() adds;
 * - the same file through parquet-wasm alone (readParquet -> IPC -> Arrow JS table, no
 *   normalisation): the ratio is what Benchtop's normalisation costs;
 * - flights-200k.arrow -> canonical table.
 * Each figure is the median of REPEATS runs after one warm-up run (reported as `firstMs`).
 * Prints one JSON object.   npx tsx bench/ingest/parquet.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';
import { importArrowTable } from '../../src/core/data/arrow-import.ts';
import { fingerprintTable } from '../../src/core/data/fingerprint.ts';

const REPEATS = 3;
const DATA = path.resolve(import.meta.dirname, '../../node_modules/vega-datasets/data');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

async function time<T>(work: () => Promise<T> | T): Promise<{ first: number; median: number; last: T }> {
  let t = performance.now();
  let last = await work();
  const first = performance.now() - t;
  const runs: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    t = performance.now();
    last = await work();
    runs.push(performance.now() - t);
  }
  return { first, median: median(runs), last };
}

const parquetBytes = new Uint8Array(readFileSync(path.join(DATA, 'flights-3m.parquet')));
const mb = parquetBytes.byteLength / 1e6;

const full = await time(() => importArrowTable(parquetBytes, 'parquet', { name: 'flights-3m.parquet' }));
// Peak so far: file bytes + wasm heap + the tables of the import runs (one kept alive at a time).
const importPeakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
const rows = full.last.table.numRows;
const fingerprint = await time(() => fingerprintTable(full.last.table));
const raw = await time(() => {
  const table = tableFromIPC(readParquet(parquetBytes, { batchSize: 1 << 22 }).intoIPCStream());
  return table.numRows;
});

const arrowBytes = new Uint8Array(readFileSync(path.join(DATA, 'flights-200k.arrow')));
const arrow = await time(() => importArrowTable(arrowBytes, 'arrow', { name: 'flights-200k.arrow' }));

console.log(
  JSON.stringify(
    {
      bench: 'parquet/arrow import',
      node: process.version,
      parquet: {
        file: 'flights-3m.parquet',
        fileMB: round(mb, 2),
        rows,
        columns: full.last.columns.map((c) => `${c.name}:${c.kind}`),
        importMs: round(full.median),
        firstMs: round(full.first),
        MBps: round(mb / (full.median / 1000)),
        rowsPerSec: Math.round(rows / (full.median / 1000)),
        rawDecodeMs: round(raw.median),
        rawDecodeMBps: round(mb / (raw.median / 1000)),
        importToRawRatio: round(full.median / raw.median, 2),
        fingerprintMs: round(fingerprint.median),
      },
      arrow: {
        file: 'flights-200k.arrow',
        fileMB: round(arrowBytes.byteLength / 1e6, 2),
        rows: arrow.last.table.numRows,
        importMs: round(arrow.median),
        firstMs: round(arrow.first),
      },
      // Peak resident memory of the process after the Parquet import runs, and at the end.
      importPeakRssMB,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    },
    null,
    1,
  ),
);
