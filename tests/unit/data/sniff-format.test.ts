import { describe, expect, test } from 'vitest';
import { sniffFormat } from '../../../src/core/data/sniff-format.ts';
import { detectEncoding } from '../../../src/core/data/text-encoding.ts';
import { BenchtopError } from '../../../src/core/errors.ts';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

function thrown(f: () => unknown): BenchtopError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(BenchtopError);
    return e as BenchtopError;
  }
  throw new Error('expected a throw');
}

describe('sniffFormat', () => {
  test('text that matches its name passes and gives the format', () => {
    expect(sniffFormat(bytes('a,b\n1,2\n'), 'x.csv')).toEqual({ kind: 'csv' });
    expect(sniffFormat(bytes('a\tb\n'), 'x.tsv')).toEqual({ kind: 'csv', delimiter: '\t' });
    expect(sniffFormat(bytes('[{"a":1}]'), 'x.json')).toEqual({ kind: 'json' });
    expect(sniffFormat(bytes('PAR1', [0, 0, 1]), 'x.parquet')).toEqual({ kind: 'parquet' });
    expect(sniffFormat(bytes('ARROW1', [0, 0]), 'x.arrow')).toEqual({ kind: 'arrow' });
    expect(sniffFormat(bytes([0xff, 0xff, 0xff, 0xff, 0x78, 0, 0, 0]), 'x.arrows')).toEqual({ kind: 'arrow' });
    // Unknown binary under a columnar name is left to the importer to judge.
    expect(sniffFormat(bytes([0x01, 0x00, 0x02, 0x00]), 'x.parquet')).toEqual({ kind: 'parquet' });
  });

  test.each([
    ['PAR1 data', bytes('PAR1', [0x15, 0x04]), 'x.csv', 'a Parquet file', 'Rename it to end in .parquet'],
    ['Arrow file', bytes('ARROW1', [0, 0]), 'x.csv', 'an Arrow IPC (Feather) file', '.arrow'],
    ['Arrow stream', bytes([0xff, 0xff, 0xff, 0xff, 0x10, 0x01, 0, 0]), 'data.json', 'an Arrow IPC stream', '.arrows'],
    ['xlsx', bytes('PK', [3, 4], new Array(26).fill(0), 'xl/workbook.xml'), 'x.csv', 'an Excel workbook (.xlsx)', 'CSV UTF-8'],
    ['zip', bytes('PK', [3, 4], new Array(26).fill(0), 'data.csv'), 'x.csv', 'a ZIP archive', 'Unzip it'],
    ['xls', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'x.csv', 'an old Excel/Office file (.xls)', 'CSV UTF-8'],
    ['gzip', bytes([0x1f, 0x8b, 8]), 'x.ndjson', 'a gzip-compressed file', 'gunzip'],
    ['pdf', bytes('%PDF-1.4'), 'x.tsv', 'a PDF document', 'Export'],
    ['png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'x.csv', 'a PNG image', 'data file'],
    ['sqlite', bytes('SQLite format 3', [0]), 'x.csv', 'an SQLite database', 'sqlite3 -csv'],
    ['parquet as arrow', bytes('PAR1'), 'x.arrow', 'a Parquet file', '.parquet'],
    ['csv as parquet', bytes('a,b\n1,2\n'), 'x.parquet', 'CSV text', '.csv'],
    ['json as arrow', bytes(' [{"a": 1}]'), 'x.feather', 'JSON text', '.json'],
  ])('%s -> file_format_mismatch', (_, head, name, looks, advice) => {
    const e = thrown(() => sniffFormat(head, name));
    expect(e.code).toBe('file_format_mismatch');
    expect(e.message).toContain(`its content looks like ${looks}`);
    expect(e.message).toContain(advice);
    expect(e.message).toContain(name);
  });

  test('an unknown extension is still file_unsupported', () => {
    expect(thrown(() => sniffFormat(bytes('PAR1'), 'x.xlsx')).code).toBe('file_unsupported');
  });
});

describe('detectEncoding', () => {
  test('BOMs decide', () => {
    expect(detectEncoding(bytes([0xef, 0xbb, 0xbf], 'a'), 'f')).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(detectEncoding(bytes([0xff, 0xfe], 'a', [0]), 'f')).toEqual({ encoding: 'utf-16le', bomLength: 2 });
    expect(detectEncoding(bytes([0xfe, 0xff], [0], 'a'), 'f')).toEqual({ encoding: 'utf-16be', bomLength: 2 });
    expect(thrown(() => detectEncoding(bytes([0xff, 0xfe, 0, 0], 'a', [0, 0, 0]), 'f')).code).toBe('file_encoding_unsupported');
    expect(thrown(() => detectEncoding(bytes([0, 0, 0xfe, 0xff]), 'f')).code).toBe('file_encoding_unsupported');
  });

  test('BOM-less UTF-16 is recognised by its zero bytes', () => {
    const le = new Uint8Array(Buffer.from('id,name\n1,Ann\n', 'utf16le'));
    expect(detectEncoding(le, 'f')).toEqual({ encoding: 'utf-16le', bomLength: 0, guessed: true });
    const be = le.slice();
    for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1]!, be[i]!];
    expect(detectEncoding(be, 'f')).toEqual({ encoding: 'utf-16be', bomLength: 0, guessed: true });
  });

  test('NUL or many control bytes -> file_not_text with the offset; a few stray controls are fine', () => {
    const e = thrown(() => detectEncoding(bytes('a,b\n1,', [0], '2\n'), 'x.csv'));
    expect(e.code).toBe('file_not_text');
    expect(e.message).toContain('near byte 6');
    expect(thrown(() => detectEncoding(bytes([1, 2, 3, 4, 5, 6, 7, 8]), 'x.csv')).code).toBe('file_not_text');
    expect(detectEncoding(bytes('a\x1b[0m,b\f\n1,\x07\n'), 'x.csv').encoding).toBe('utf-8');
  });

  test('UTF-8 when valid, Windows-1252 when the head is not UTF-8', () => {
    expect(detectEncoding(new TextEncoder().encode('naïve,😀\n'), 'f')).toEqual({ encoding: 'utf-8', bomLength: 0, guessed: false });
    expect(detectEncoding(bytes('caf', [0xe9], '\n'), 'f')).toEqual({ encoding: 'windows-1252', bomLength: 0, guessed: true });
    // A multi-byte character cut by the end of the head is not a reason to switch.
    expect(detectEncoding(bytes('ab', [0xe6, 0x97]), 'f').encoding).toBe('utf-8');
  });
});
