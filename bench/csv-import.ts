/**
 * CSV import throughput: Benchtop's full ingest (streaming parse -> type inference -> Arrow
 * table -> SHA-256 fingerprint) against papaparse parsing the same text to string arrays (a
 * peer doing strictly less work). Prints one JSON line; figures are medians of REPEATS runs.
 *   npm run bench:csv [-- ROWS]
 */
import Papa from 'papaparse';
import { ingest } from '../src/core/data/ingest.ts';
import { createRng } from '../src/core/random.ts';

const rows = Number(process.argv[2] ?? 100_000);
const REPEATS = 5;

function makeCsv(n: number): string {
  const rng = createRng(1);
  const lines = ['id,age,income,score,city,member,joined,note'];
  const cities = ['Oslo', 'Lima', 'Pune', 'Accra', 'Quito', 'Hanoi', 'Perth', 'Turin'];
  for (let i = 0; i < n; i++) {
    const age = 18 + rng.int(60);
    const income = rng.next() < 0.02 ? 'NA' : (20000 + rng.next() * 80000).toFixed(2);
    const note = rng.next() < 0.1 ? '"said ""hello"", then left"' : `note ${rng.int(100000)}`;
    lines.push(`${i},${age},${income},${rng.normal().toFixed(5)},${cities[rng.int(8)]},${rng.next() < 0.5},2020-0${1 + rng.int(9)}-1${rng.int(10)},${note}`);
  }
  return lines.join('\n') + '\n';
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const text = makeCsv(rows);
const blob = new Blob([text]);
const ours: number[] = [];
const peer: number[] = [];
for (let r = 0; r < REPEATS; r++) {
  let t = performance.now();
  const ds = await ingest(blob, { name: 'bench.csv' });
  ours.push(performance.now() - t);
  if (ds.rows !== rows) throw new Error(`expected ${rows} rows, got ${ds.rows}`);
  t = performance.now();
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  peer.push(performance.now() - t);
  if (parsed.data.length !== rows + 1) throw new Error('papaparse row count mismatch');
}
const oursMs = median(ours), peerMs = median(peer);
console.log(
  JSON.stringify({
    bench: 'csv-import',
    rows,
    bytes: text.length,
    repeats: REPEATS,
    benchtop_ingest_ms: Math.round(oursMs),
    benchtop_rows_per_s: Math.round(rows / (oursMs / 1000)),
    papaparse_parse_only_ms: Math.round(peerMs),
    papaparse_rows_per_s: Math.round(rows / (peerMs / 1000)),
    ratio_benchtop_over_papaparse_time: +(oursMs / peerMs).toFixed(2),
  }),
);
