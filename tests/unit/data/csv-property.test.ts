import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { labelValues, numericValues } from '../../../src/core/data/columns.ts';
import { ingest } from '../../../src/core/data/ingest.ts';
import { MISSING_TOKENS } from '../../../src/core/data/is-missing-token.ts';
import { parseBoolean } from '../../../src/core/data/parse-boolean.ts';
import { parseNumber } from '../../../src/core/data/parse-number.ts';
import { BenchtopError } from '../../../src/core/errors.ts';

/** RFC 4180 writer: quotes a field holding the delimiter, a quote or a line break, and blank fields (a blank line would be skipped). */
function toCsv(names: string[], rows: string[][], delimiter: string, eol: string): string {
  const field = (s: string): string =>
    s.includes(delimiter) || /["\r\n]/.test(s) || s.trim() === '' ? `"${s.replaceAll('"', '""')}"` : s;
  return [names, ...rows].map((r) => r.map(field).join(delimiter)).join(eol) + eol;
}

const isMissing = (s: string): boolean => MISSING_TOKENS.has(s.trim());

describe('CSV round trip (property)', () => {
  const textCell = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '\t', '|', '"', '\n', '\r', 'é', '日', '😀', '=', '+', '0', '1'), maxLength: 8 }),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
  );
  const numberCell = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
    fc.integer({ min: -1e9, max: 1e9 }).map(String),
    fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 12 })).map(([x, d]) => x.toFixed(d)),
  );
  const table = fc.integer({ min: 1, max: 5 }).chain((width) =>
    fc.record({
      names: fc.uniqueArray(textCell.filter((s) => s.trim() !== ''), { minLength: width, maxLength: width }),
      numeric: fc.array(fc.boolean(), { minLength: width, maxLength: width }),
      rows: fc.integer({ min: 1, max: 12 }),
      seed: fc.array(fc.tuple(textCell, numberCell), { minLength: width * 12, maxLength: width * 12 }),
      delimiter: fc.constantFrom(',', '\t', ';', '|'),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
      chunkSize: fc.integer({ min: 1, max: 40 }),
    }),
  );

  test('any table written as CSV reads back to the same names and values', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ({ names, numeric, rows, seed, delimiter, eol, chunkSize }) => {
        const width = names.length;
        const cells = Array.from({ length: rows }, (_, i) => names.map((_, j) => seed[i * width + j]![numeric[j] ? 1 : 0]));
        const text = toCsv(names, cells, delimiter, eol);
        const d = await ingest(new Blob([text]), { name: 'p.csv', delimiter, chunkSize });
        expect(d.columns.map((c) => c.name)).toEqual(names);
        expect(d.rows).toBe(rows);
        names.forEach((name, j) => {
          const info = d.columns[j]!;
          const column = cells.map((r) => r[j]!);
          const present = column.map((s) => (isMissing(s) ? null : s));
          expect(info.missing).toBe(present.filter((s) => s === null).length);
          switch (info.kind) {
            case 'numeric': {
              const x = numericValues(d.table, name);
              present.forEach((s, i) => (s === null ? expect(x[i]).toBeNaN() : expect(Object.is(x[i], parseNumber(s))).toBe(true)));
              break;
            }
            case 'boolean':
              expect(labelValues(d.table, name)).toEqual(present.map((s) => (s === null ? null : String(parseBoolean(s)))));
              break;
            case 'datetime':
              break;
            default:
              expect(labelValues(d.table, name)).toEqual(present);
          }
          // A column of numbers is numeric unless it holds an integer a float64 cannot hold (or no value at all).
          const unsafe = (s: string): boolean => /^-?\d+$/.test(s) && (BigInt(s) < 0n ? -BigInt(s) : BigInt(s)) > 2n ** 53n;
          if (numeric[j] && present.some((s) => s !== null)) expect(info.kind === 'numeric').toBe(!present.some((s) => s !== null && unsafe(s)));
        });
      }),
      { numRuns: 400 },
    );
  });
});

describe('hostile bytes never hang and fail only with coded errors (property)', () => {
  async function settles(bytes: Uint8Array, name: string, chunkSize: number): Promise<void> {
    const started = performance.now();
    try {
      await ingest(bytes, { name, chunkSize });
    } catch (e) {
      if (!(e instanceof BenchtopError)) throw e;
    }
    expect(performance.now() - started).toBeLessThan(2000);
  }

  test('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('r.csv', 'r.tsv', 'r.json', 'r.ndjson'), fc.integer({ min: 1, max: 64 }), (bytes, name, chunkSize) =>
        settles(bytes, name, chunkSize),
      ),
      { numRuns: 500 },
    );
  });

  test('random mutations of a valid CSV', async () => {
    const valid = new TextEncoder().encode('id,name,score,when\r\n1,"Ann, A.",3.5,2020-01-02\r\n2,"Bo ""B""",NA,2020-01-03\r\n3,Zoë,-1e3,\r\n');
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.integer({ min: 0, max: 3 }),
      insert: fc.array(fc.constantFrom(0x22, 0x2c, 0x0a, 0x0d, 0x00, 0xff, 0xe6, 0x41, 0x30, 0x20, 0x09), { maxLength: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 32 }), async (edits, chunkSize) => {
        let bytes = Array.from(valid);
        for (const { at, remove, insert } of edits) {
          const i = at % (bytes.length + 1);
          bytes = [...bytes.slice(0, i), ...insert, ...bytes.slice(i + remove)];
        }
        await settles(Uint8Array.from(bytes), 'm.csv', chunkSize);
      }),
      { numRuns: 800 },
    );
  });
});
