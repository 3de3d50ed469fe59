import { benchtopError } from '../errors.ts';
import { throwIfCancelled } from '../jobs.ts';
import type { CancelToken, ProgressFn } from '../jobs.ts';
import { trimEnd, trimStart } from './byte-trim.ts';
import { splitRecords } from './csv-records.ts';
import { checkHeader } from './header-names.ts';
import { MissingTokenMatcher } from './missing-token-matcher.ts';
import type { RawTable } from './raw-table.ts';
import type { DataSource } from './read-source.ts';
import { withEncoding } from './read-text.ts';
import type { TextEncodingName } from './text-encoding.ts';

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
  /** Cell spellings read as null (compared after trimming); MISSING_TOKENS when absent. */
  missingTokens?: readonly string[];
  /** Rename blank and repeated header names instead of failing. */
  renameDuplicateHeaders?: boolean;
  /** Skip detection and read the bytes in this encoding. */
  encoding?: TextEncodingName;
}

/**
 * Parse CSV text, a Blob or bytes (read in chunks) into a RawTable of strings: the reader behind
 * readCsvTable, for callers that want the cells as text. The first non-blank record is the
 * header; names are kept exactly as written. Missing tokens become null. Blank lines are skipped
 * anywhere. Bytes that are not UTF-8 are read as Windows-1252.
 *
 * Row numbers in errors are the rows a spreadsheet shows: the header is row 1, the first data
 * row is row 2; blank lines count, line breaks inside quoted fields do not.
 */
export async function parseCsv(source: DataSource, opts: ParseCsvOptions = {}): Promise<RawTable> {
  throwIfCancelled(opts.cancel);
  const tokens = new MissingTokenMatcher(opts.missingTokens);
  const name = opts.name ?? 'the file';
  const { result } = await withEncoding(source, name, opts.encoding, async (detected) => {
    const decoder = new TextDecoder();
    let names: string[] | undefined;
    let columns: (string | null)[][] = [];
    const { header } = await splitRecords(
      source,
      { ...detected, delimiter: opts.delimiter, chunkSize: opts.chunkSize, onProgress: opts.onProgress, cancel: opts.cancel, name },
      {
        header(fields) {
          names = checkHeader(fields, opts.renameDuplicateHeaders ?? false).names;
          columns = names.map(() => []);
        },
        records(buf, bounds, width, count) {
          for (let r = 0; r < count; r++)
            for (let j = 0; j < width; j++) {
              const k = 2 * (r * width + j);
              const s = trimStart(buf, bounds[k]!, bounds[k + 1]!);
              const missing = tokens.match(buf, s, trimEnd(buf, s, bounds[k + 1]!)) >= 0;
              columns[j]!.push(missing ? null : decoder.decode(buf.subarray(bounds[k]!, bounds[k + 1]!)));
            }
          return true;
        },
      },
    );
    if (!header || !names) throw benchtopError('csv_empty');
    if ((columns[0]?.length ?? 0) === 0) throw benchtopError('data_no_rows');
    return { names, columns };
  });
  return result;
}
