import { benchtopError } from '../errors.ts';
import { isMissingToken } from './is-missing-token.ts';
import type { RawTable } from './raw-table.ts';

export interface ParseJsonOptions {
  /** One JSON object per line (.ndjson, .jsonl) instead of one array. */
  ndjson?: boolean;
}

/** Records as columns of cell text before missing tokens are applied (null = JSON null or absent key). */
export interface JsonColumns extends RawTable {
  /** Per column: did it hold an integer a float64 had already rounded (beyond 2^53)? First such value. */
  unsafe: (string | undefined)[];
}

/**
 * Records -> RawTable. Columns are the union of keys in first-seen order; a record without a key
 * holds null there. Cells become the text a CSV would hold so inference treats both alike:
 * numbers and booleans via String(), nested values via JSON.stringify, null -> null, and strings
 * equal to a missing token ('NA', '', ...) -> null.
 *
 * Rows in errors: for a JSON array, the 1-based position of the element; for NDJSON, the 1-based
 * line number.
 */
export function parseJsonRecords(text: string, opts: ParseJsonOptions = {}): RawTable {
  const { names, columns } = collectJsonRecords(text, opts);
  return { names, columns: columns.map((c) => c.map((v) => (v === null || isMissingToken(v) ? null : v))) };
}

/** parseJsonRecords without the missing-token step (the readers count tokens themselves). */
export function collectJsonRecords(text: string, opts: ParseJsonOptions = {}): JsonColumns {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw benchtopError('json_invalid', { reason: 'the file is empty' });
  const collector = new RecordColumns();
  if (opts.ndjson) {
    const lines = body.split(/\r\n|\n|\r/);
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      collector.add(parseJson(line, i + 1), i + 1);
    });
  } else {
    const data = parseJson(body, undefined);
    if (!Array.isArray(data)) throw benchtopError('json_not_records');
    data.forEach((record: unknown, i) => collector.add(record, i + 1));
  }
  return collector.finish();
}

function parseJson(text: string, line: number | undefined): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw benchtopError('json_invalid', line === undefined ? { reason } : { reason: `line ${line}: ${reason}`, row: line });
  }
}

function cell(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

class RecordColumns {
  // A Map, not an object: keys like '__proto__' or 'constructor' are ordinary column names.
  #index = new Map<string, number>();
  #names: string[] = [];
  #columns: (string | null)[][] = [];
  #unsafe: (string | undefined)[] = [];
  #rows = 0;

  add(record: unknown, row: number): void {
    if (record === null || typeof record !== 'object' || Array.isArray(record))
      throw benchtopError('json_bad_record', { row });
    const r = this.#rows;
    for (const [key, value] of Object.entries(record)) {
      let j = this.#index.get(key);
      if (j === undefined) {
        j = this.#names.length;
        this.#index.set(key, j);
        this.#names.push(key);
        this.#columns.push([]);
        this.#unsafe.push(undefined);
      }
      const column = this.#columns[j] as (string | null)[];
      while (column.length < r) column.push(null);
      column[r] = cell(value);
      // JSON.parse has already rounded integers beyond 2^53; all that can be done is to say so.
      if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value) && Math.abs(value) < 1e21)
        this.#unsafe[j] ??= `row ${row}: ${String(value)}`;
    }
    this.#rows++;
  }

  finish(): JsonColumns {
    if (this.#rows === 0) throw benchtopError('data_no_rows');
    if (this.#names.length === 0) throw benchtopError('data_no_columns');
    for (const column of this.#columns) while (column.length < this.#rows) column.push(null);
    return { names: this.#names, columns: this.#columns, unsafe: this.#unsafe };
  }
}
