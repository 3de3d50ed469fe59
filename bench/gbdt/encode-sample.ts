/**
 * One bundled sample of static/samples/ as a numeric matrix that every learner in
 * bench/gbdt/quality.ts reads the same way (none of them gets a one-hot or native categorical
 * encoding another lacks):
 *  - numbers stay numbers; null, '', '.', 'NA' are missing -> NaN (penguins records one
 *    unknown sex as '.');
 *  - ISO dates (YYYY-MM-DD...) -> fractional years (cars' Year 1970-01-01 -> 1970);
 *  - other strings -> ordinal codes in sorted order (0, 1, ...), missing -> NaN;
 *  - string columns with more distinct values than half the rows are identifiers (cars' Name)
 *    and are dropped;
 *  - the target: class index in sorted class order (classification) or the number
 *    (regression); rows without a target are dropped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';

export interface EncodedDataset {
  task: 'classification' | 'regression';
  source: string;
  k: number;
  columns: string[];
  /** Row-major, NaN for missing. */
  X: number[][];
  y: number[];
  classes?: string[];
  dropped: string[];
  categorical: string[];
}

interface SampleEntry { id: string; file: string; task: string; target: string }

const MISSING = new Set(['', '.', 'NA']);
const DATE = /^\d{4}-\d{2}-\d{2}/;
const YEAR_MS = 365.2425 * 86_400_000;

type Cell = string | number | boolean | null | undefined;
const isMissing = (v: Cell): boolean => v === null || v === undefined || (typeof v === 'string' && MISSING.has(v.trim()));
const asNumber = (v: Cell): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

export function encodeSample(samplesDir: string, id: string): EncodedDataset {
  const index = JSON.parse(readFileSync(join(samplesDir, 'index.json'), 'utf8')) as SampleEntry[];
  const entry = index.find((e) => e.id === id);
  if (!entry) throw new Error(`no sample "${id}" in ${samplesDir}/index.json (have: ${index.map((e) => e.id).join(', ')})`);
  const text = readFileSync(join(samplesDir, entry.file), 'utf8');
  const records: Record<string, Cell>[] = entry.file.endsWith('.json') ? JSON.parse(text) : csvParse(text);
  const task = entry.task === 'regression' ? 'regression' : 'classification';
  const rows = records.filter((r) => !isMissing(r[entry.target]) && (task === 'classification' || Number.isFinite(asNumber(r[entry.target]))));
  const names = Object.keys(records[0] ?? {}).filter((c) => c !== entry.target);

  const columns: string[] = [];
  const dropped: string[] = [];
  const categorical: string[] = [];
  const encoders: ((v: Cell) => number)[] = [];
  for (const c of names) {
    const present = rows.map((r) => r[c]).filter((v) => !isMissing(v));
    if (present.every((v) => Number.isFinite(asNumber(v)))) encoders.push((v) => (isMissing(v) ? NaN : asNumber(v)));
    else if (present.every((v) => typeof v === 'string' && DATE.test(v))) encoders.push((v) => (isMissing(v) ? NaN : 1970 + Date.parse(String(v)) / YEAR_MS));
    else {
      const levels = [...new Set(present.map(String))].sort();
      if (levels.length > rows.length / 2) {
        dropped.push(c);
        continue;
      }
      const code = new Map(levels.map((l, i) => [l, i]));
      encoders.push((v) => (isMissing(v) ? NaN : code.get(String(v))!));
      categorical.push(c);
    }
    columns.push(c);
  }
  const keep = names.filter((c) => !dropped.includes(c));
  const X = rows.map((r) => keep.map((c, j) => encoders[j]!(r[c])));
  if (task === 'regression') {
    return { task, source: `static/samples/${entry.file}`, k: 1, columns, X, y: rows.map((r) => asNumber(r[entry.target])), dropped, categorical };
  }
  const classes = [...new Set(rows.map((r) => String(r[entry.target])))].sort();
  const y = rows.map((r) => classes.indexOf(String(r[entry.target])));
  return { task, source: `static/samples/${entry.file}`, k: classes.length, columns, X, y, classes, dropped, categorical };
}
