import type { Table } from 'apache-arrow';
import type { ColumnInfo } from '../../data/types.ts';
import { columnNumbers } from './column-numbers.ts';
import { encodeLabels } from './label-codes.ts';
import { summarizeLabels, type LabelSummary } from './label-summary.ts';
import { summarizeNumbers, type NumericSummary } from './numeric-summary.ts';
import type { RowHasher } from './row-hash.ts';

export const DEFAULT_TOP_K = 10;

/** What one decode of a column yields, shared by the profile and the dataset rules. */
export type ColumnSummary =
  | { kind: 'numeric'; numbers: NumericSummary }
  | { kind: 'datetime'; numbers: NumericSummary }
  | { kind: 'boolean'; count: number; missing: number; trueCount: number; falseCount: number }
  | { kind: 'categorical' | 'text'; labels: LabelSummary };

export interface SummaryOptions {
  topK?: number;
  bins?: number;
}

// Per table, so a profile followed by the checks decodes and sorts each column once; the
// WeakMap lets a table and its summaries go together.
const cache = new WeakMap<Table, Map<string, ColumnSummary>>();

/** The column's summary, from the cache when this table was summarised with the same options. */
export function columnSummary(table: Table, info: ColumnInfo, opts: SummaryOptions = {}, hasher?: RowHasher): ColumnSummary {
  const topK = opts.topK ?? DEFAULT_TOP_K;
  const key = `${info.kind}\u0000${topK}\u0000${opts.bins ?? ''}\u0000${info.name}`;
  let perTable = cache.get(table);
  const hit = perTable?.get(key);
  if (hit && !hasher) return hit;
  const summary = summarize(table, info, topK, opts.bins, hasher);
  if (!perTable) {
    perTable = new Map();
    cache.set(table, perTable);
  }
  perTable.set(key, summary);
  return summary;
}

function summarize(table: Table, info: ColumnInfo, topK: number, bins: number | undefined, hasher?: RowHasher): ColumnSummary {
  switch (info.kind) {
    case 'numeric':
    case 'datetime': {
      const values = columnNumbers(table, info.name);
      hasher?.addNumbers(values);
      return { kind: info.kind, numbers: summarizeNumbers(values, { bins, integerBins: info.kind === 'numeric' }) };
    }
    case 'boolean': {
      const values = columnNumbers(table, info.name);
      hasher?.addNumbers(values);
      let trueCount = 0;
      let falseCount = 0;
      for (let i = 0; i < values.length; i++) {
        if (values[i] === 1) trueCount++;
        else if (values[i] === 0) falseCount++;
      }
      return { kind: 'boolean', count: trueCount + falseCount, missing: values.length - trueCount - falseCount, trueCount, falseCount };
    }
    case 'categorical':
    case 'text': {
      const labels = encodeLabels(table, info.name);
      hasher?.addCodes(labels.codes);
      return { kind: info.kind, labels: summarizeLabels(labels, topK) };
    }
  }
}
