import { benchtopError } from '../errors.ts';
import type { CancelToken, ProgressFn } from '../jobs.ts';
import { CsvTokenizer, isBlankRecord } from './csv-tokenizer.ts';
import { isMissingToken } from './is-missing-token.ts';
import type { RawTable } from './raw-table.ts';
import { readTextChunks } from './read-text-chunks.ts';
import { sniffDelimiter } from './sniff-delimiter.ts';

export type { RawTable } from './raw-table.ts';

export interface ParseCsvOptions {
  /** One character; sniffed from the first records (',', tab, ';', '|') when absent. */
  delimiter?: string;
  /** Reports {phase: 'parse', fraction} after each chunk, ending at 1. */
  onProgress?: ProgressFn;
  /** Checked between chunks; a cancelled parse rejects with code 'cancelled'. */
  cancel?: CancelToken;
  /** Bytes read per chunk (tests use tiny ones to exercise chunk boundaries). Default 1 MiB. */
  chunkSize?: number;
  /** File name for read-failure messages. */
  name?: string;
}

/** Text collected before sniffing: enough for the first records of any sane file. */
const SNIFF_CHARS = 64 * 1024;

/**
 * Parse CSV text or a Blob (read in chunks, so big files stream in a worker) into a RawTable.
 * The first non-blank record is the header; names are kept exactly as written. Missing tokens
 * ('', 'NA', 'null', ... see MISSING_TOKENS) become null. Blank lines are skipped anywhere.
 *
 * Row numbers in errors are the rows a spreadsheet shows: the header is row 1, the first data
 * row is row 2; blank lines count, line breaks inside quoted fields do not.
 */
export async function parseCsv(source: string | Blob, opts: ParseCsvOptions = {}): Promise<RawTable> {
  const collector = new RecordCollector();
  const sink = collector.add.bind(collector);
  let tokenizer = opts.delimiter === undefined ? undefined : new CsvTokenizer(opts.delimiter, sink);
  let pending = '';
  const chunks = readTextChunks(source, {
    chunkSize: opts.chunkSize,
    onProgress: opts.onProgress,
    cancel: opts.cancel,
    name: opts.name,
  });
  for await (const chunk of chunks) {
    if (tokenizer) {
      tokenizer.push(chunk);
      continue;
    }
    pending += chunk;
    if (pending.length >= SNIFF_CHARS) {
      tokenizer = new CsvTokenizer(sniffDelimiter(pending, false), sink);
      tokenizer.push(pending);
      pending = '';
    }
  }
  tokenizer ??= new CsvTokenizer(sniffDelimiter(pending, true), sink);
  if (pending) tokenizer.push(pending);
  tokenizer.finish();
  return collector.finish();
}

/** Turns records into columns: header checks, field-count checks, missing tokens -> null. */
class RecordCollector {
  #names: string[] | undefined;
  #columns: (string | null)[][] = [];
  #rows = 0;

  add(fields: string[], anyQuoted: boolean, row: number): void {
    if (isBlankRecord(fields, anyQuoted)) return;
    const names = this.#names;
    if (!names) {
      this.#setHeader(fields);
      return;
    }
    if (fields.length !== names.length)
      throw benchtopError('csv_ragged_row', { row, fields: fields.length, expected: names.length });
    const columns = this.#columns;
    for (let j = 0; j < fields.length; j++) {
      const v = fields[j] as string;
      (columns[j] as (string | null)[]).push(isMissingToken(v) ? null : v);
    }
    this.#rows++;
  }

  #setHeader(fields: string[]): void {
    const seen = new Set<string>();
    fields.forEach((name, i) => {
      if (name.trim() === '') throw benchtopError('csv_blank_header', { index: i + 1 });
      if (seen.has(name)) throw benchtopError('csv_duplicate_header', { column: name });
      seen.add(name);
    });
    this.#names = fields;
    this.#columns = fields.map(() => []);
  }

  finish(): RawTable {
    if (!this.#names) throw benchtopError('csv_empty');
    if (this.#rows === 0) throw benchtopError('data_no_rows');
    return { names: this.#names, columns: this.#columns };
  }
}
