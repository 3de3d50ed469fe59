import type { Table } from 'apache-arrow';
import type { ColumnInfo } from '../../data/types.ts';
import { throwIfCancelled, yieldToEventLoop } from '../../jobs.ts';
import type { CancelToken, ProgressFn } from '../../jobs.ts';
import { columnSummary, DEFAULT_TOP_K } from './column-summary.ts';
import { cachedDuplicateRows, rememberDuplicateRows } from './duplicate-rows.ts';
import { RowHasher } from './row-hash.ts';
import { toProfile } from './to-profile.ts';
import type { DatasetProfile, ProfileOptions } from './types.ts';

/** Give the event loop a turn (a cancel request, a progress message) at least this often. */
const YIELD_EVERY_MS = 50;

/**
 * The column profile of a table, one entry per `columns` entry in order: each column is decoded
 * once, summarised from one pass and one sort, and folded into the row hashes that count exact
 * duplicate rows. Summaries are cached per table, so the dataset checks that follow reuse them.
 * Progress phase: 'profile'.
 */
export async function profileTable(
  table: Table,
  columns: readonly ColumnInfo[],
  opts: ProfileOptions & { cancel?: CancelToken; onProgress?: ProgressFn } = {},
): Promise<DatasetProfile> {
  const rows = table.numRows;
  const topK = opts.topK ?? DEFAULT_TOP_K;
  const known = cachedDuplicateRows(table, columns);
  const hasher = known ? undefined : new RowHasher(rows);
  const profiles = [];
  let lastYield = performance.now();
  opts.onProgress?.({ phase: 'profile', fraction: 0 });
  for (let j = 0; j < columns.length; j++) {
    const info = columns[j] as ColumnInfo;
    const summary = columnSummary(table, info, { topK, bins: opts.bins }, hasher);
    profiles.push(toProfile(info, summary, rows, topK));
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      opts.onProgress?.({ phase: 'profile', fraction: (j + 1) / (columns.length + 1) });
      await yieldToEventLoop();
      throwIfCancelled(opts.cancel);
      lastYield = performance.now();
    }
  }
  let duplicates = known;
  if (!duplicates && hasher) {
    duplicates = hasher.duplicates();
    rememberDuplicateRows(table, columns, duplicates);
  }
  throwIfCancelled(opts.cancel);
  opts.onProgress?.({ phase: 'profile', fraction: 1 });
  return { rows, columns: profiles, duplicateRows: duplicates?.count ?? 0, memoryBytes: memoryBytes(table) };
}

function memoryBytes(table: Table): number {
  let bytes = 0;
  for (const batch of table.batches) bytes += batch.data.byteLength;
  return bytes;
}
