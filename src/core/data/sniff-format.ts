import { benchtopError } from '../errors.ts';
import { formatFor } from './format-for.ts';
import type { FileFormat } from './format-for.ts';

/** What some bytes look like, as a person would name it, and what to do about it. */
interface Look {
  format: 'parquet' | 'arrow' | 'binary' | 'text';
  label: string;
  advice: string;
}

const ascii = (bytes: Uint8Array, at: number, text: string): boolean => {
  if (bytes.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
};

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean => magic.every((b, i) => bytes[i] === b);

const SPREADSHEET = 'Open it in a spreadsheet and save it as "CSV UTF-8", then import the CSV.';

/** The format the first bytes announce (magic numbers), or undefined for none Benchtop knows. */
function lookOf(bytes: Uint8Array): Look | undefined {
  if (ascii(bytes, 0, 'PAR1')) return { format: 'parquet', label: 'a Parquet file', advice: 'Rename it to end in .parquet and import it again.' };
  if (ascii(bytes, 0, 'ARROW1') || ascii(bytes, 0, 'FEA1'))
    return { format: 'arrow', label: 'an Arrow IPC (Feather) file', advice: 'Rename it to end in .arrow and import it again.' };
  if (startsWith(bytes, [0xff, 0xff, 0xff, 0xff]) && bytes.length >= 8 && bytes[7]! < 0x80 && (bytes[4]! | bytes[5]! | bytes[6]! | bytes[7]!) !== 0)
    return { format: 'arrow', label: 'an Arrow IPC stream', advice: 'Rename it to end in .arrows and import it again.' };
  if (ascii(bytes, 0, 'PK\x03\x04')) {
    const entry = new TextDecoder('latin1').decode(bytes.subarray(30, 30 + 64));
    if (entry.startsWith('[Content_Types].xml') || entry.startsWith('xl/') || entry.startsWith('docProps/'))
      return { format: 'binary', label: 'an Excel workbook (.xlsx)', advice: SPREADSHEET };
    return { format: 'binary', label: 'a ZIP archive', advice: 'Unzip it and import the CSV, JSON, Parquet or Arrow file inside.' };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return { format: 'binary', label: 'an old Excel/Office file (.xls)', advice: SPREADSHEET };
  if (startsWith(bytes, [0x1f, 0x8b])) return { format: 'binary', label: 'a gzip-compressed file', advice: 'Decompress it (e.g. gunzip) and import the file inside.' };
  if (ascii(bytes, 0, 'BZh')) return { format: 'binary', label: 'a bzip2-compressed file', advice: 'Decompress it and import the file inside.' };
  if (startsWith(bytes, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return { format: 'binary', label: 'an xz-compressed file', advice: 'Decompress it and import the file inside.' };
  if (startsWith(bytes, [0x28, 0xb5, 0x2f, 0xfd])) return { format: 'binary', label: 'a zstd-compressed file', advice: 'Decompress it and import the file inside.' };
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return { format: 'binary', label: 'a 7-Zip archive', advice: 'Extract it and import the file inside.' };
  if (ascii(bytes, 0, '%PDF')) return { format: 'binary', label: 'a PDF document', advice: 'Export the table from its source as CSV instead.' };
  if (ascii(bytes, 0, 'SQLite format 3\0')) return { format: 'binary', label: 'an SQLite database', advice: 'Export the table as CSV (e.g. sqlite3 -csv) and import that.' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return { format: 'binary', label: 'a PNG image', advice: 'Import a data file (CSV, JSON, Parquet, Arrow) instead.' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { format: 'binary', label: 'a JPEG image', advice: 'Import a data file (CSV, JSON, Parquet, Arrow) instead.' };
  if (ascii(bytes, 0, 'GIF8')) return { format: 'binary', label: 'a GIF image', advice: 'Import a data file (CSV, JSON, Parquet, Arrow) instead.' };
  return undefined;
}

/** Plain text: no NUL and (almost) no other control bytes in the first KiB. */
function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1024);
  if (n === 0) return false;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) controls++;
  }
  return controls <= 2;
}

const NAMED: Record<FileFormat['kind'], string> = {
  csv: 'CSV text',
  json: 'JSON',
  ndjson: 'NDJSON',
  parquet: 'a Parquet file',
  arrow: 'an Arrow IPC file',
};

/**
 * The format of a file from its name, checked against its first bytes: a .csv that is really
 * Parquet, Arrow, a workbook, an archive, a PDF or an image fails with file_format_mismatch
 * naming what it looks like and what to do; so does a .parquet/.arrow that is plain text (or
 * the other columnar format). Text files that are binary in other ways are caught later by the
 * encoding check (file_not_text).
 */
export function sniffFormat(firstBytes: Uint8Array, name: string): FileFormat {
  const format = formatFor(name);
  const look = lookOf(firstBytes);
  const mismatch = (actual: string, advice: string): Error =>
    benchtopError('file_format_mismatch', { name, expected: NAMED[format.kind], actual, advice });
  if (format.kind === 'parquet' || format.kind === 'arrow') {
    if (look && look.format !== format.kind) throw mismatch(look.label, look.advice);
    if (!look && looksLikeText(firstBytes)) {
      const first = new TextDecoder().decode(firstBytes.subarray(0, 64)).trimStart()[0];
      const json = first === '[' || first === '{';
      throw mismatch(json ? 'JSON text' : 'CSV text', `Rename it to end in ${json ? '.json' : '.csv'} and import it again.`);
    }
    return format;
  }
  if (look) throw mismatch(look.label, look.advice);
  return format;
}
