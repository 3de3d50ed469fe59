import type { Table } from 'apache-arrow';
import type { ColumnInfo } from '../../data/types.ts';
import { throwIfCancelled, yieldToEventLoop } from '../../jobs.ts';
import { cellReader } from './cells.ts';
import { PII_DETECTORS, scanCell } from './detectors.ts';
import { columnHints, nameHints } from './name-hints.ts';
import type { ColumnHints, DetectPiiOptions, PiiColumnReport, PiiFinding, PiiReport } from './types.ts';

const DEFAULT_SAMPLE_ROWS = 100_000;
const DEFAULT_MIN_SHARE = 0.1;
const DEFAULT_MIN_COUNT = 3;
/** Many shape matches that mostly fail the checksum are a column of ordinary numbers, not cards. */
const ANY_MATCH_MIN_CANDIDATES = 10;
const ANY_MATCH_MIN_VALID_SHARE = 0.5;
/** Cells per block between cancellation checks and yields. */
const CELLS_PER_YIELD = 20_000;

interface Tally {
  valid: number;
  candidates: number;
  samples: string[];
}

/**
 * Personal data per column: for each detector that matches enough values, how many, what share
 * and a few masked samples; plus what column names suggest. Reads at most `sampleRows` evenly
 * spaced rows; with `exact` the reported kinds are then counted over every row. Only the
 * columns named in `columns` are scanned (every column when it is empty).
 */
export async function detectPii(table: Table, columns: readonly ColumnInfo[], opts: DetectPiiOptions = {}): Promise<PiiReport> {
  const n = table.numRows;
  const sampleRows = Math.max(1, Math.floor(opts.sampleRows ?? DEFAULT_SAMPLE_ROWS));
  const scanned = Math.min(n, sampleRows);
  const rowAt = scanned === n ? (i: number) => i : (i: number) => Math.floor((i * n) / scanned);
  const known = new Set(columns.map((c) => c.name));
  const fields = table.schema.fields;
  const report: PiiColumnReport[] = [];

  for (let j = 0; j < fields.length; j++) {
    const name = fields[j]!.name;
    if (columns.length > 0 && !known.has(name)) continue;
    const hintKinds = nameHints(name);
    const hints = columnHints(hintKinds);
    const read = cellReader(table, j, hints);
    let findings: PiiFinding[] = [];
    if (read) {
      const { tallies, present } = await tally(read, scanned, rowAt, hints, opts);
      findings = decide(tallies, present, opts);
      if (opts.exact && scanned < n && findings.length > 0) findings = await recount(findings, read, n, hints, opts);
    }
    opts.onProgress?.({ phase: 'pii', fraction: (j + 1) / fields.length });
    if (findings.length > 0 || hintKinds.length > 0)
      report.push({ column: name, findings, nameHints: hintKinds.map((kind) => ({ kind, confidence: 'low' as const })) });
  }
  return { columns: report, rows: n, rowsScanned: scanned, exact: scanned === n || opts.exact === true };
}

/** Between blocks of cells: stop if cancelled, and let messages (a cancel request) in. */
async function checkpoint(opts: DetectPiiOptions): Promise<void> {
  throwIfCancelled(opts.cancel);
  await yieldToEventLoop();
  throwIfCancelled(opts.cancel);
}

async function tally(
  read: (row: number) => string | null,
  scanned: number,
  rowAt: (i: number) => number,
  hints: ColumnHints,
  opts: DetectPiiOptions,
): Promise<{ tallies: Tally[]; present: number }> {
  const tallies: Tally[] = PII_DETECTORS.map(() => ({ valid: 0, candidates: 0, samples: [] }));
  const seenValid = new Uint8Array(PII_DETECTORS.length);
  const seenCandidate = new Uint8Array(PII_DETECTORS.length);
  let present = 0;
  for (let i = 0; i < scanned; i++) {
    if (i % CELLS_PER_YIELD === 0) await checkpoint(opts);
    const value = read(rowAt(i));
    if (value === null || value.trim() === '') continue;
    present++;
    seenValid.fill(0);
    seenCandidate.fill(0);
    for (const m of scanCell(value, hints)) {
      seenCandidate[m.detector] = 1;
      if (!m.valid) continue;
      seenValid[m.detector] = 1;
      const t = tallies[m.detector]!;
      if (t.samples.length < 3) {
        const sample = PII_DETECTORS[m.detector]!.preview(value.slice(m.start, m.end));
        if (!t.samples.includes(sample)) t.samples.push(sample);
      }
    }
    for (let d = 0; d < PII_DETECTORS.length; d++) {
      tallies[d]!.valid += seenValid[d]!;
      tallies[d]!.candidates += seenCandidate[d]!;
    }
  }
  return { tallies, present };
}

function decide(tallies: readonly Tally[], present: number, opts: DetectPiiOptions): PiiFinding[] {
  const minShare = opts.minShare ?? DEFAULT_MIN_SHARE;
  const minCount = Math.min(opts.minCount ?? DEFAULT_MIN_COUNT, present);
  const out: PiiFinding[] = [];
  PII_DETECTORS.forEach((d, i) => {
    const t = tallies[i]!;
    if (t.valid === 0) return;
    const share = t.valid / present;
    const reported = d.anyMatch
      ? t.candidates < ANY_MATCH_MIN_CANDIDATES || t.valid / t.candidates >= ANY_MATCH_MIN_VALID_SHARE
      : share >= minShare && t.valid >= minCount;
    if (!reported) return;
    out.push({ kind: d.kind, count: t.valid, share, samples: t.samples, confidence: d.anyMatch || share >= 0.5 ? 'high' : 'medium' });
  });
  return out;
}

/** Exact counts of the reported kinds over every row. */
async function recount(
  findings: PiiFinding[],
  read: (row: number) => string | null,
  n: number,
  hints: ColumnHints,
  opts: DetectPiiOptions,
): Promise<PiiFinding[]> {
  const counts = new Map(findings.map((f) => [f.kind, 0]));
  let present = 0;
  for (let row = 0; row < n; row++) {
    if (row % CELLS_PER_YIELD === 0) await checkpoint(opts);
    const value = read(row);
    if (value === null || value.trim() === '') continue;
    present++;
    const kinds = new Set(scanCell(value, hints).filter((m) => m.valid).map((m) => PII_DETECTORS[m.detector]!.kind));
    for (const k of kinds) if (counts.has(k)) counts.set(k, counts.get(k)! + 1);
  }
  return findings.map((f) => {
    const count = counts.get(f.kind)!;
    return { ...f, count, share: present === 0 ? 0 : count / present };
  });
}
