import { describe, expect, test } from 'vitest';
import { buildTable } from '../../../src/core/data/build-table.ts';
import { labelValues, numericValues } from '../../../src/core/data/columns.ts';
import { parseCsv } from '../../../src/core/data/csv.ts';
import { readCsvTable } from '../../../src/core/data/csv-table.ts';
import { fingerprintTable } from '../../../src/core/data/fingerprint.ts';
import { inferTypes } from '../../../src/core/data/infer-types.ts';
import { ingest } from '../../../src/core/data/ingest.ts';
import { BenchtopError } from '../../../src/core/errors.ts';
import { CancelSource } from '../../../src/core/jobs.ts';
import type { Progress } from '../../../src/core/jobs.ts';
import { createRng } from '../../../src/core/random.ts';

async function failure(p: Promise<unknown>): Promise<BenchtopError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(BenchtopError);
    return e as BenchtopError;
  }
  throw new Error('expected a rejection');
}

const col = (t: Awaited<ReturnType<typeof readCsvTable>>, name: string) => t.columns.find((c) => c.name === name)!;

describe('readCsvTable: types, confidence and evidence', () => {
  test('integer, float, boolean, datetime, categorical, text and identifier columns', async () => {
    const rng = createRng(3);
    const lines = ['user_id,count,price,flag,day,colour,comment,code'];
    for (let i = 0; i < 60; i++)
      lines.push(
        [i + 1, rng.int(5), (rng.next() * 100).toFixed(2), i % 2 ? 'yes' : 'no', `2021-03-${String((i % 28) + 1).padStart(2, '0')}`, ['red', 'blue'][i % 2], `said ${i} things`, `A-${1000 + i}`].join(','),
      );
    const t = await readCsvTable(lines.join('\n'));
    const pick = (name: string) => {
      const c = col(t, name);
      return [c.kind, c.type, c.confidence];
    };
    expect(pick('user_id')).toEqual(['numeric', 'identifier', 1]);
    expect(pick('count')).toEqual(['numeric', 'integer', 1]);
    expect(pick('price')).toEqual(['numeric', 'float', 1]);
    expect(pick('flag')).toEqual(['boolean', 'boolean', 1]);
    expect(pick('day')).toEqual(['datetime', 'datetime', 1]);
    expect(pick('colour')).toEqual(['categorical', 'categorical', 1]);
    expect(pick('comment')).toEqual(['text', 'text', 1]);
    expect(pick('code')).toEqual(['text', 'identifier', 1]);
    expect(col(t, 'count').evidence).toEqual({ numeric: 1, integer: 1, boolean: expect.any(Number), datetime: 0 });
    expect(col(t, 'comment').evidence).toEqual({ numeric: 0, integer: 0, boolean: 0, datetime: 0 });
  });

  test('evidence is the share of values that parse: a mostly-numeric column says so', async () => {
    const values = [...Array.from({ length: 19 }, (_, i) => String(i * 1.5)), 'unknown'];
    const t = await readCsvTable(['v', ...values].join('\n'));
    const v = col(t, 'v');
    expect(v.kind).toBe('text');
    expect(v.evidence!.numeric).toBeCloseTo(19 / 20, 12);
    expect(v.evidence!.integer).toBeCloseTo(10 / 20, 12);
    expect(v.distinct).toBe(20);
  });

  test('0/1 columns stay numeric but carry boolean evidence; words make a boolean', async () => {
    const t = await readCsvTable('a,b\n0,yes\n1,0\n1,NO\n');
    expect(col(t, 'a')).toMatchObject({ kind: 'numeric', type: 'integer', evidence: { boolean: 1 } });
    expect(col(t, 'b')).toMatchObject({ kind: 'boolean', distinct: 2 });
    expect(labelValues(t.table, 'b')).toEqual(['true', 'false', 'false']);
  });

  test('a column with only missing values is text with confidence 0', async () => {
    const t = await readCsvTable('a,b\n1,\n2,NA\n');
    expect(col(t, 'b')).toMatchObject({ kind: 'text', missing: 2, distinct: 0, confidence: 0 });
  });
});

describe('readCsvTable: dates', () => {
  test('day-first is chosen when some value only reads day-first', async () => {
    const t = await readCsvTable('d\n01/02/2020\n25/12/2020\n');
    expect(labelValues(t.table, 'd')).toEqual(['2020-02-01T00:00:00.000Z', '2020-12-25T00:00:00.000Z']);
    expect(t.notes).toEqual([]);
  });

  test('ambiguous columns default to month-first with a note; dateOrder decides without one', async () => {
    const text = 'd\n01/02/2020\n03/04/2020\n';
    const t = await readCsvTable(text);
    expect(labelValues(t.table, 'd')[0]).toBe('2020-01-02T00:00:00.000Z');
    expect(t.notes.join()).toContain('month-first');
    const dayFirst = await readCsvTable(text, { dateOrder: 'day-first' });
    expect(labelValues(dayFirst.table, 'd')[0]).toBe('2020-02-01T00:00:00.000Z');
    expect(dayFirst.notes).toEqual([]);
  });

  test('mixed readings (one value only month-first, another only day-first) are not dates', async () => {
    const t = await readCsvTable('d\n12/25/2020\n25/12/2020\n');
    expect(col(t, 'd').kind).not.toBe('datetime');
    expect(col(t, 'd').evidence!.datetime).toBe(0.5);
  });

  test('month names and dotted day-first dates', async () => {
    const t = await readCsvTable('a;b\nJan 5 2020;24.12.2019\n"March 1, 2021";01.01.2000\n');
    expect(labelValues(t.table, 'a')).toEqual(['2020-01-05T00:00:00.000Z', '2021-03-01T00:00:00.000Z']);
    expect(labelValues(t.table, 'b')).toEqual(['2019-12-24T00:00:00.000Z', '2000-01-01T00:00:00.000Z']);
  });
});

describe('readCsvTable: 64-bit integers', () => {
  test('integers beyond 2^53 keep every digit as text, with a note', async () => {
    const t = await readCsvTable('id,v\n9007199254740993,1\n18446744073709551615,2\n-9223372036854775808,3\n');
    expect(col(t, 'id')).toMatchObject({ kind: 'text', type: 'identifier' });
    expect(labelValues(t.table, 'id')).toEqual(['9007199254740993', '18446744073709551615', '-9223372036854775808']);
    expect(t.notes.join()).toContain('"id" holds integers beyond 2^53 (row 1: 9007199254740993)');
  });

  test('2^53 itself is still a number; forcing numeric rounds and says so', async () => {
    const plain = await readCsvTable('id\n9007199254740992\n');
    expect(col(plain, 'id').kind).toBe('numeric');
    const forced = await readCsvTable('id\n9007199254740993\n', { kinds: new Map([['id', 'numeric']]) });
    expect(numericValues(forced.table, 'id')[0]).toBe(9007199254740992);
    expect(col(forced, 'id').overridden).toBe(true);
    expect(forced.notes.join()).toContain('rounded to the nearest float64');
  });
});

describe('readCsvTable: forced kinds, missing tokens, header renaming', () => {
  test('forced kinds set overridden, keep confidence 1, and are checked with the data row', async () => {
    const t = await readCsvTable('zip,flag\n02139,1\n10001,0\n', { kinds: new Map([['zip', 'numeric'], ['flag', 'boolean']]) });
    expect(col(t, 'zip')).toMatchObject({ kind: 'numeric', overridden: true, confidence: 1 });
    expect(col(t, 'flag')).toMatchObject({ kind: 'boolean', overridden: true });
    expect([...numericValues(t.table, 'zip')]).toEqual([2139, 10001]);
    const e = await failure(readCsvTable('a,b\n1,2\n3,x\n', { kinds: new Map([['b', 'datetime']]) }));
    expect(e.code).toBe('column_kind_mismatch');
    expect(e.location).toEqual({ row: 1, column: 'b' });
    const unknown = await failure(readCsvTable('a\n1\n', { kinds: new Map([['b', 'text']]) }));
    expect(unknown.code).toBe('column_not_found');
  });

  test('a forced mismatch waits for the parse: a later ragged row is reported first', async () => {
    const e = await failure(readCsvTable('a,b\nx,1\n1\n', { kinds: new Map([['a', 'numeric']]) }));
    expect(e.code).toBe('csv_ragged_row');
  });

  test('custom missing tokens replace the defaults and are counted per token', async () => {
    const t = await readCsvTable('v,w\n-999,NA\n3,.\n-999,x\n', { missingTokens: ['-999', '.', ''] });
    expect(col(t, 'v')).toMatchObject({ kind: 'numeric', missing: 2, missingTokens: [{ token: '-999', count: 2 }] });
    expect(col(t, 'w')).toMatchObject({ missing: 1, missingTokens: [{ token: '.', count: 1 }] });
    expect(labelValues(t.table, 'w')).toEqual(['NA', null, 'x']);
  });

  test('renameDuplicateHeaders renames repeats and blanks, with a note, never colliding', async () => {
    const t = await readCsvTable('a,a,,a_2,a\n1,2,3,4,5\n', { renameDuplicateHeaders: true });
    expect(t.columns.map((c) => c.name)).toEqual(['a', 'a_3', 'column_3', 'a_2', 'a_4']);
    expect(t.notes.join()).toContain('field 2 "a" -> "a_3"');
    expect(t.notes.join()).toContain('field 3 (blank) -> "column_3"');
    const e = await failure(readCsvTable('a,b,a,b\n1,2,3,4\n'));
    expect(e.code).toBe('csv_duplicate_header');
    expect(e.message).toContain('(so do "b")');
  });
});

describe('readCsvTable: streaming', () => {
  // A numeric-looking column turns to text late: its earlier rows are re-read for their text.
  const late = ['id,v,w', ...Array.from({ length: 500 }, (_, i) => `${i},${i / 4},${i === 480 ? 'n/a-ish' : (i * 3) % 7}`)].join('\r\n');

  test('late demotion: re-read rows give the text as written, with a reparse phase', async () => {
    const seen: Progress[] = [];
    const t = await readCsvTable(new Blob([late]), { chunkSize: 97, onProgress: (p) => seen.push(p) });
    expect(col(t, 'w')).toMatchObject({ kind: 'categorical', distinct: 8 });
    const w = labelValues(t.table, 'w');
    expect(w[0]).toBe('0');
    expect(w[480]).toBe('n/a-ish');
    expect(w[479]).toBe(String((479 * 3) % 7));
    expect([...new Set(seen.map((p) => p.phase))]).toEqual(['parse', 'reparse', 'infer']);
    const reparse = seen.filter((p) => p.phase === 'reparse').map((p) => p.fraction);
    expect(reparse.at(-1)).toBe(1);
  });

  test('every chunk size gives the same table (CRLF, quotes, multi-byte characters split anywhere)', async () => {
    const text = '\uFEFFid,"na,me",note\r\n1,"Zoë ""Z""","multi\r\nline 😀"\r\n2,日本,\r\n\r\n3,"",NA\r\n4,x,"a""b"\r';
    const whole = await readCsvTable(text);
    const print = await fingerprintTable(whole.table);
    for (let chunkSize = 1; chunkSize <= 23; chunkSize++) {
      const t = await readCsvTable(new Blob([text]), { chunkSize });
      expect(await fingerprintTable(t.table), `chunk ${chunkSize}`).toBe(print);
      expect(t.columns).toEqual(whole.columns);
    }
    expect(labelValues(whole.table, 'na,me')).toEqual(['Zoë "Z"', '日本', null, 'x']);
    expect(labelValues(whole.table, 'note')).toEqual(['multi\r\nline 😀', null, null, 'a"b']);
  });

  test('a CR at a chunk end followed by LF is one line end (error rows do not drift)', async () => {
    const text = 'a,b\r\n1,2\r\n3,4\r\n5\r\n';
    for (let chunkSize = 1; chunkSize <= 8; chunkSize++) expect((await failure(readCsvTable(new Blob([text]), { chunkSize }))).location.row).toBe(4);
  });

  test('invalid UTF-8 after the detection window starts over as Windows-1252 with a note', async () => {
    const head = 'name,n\n' + 'plain,1\n'.repeat(9000);
    const bytes = new Uint8Array([...new TextEncoder().encode(head), 0x43, 0x61, 0x66, 0xe9, 0x2c, 0x32, 0x0a]);
    const t = await readCsvTable(bytes, { chunkSize: 4096 });
    expect(t.encoding).toBe('windows-1252');
    expect(labelValues(t.table, 'name').at(-1)).toBe('Café');
    expect(t.notes[0]).toContain(`first bad byte at offset ${(head.length + 3).toLocaleString('en-US')}`);
  });

  test('cancel between chunks, and progress per chunk ending at 1', async () => {
    const source = new CancelSource();
    let n = 0;
    const e = await failure(readCsvTable(new Blob(['a\n' + '1\n'.repeat(500)]), { chunkSize: 50, cancel: source, onProgress: () => ++n === 4 && source.cancel() }));
    expect(e.code).toBe('cancelled');
    expect(n).toBe(4);
  });
});

describe('the fast path and the string path build the same Arrow bytes', () => {
  test('random mixed tables: readCsvTable == buildTable(parseCsv, inferTypes)', async () => {
    const rng = createRng(11);
    const pick = <T,>(xs: readonly T[]): T => xs[rng.int(xs.length)]!;
    for (let round = 0; round < 60; round++) {
      const width = 1 + rng.int(5);
      const gens = Array.from({ length: width }, () => pick(['int', 'float', 'exp', 'bool', 'date', 'cat', 'text', 'lead0', 'mixed'] as const));
      const cell = (g: string): string => {
        if (rng.next() < 0.08) return pick(['', 'NA', ' null ', '?']);
        switch (g) {
          case 'int':
            return String(rng.int(2000) - 1000);
          case 'float':
            return (rng.normal() * 10 ** rng.int(6)).toFixed(rng.int(8));
          case 'exp':
            return (rng.normal() * 10 ** (rng.int(40) - 20)).toPrecision(1 + rng.int(17));
          case 'bool':
            return pick(['true', 'False', 'Y', 'no', '1', '0']);
          case 'date':
            return pick(['2020-01-0', '03/1', '1.1.']) + String(1 + rng.int(9)) + pick(['', '2020', '020']);
          case 'cat':
            return pick(['a', 'b', '"c, d"']);
          case 'text':
            return `"t ${rng.int(1e6)} ""q"""`;
          case 'lead0':
            return String(rng.int(100)).padStart(3, '0');
          default:
            return pick(['1', '2.5', 'x', '-3', ' 4 ']);
        }
      };
      const rows = 1 + rng.int(40);
      const text = [gens.map((_, j) => `c${j}`).join(','), ...Array.from({ length: rows }, () => gens.map(cell).join(','))].join('\n');
      let fast: Awaited<ReturnType<typeof readCsvTable>>;
      try {
        fast = await readCsvTable(new Blob([text]), { chunkSize: 1 + rng.int(64) });
      } catch (e) {
        // Random date-ish cells can make a ragged-free but unparsable file only through errors both paths share.
        await expect(parseCsv(text)).rejects.toMatchObject({ code: (e as BenchtopError).code });
        continue;
      }
      const raw = await parseCsv(text);
      const slow = buildTable(raw, inferTypes(raw));
      expect(fast.columns.map((c) => [c.name, c.kind, c.missing, c.distinct])).toEqual(inferTypes(raw).map((c) => [c.name, c.kind, c.missing, c.distinct]));
      expect(await fingerprintTable(fast.table), text).toBe(await fingerprintTable(slow));
    }
  });

  test('ingest of bytes, a Blob and a string agree; numbers are bit-identical to parseNumber', async () => {
    const rng = createRng(5);
    const values = Array.from({ length: 3000 }, (_, i) =>
      i % 3 === 0 ? (rng.normal() * 1e3).toString() : i % 3 === 1 ? rng.normal().toFixed(1 + rng.int(15)) : (rng.normal() * 1e-5).toExponential(rng.int(18)),
    );
    const text = 'x\n' + values.join('\n');
    const a = await ingest(text, { name: 'x.csv' });
    const b = await ingest(new TextEncoder().encode(text), { name: 'x.csv', chunkSize: 333 });
    const c = await ingest(new Blob([text]), { name: 'x.csv' });
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(c.fingerprint).toBe(a.fingerprint);
    const x = numericValues(a.table, 'x');
    values.forEach((v, i) => expect(Object.is(x[i], Number(v)), v).toBe(true));
  });
});
