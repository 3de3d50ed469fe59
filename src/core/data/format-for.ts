import { benchtopError } from '../errors.ts';

export type FileFormat =
  | { kind: 'csv'; delimiter?: string }
  | { kind: 'json' }
  | { kind: 'ndjson' }
  | { kind: 'parquet' }
  | { kind: 'arrow' };

/** The format a file name implies (case-insensitive extension), or file_unsupported. */
export function formatFor(name: string): FileFormat {
  const ext = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase();
  switch (ext) {
    case 'csv':
    case 'txt':
      return { kind: 'csv' };
    case 'tsv':
    case 'tab':
      return { kind: 'csv', delimiter: '\t' };
    case 'json':
      return { kind: 'json' };
    case 'ndjson':
    case 'jsonl':
      return { kind: 'ndjson' };
    case 'parquet':
    case 'parq':
      return { kind: 'parquet' };
    case 'arrow':
    case 'arrows':
    case 'feather':
    case 'ipc':
      return { kind: 'arrow' };
    default:
      throw benchtopError('file_unsupported', { name });
  }
}
