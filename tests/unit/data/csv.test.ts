import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BenchtopError } from '../../../src/core/errors.ts';
import { CancelSource } from '../../../src/core/jobs.ts';
import type { Progress } from '../../../src/core/jobs.ts';
import { parseCsv } from '../../../src/core/data/csv.ts';
import type { RawTable } from '../../../src/core/data/raw-table.ts';

/** The error a promise rejects with (fails the test when it resolves). */
async function failure(p: Promise<unknown>): Promise<BenchtopError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(BenchtopError);
    return e as BenchtopError;
  }
  throw new Error('expected a rejection');
}

describe('parseCsv: quoting and line ends', () => {
  test('quoted fields keep delimiters, doubled quotes and line breaks', async () => {
    const raw = await parseCsv('a,b,c\n"x, y","say ""hi""","line1\nline2"\nplain,"",z\n');
    expect(raw.names).toEqual(['a', 'b', 'c']);
    expect(raw.columns).toEqual([
      ['x, y', 'plain'],
      ['say "hi"', null],
      ['line1\nline2', 'z'],
    ]);
  });

  test('a quote inside an unquoted field is literal; text after a closing quote is kept', async () => {
    const raw = await parseCsv('h,w\n5\'10",x"y\n"ab"cd,e\n');
    expect(raw.columns).toEqual([
      ['5\'10"', 'abcd'],
      ['x"y', 'e'],
    ]);
  });

  test('CRLF, LF and lone CR give the same table, with or without a final line end', async () => {
    const lines = ['id,name', '1,"a\r\nb"', '2,c'];
    const lf = await parseCsv(lines.join('\n') + '\n');
    expect(await parseCsv(lines.join('\r\n') + '\r\n')).toEqual(lf);
    expect(await parseCsv(lines.join('\r'))).toEqual(lf);
    expect(await parseCsv(lines.join('\r\n'))).toEqual(lf);
    // Line breaks inside quotes are data and stay as written.
    expect(lf.columns[1]).toEqual(['a\r\nb', 'c']);
  });

  test('a UTF-8 BOM is dropped from a string and from Blob bytes', async () => {
    const text = '\uFEFFname,n\nx,1\n';
    expect((await parseCsv(text)).names).toEqual(['name', 'n']);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('name,n\nx,1\n')]);
    expect((await parseCsv(new Blob([bytes]))).names).toEqual(['name', 'n']);
  });

  test('blank lines (also whitespace-only) are skipped anywhere, trailing ones included', async () => {
    const raw = await parseCsv('\na,b\n1,2\n\n   \n3,4\n\n\r\n\n');
    expect(raw.columns).toEqual([
      ['1', '3'],
      ['2', '4'],
    ]);
  });

  test('a quoted empty field in a one-column file is a missing value, not a blank line', async () => {
    const raw = await parseCsv('a\n""\nx\n');
    expect(raw.columns).toEqual([[null, 'x']]);
  });

  test('a trailing delimiter makes an empty last field', async () => {
    const raw = await parseCsv('a,b\n1,\n');
    expect(raw.columns).toEqual([['1'], [null]]);
  });

  test('header names are kept literally, including prototype names and formulas', async () => {
    const raw = await parseCsv('__proto__,constructor,=HYPERLINK("x"), spaced \n1,2,3,4\n', { delimiter: ',' });
    expect(raw.names).toEqual(['__proto__', 'constructor', '=HYPERLINK("x")', ' spaced ']);
    expect(raw.columns.map((c) => c[0])).toEqual(['1', '2', '3', '4']);
  });

  test('multi-byte characters survive any chunk split of the bytes', async () => {
    const text = 'name,emoji\nZoë,😀\n日本,🇯🇵\n';
    const expected = await parseCsv(text);
    for (const chunkSize of [1, 2, 3, 5]) expect(await parseCsv(new Blob([text]), { chunkSize })).toEqual(expected);
    expect(expected.columns[1]).toEqual(['😀', '🇯🇵']);
  });
});

describe('parseCsv: missing tokens', () => {
  test('the missing spellings become null after trimming; other text stays as written', async () => {
    const tokens = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '?', '  NA ', ' '];
    const raw = await parseCsv(['v,k', ...tokens.map((t) => `"${t}",x`), 'na,x', 'none,x', '.,x', '0,x'].join('\n'));
    expect(raw.columns[0]).toEqual([...tokens.map(() => null), 'na', 'none', '.', '0']);
  });
});

describe('parseCsv: delimiter sniffing', () => {
  test.each([
    [',', 'a,b,c\n1,2,3\n4,5,6\n'],
    ['\t', 'a\tb\tc\n1,5\t2\t3\n4\t5\t6\n'],
    [';', 'a;b;c\n1,5;2,5;3\n4;5;6\n'],
    ['|', 'a|b|c\n1|2|3\n4|5|6\n'],
  ])('picks %j', async (delimiter, text) => {
    const sniffed = await parseCsv(text);
    expect(sniffed.names).toEqual(['a', 'b', 'c']);
    expect(sniffed).toEqual(await parseCsv(text, { delimiter }));
  });

  test('a delimiter inside quotes does not count', async () => {
    const raw = await parseCsv('a;b\n"1,2,3";x\n"4,5";y\n');
    expect(raw.names).toEqual(['a', 'b']);
    expect(raw.columns[0]).toEqual(['1,2,3', '4,5']);
  });

  test('with no delimiter at all the file is one column', async () => {
    const raw = await parseCsv('value\n1\n2\n');
    expect(raw).toEqual({ names: ['value'], columns: [['1', '2']] });
  });

  test('a ragged semicolon file still sniffs ";" and fails at the bad row', async () => {
    const e = await failure(parseCsv('a;b;c\n1;2;3\n4;5\n6;7;8\n'));
    expect(e.code).toBe('csv_ragged_row');
    expect(e.location.row).toBe(3);
  });

  test('sniffing works when the header arrives in many tiny chunks', async () => {
    const text = 'a\tb\n1\t2\n3\t4\n';
    expect(await parseCsv(new Blob([text]), { chunkSize: 2 })).toEqual(await parseCsv(text, { delimiter: '\t' }));
  });

  test('an explicit delimiter must be one usable character', async () => {
    for (const delimiter of ['', ';;', '"', '\n']) expect((await failure(parseCsv('a\n1\n', { delimiter }))).code).toBe('csv_bad_delimiter');
  });
});

describe('parseCsv: errors carry the spreadsheet row (header = row 1, first data row = row 2)', () => {
  test('ragged row: row, fields and expected', async () => {
    const e = await failure(parseCsv('a,b,c\n1,2,3\n4,5,6\n7,8\n'));
    expect(e.code).toBe('csv_ragged_row');
    expect(e.location.row).toBe(4);
    expect(e.message).toBe('Row 4 has 2 fields; the header has 3. Check for unquoted commas or a missing delimiter on that line.');
  });

  test('a row with too many fields is ragged too', async () => {
    const e = await failure(parseCsv('a,b\n1,2,3\n', { delimiter: ',' }));
    expect(e.code).toBe('csv_ragged_row');
    expect(e.location.row).toBe(2);
    expect(e.message).toContain('has 3 fields; the header has 2');
  });

  test('rows are counted as records: blank lines count, line breaks inside quotes do not', async () => {
    const e = await failure(parseCsv('a,b\n"x\ny\nz",1\n\n2\n', { delimiter: ',' }));
    expect(e.code).toBe('csv_ragged_row');
    expect(e.location.row).toBe(4);
  });

  test('unclosed quote: the row where the quote opened', async () => {
    const e = await failure(parseCsv('a,b\n1,2\n3,"open\n4,5\n6,7\n'));
    expect(e.code).toBe('csv_unclosed_quote');
    expect(e.location.row).toBe(3);
    expect(e.message).toContain('Row 3 opens a quoted field');
  });

  test('unclosed quote across chunk boundaries', async () => {
    const e = await failure(parseCsv(new Blob(['a,b\n1,2\n3,"open\n4,5\n6,7\n']), { chunkSize: 3 }));
    expect(e.code).toBe('csv_unclosed_quote');
    expect(e.location.row).toBe(3);
  });

  test.each(['', '\n\n', '   \r\n', '\uFEFF'])('empty file %j -> csv_empty', async (text) => {
    expect((await failure(parseCsv(text))).code).toBe('csv_empty');
    expect((await failure(parseCsv(new Blob([text])))).code).toBe('csv_empty');
  });

  test('header only -> data_no_rows', async () => {
    expect((await failure(parseCsv('a,b,c\n'))).code).toBe('data_no_rows');
    expect((await failure(parseCsv('a,b,c\n\n\n'))).code).toBe('data_no_rows');
  });

  test('duplicate header names the column', async () => {
    const e = await failure(parseCsv('id,x,id\n1,2,3\n'));
    expect(e.code).toBe('csv_duplicate_header');
    expect(e.location.column).toBe('id');
  });

  test('blank header gives its 1-based position', async () => {
    const e = await failure(parseCsv('a,,c\n1,2,3\n'));
    expect(e.code).toBe('csv_blank_header');
    expect(e.message).toBe('Header field 2 is blank. Give every column a name.');
    expect((await failure(parseCsv('a,b, \n1,2,3\n'))).message).toContain('Header field 3 is blank');
  });

  test('bytes that are not UTF-8 are read as Windows-1252', async () => {
    const latin1 = new Uint8Array([0x61, 0x0a, 0x43, 0x61, 0x66, 0xe9, 0x0a]); // "a\nCafé\n" in Latin-1
    expect((await parseCsv(new Blob([latin1]))).columns).toEqual([['Café']]);
  });
});

describe('parseCsv: streaming', () => {
  const tricky =
    'id,"quoted, header",note\r\n1,"a ""b"" c","multi\r\nline"\r\n2,,NA\r\n3,"",x\n\n4,"end""",\r\n5,"ü😀",last';

  test('a Blob read in tiny chunks equals the whole-string parse, for every chunk size', async () => {
    const whole = await parseCsv(tricky);
    expect(whole.columns[0]).toEqual(['1', '2', '3', '4', '5']);
    for (let chunkSize = 1; chunkSize <= 17; chunkSize++) {
      expect(await parseCsv(new Blob([tricky]), { chunkSize })).toEqual(whole);
      expect(await parseCsv(tricky, { chunkSize })).toEqual(whole);
    }
  });

  test('a CRLF split between chunks is one line end: error rows do not drift', async () => {
    const text = 'a,b\r\n1,2\r\n3,4\r\n5\r\n';
    for (let chunkSize = 1; chunkSize <= 8; chunkSize++) {
      const e = await failure(parseCsv(new Blob([text]), { chunkSize, delimiter: ',' }));
      expect(e.location.row).toBe(4);
    }
  });

  test('progress is monotone, per chunk, and ends at 1', async () => {
    const seen: Progress[] = [];
    const text = 'a,b\n' + Array.from({ length: 200 }, (_, i) => `${i},x${i}`).join('\n');
    await parseCsv(new Blob([text]), { chunkSize: 64, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBe(Math.ceil(new TextEncoder().encode(text).length / 64));
    expect(seen.every((p) => p.phase === 'parse')).toBe(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.fraction).toBeGreaterThan(seen[i - 1]!.fraction);
    expect(seen.at(-1)?.fraction).toBe(1);
  });

  test('a cancelled token rejects with code cancelled', async () => {
    const source = new CancelSource();
    source.cancel();
    expect((await failure(parseCsv('a\n1\n', { cancel: source }))).code).toBe('cancelled');
  });

  test('cancelling mid-parse stops between chunks', async () => {
    const source = new CancelSource();
    let chunks = 0;
    const text = 'a\n' + '1\n'.repeat(1000);
    const e = await failure(
      parseCsv(new Blob([text]), {
        chunkSize: 100,
        cancel: source,
        onProgress: () => {
          if (++chunks === 3) source.cancel();
        },
      }),
    );
    expect(e.code).toBe('cancelled');
    expect(chunks).toBe(3);
  });
});

/** RFC 4180 writer: quotes when needed, and quotes blank/whitespace cells that would read as blank lines. */
function toCsv(table: RawTable, eol: string, quoteAll: boolean): string {
  const field = (s: string): string => (quoteAll || /[",\r\n]/.test(s) || s.trim() === '' ? `"${s.replaceAll('"', '""')}"` : s);
  const rows = table.columns[0]!.map((_, i) => table.columns.map((c) => field(c[i] ?? '')).join(','));
  return [table.names.map(field).join(','), ...rows].join(eol) + eol;
}

describe('parseCsv: property', () => {
  const cellChars = fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r', ';', '\t', 'é', '😀', 'N', 'A');
  const cell = fc.oneof(fc.string({ unit: cellChars, maxLength: 6 }), fc.string({ maxLength: 6 }));
  const table = fc.integer({ min: 1, max: 4 }).chain((width) =>
    fc.record({
      names: fc.uniqueArray(cell.filter((s) => s.trim() !== ''), { minLength: width, maxLength: width }),
      rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
      quoteAll: fc.boolean(),
      chunkSize: fc.integer({ min: 1, max: 9 }),
    }),
  );

  test('any table of strings written as RFC 4180 CSV parses back to the same cells', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ({ names, rows, eol, quoteAll, chunkSize }) => {
        const columns = names.map((_, j) => rows.map((r) => r[j] ?? ''));
        const text = toCsv({ names, columns }, eol, quoteAll);
        const expected = columns.map((c) => c.map((s) => (['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '?'].includes(s.trim()) ? null : s)));
        const parsed = await parseCsv(new Blob([text]), { delimiter: ',', chunkSize });
        expect(parsed.names).toEqual(names);
        expect(parsed.columns).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
