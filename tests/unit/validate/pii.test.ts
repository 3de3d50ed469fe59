import { describe, expect, test } from 'vitest';
import { buildTable, KIND_METADATA_KEY } from '../../../src/core/data/build-table.ts';
import { labelValues } from '../../../src/core/data/columns.ts';
import { fingerprintTable } from '../../../src/core/data/fingerprint.ts';
import { inferTypes } from '../../../src/core/data/infer-types.ts';
import type { ColumnKind } from '../../../src/core/data/types.ts';
import { CancelSource } from '../../../src/core/jobs.ts';
import { createRng } from '../../../src/core/random.ts';
import { detectPii, generateSalt, scrubPii } from '../../../src/core/validate/pii/index.ts';
import type { PiiColumnReport, PiiReport } from '../../../src/core/validate/pii/index.ts';

type Col = [name: string, values: (string | null)[]];

function dataset(cols: Col[], kinds: Record<string, ColumnKind> = {}) {
  const raw = { names: cols.map((c) => c[0]), columns: cols.map((c) => c[1]) };
  const columns = inferTypes(raw).map((c) => (Object.hasOwn(kinds, c.name) ? { ...c, kind: kinds[c.name]! } : c));
  return { table: buildTable(raw, columns), columns };
}

const column = (report: PiiReport, name: string): PiiColumnReport | undefined => report.columns.find((c) => c.column === name);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('detectPii', () => {
  const rng = createRng(21);
  const n = 40;
  const { table, columns } = dataset([
    ['contact', range(n).map((i) => (i === 5 ? null : `user${i}@example.com`))],
    ['notes', range(n).map((i) => (i % 8 === 0 ? `call me on +44 20 7946 ${String(1000 + i)}` : `visit ${i}`))],
    ['payment', range(n).map((i) => (i === 7 ? '4111 1111 1111 1111' : `ref-${i}`))],
    ['order_id', range(n).map(() => String(4e15 + Math.floor(rng.next() * 1e15)))],
    ['height_cm', range(n).map((i) => String(150 + i * 0.5))],
    ['reading', range(n).map((i) => `${1000000 + i * 37}.${100 + i}`)],
    ['phone', range(n).map((i) => String(4155550000 + i))],
    ['Name', range(n).map((i) => `Person ${i}`)],
    ['__proto__', range(n).map((i) => (i < 10 ? `p${i}@example.org` : 'none'))],
    ['host', range(n).map((i) => `10.0.${i}.1`)],
  ]);

  test('reports each column with the kinds found, counts, shares and masked samples', async () => {
    const report = await detectPii(table, columns);
    expect(report).toMatchObject({ rows: n, rowsScanned: n, exact: true });
    expect(column(report, 'contact')).toEqual({
      column: 'contact',
      findings: [{ kind: 'email', count: 39, share: 1, samples: ['u***@example.com'], confidence: 'high' }],
      nameHints: [],
    });
    // 5 of 40 notes mention a phone number: share 0.125 >= 0.1 and >= 3 values
    expect(column(report, 'notes')!.findings).toEqual([
      { kind: 'phone', count: 5, share: 5 / 40, samples: ['+** ** **** **00', '+** ** **** **08', '+** ** **** **16'], confidence: 'medium' },
    ]);
    // one valid card number is enough
    expect(column(report, 'payment')!.findings).toMatchObject([{ kind: 'credit_card', count: 1, samples: ['****1111'] }]);
    expect(column(report, '__proto__')!.findings).toMatchObject([{ kind: 'email', count: 10, share: 0.25 }]);
    expect(column(report, 'host')!.findings).toMatchObject([{ kind: 'ipv4', count: 40 }]);
  });

  test('ordinary numbers are not PII: random 16-digit ids (some Luhn-valid by chance), measurements, decimals', async () => {
    const report = await detectPii(table, columns);
    expect(column(report, 'order_id')).toBeUndefined();
    expect(column(report, 'height_cm')).toBeUndefined();
    expect(column(report, 'reading')).toBeUndefined();
  });

  test('a numeric column named like a phone is scanned; names alone give low-confidence hints', async () => {
    const report = await detectPii(table, columns);
    expect(column(report, 'phone')).toMatchObject({ findings: [{ kind: 'phone', count: 40 }], nameHints: [{ kind: 'phone', confidence: 'low' }] });
    expect(column(report, 'Name')).toEqual({ column: 'Name', findings: [], nameHints: [{ kind: 'name', confidence: 'low' }] });
  });

  test('below the share threshold a column is not reported', async () => {
    const few = dataset([['c', range(100).map((i) => (i < 2 ? `a${i}@example.com` : `text ${i}`))]]);
    expect((await detectPii(few.table, few.columns)).columns).toEqual([]);
    const opts = { minShare: 0.01, minCount: 2 };
    expect((await detectPii(few.table, few.columns, opts)).columns[0]!.findings[0]).toMatchObject({ kind: 'email', count: 2 });
  });

  test('scans evenly spaced sample rows, and counts exactly when asked', async () => {
    // every 5th row is an email; the sample reads rows 0, 10, 20, ..., all of them emails
    const big = dataset([['mail', range(1000).map((i) => (i % 5 === 0 ? `x${i}@example.com` : `item ${i}`))]]);
    const sampled = await detectPii(big.table, big.columns, { sampleRows: 100 });
    expect(sampled).toMatchObject({ rows: 1000, rowsScanned: 100, exact: false });
    expect(sampled.columns[0]!.findings[0]).toMatchObject({ kind: 'email', count: 100, share: 1 });
    const exact = await detectPii(big.table, big.columns, { sampleRows: 100, exact: true });
    expect(exact).toMatchObject({ rowsScanned: 100, exact: true });
    expect(exact.columns[0]!.findings[0]).toMatchObject({ kind: 'email', count: 200, share: 0.2 });
  });

  test('can be cancelled', async () => {
    const source = new CancelSource();
    source.cancel();
    await expect(detectPii(table, columns, { cancel: source })).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('scrubPii', () => {
  const cols: Col[] = [
    ['email', ['jane@example.com', 'not an email', null, 'bob@example.org']],
    ['notes', ['ring +44 20 7946 0958 after 5', 'fine', 'card 4111 1111 1111 1111 on file', null]],
    ['age', ['34', '51', null, '34']],
    ['__proto__', ['a', 'b', 'a', 'c']],
  ];

  test('drop, mask and hash give a canonical table equal to building the expected data directly', async () => {
    const { table, columns } = dataset(cols, { email: 'categorical' });
    const result = await scrubPii(
      table,
      [
        { column: 'email', action: 'mask' },
        { column: 'notes', action: 'mask' },
        { column: 'age', action: 'hash' },
        { column: '__proto__', action: 'drop' },
      ],
      { salt: 's4lt', columns },
    );
    expect(labelValues(result.table, 'email')).toEqual(['***@***', '***', null, '***@***']);
    expect(labelValues(result.table, 'notes')).toEqual(['ring +** ** **** **** after 5', 'fine', 'card ****1111 on file', null]);
    // equal ages hash equally and missing stays missing (values against hashlib: next test)
    const ages = labelValues(result.table, 'age');
    expect(ages[0]).toMatch(/^[0-9a-f]{16}$/);
    expect([ages[3], ages[2]]).toEqual([ages[0], null]);
    expect(columns.map((c) => c.kind)).toEqual(['categorical', 'text', 'numeric', 'text']);
    expect(result.table.schema.fields.map((f) => [f.name, f.metadata.get(KIND_METADATA_KEY)])).toEqual([
      ['email', 'categorical'],
      ['notes', 'text'],
      ['age', 'text'],
    ]);
    const expected = buildTable(
      {
        names: ['email', 'notes', 'age'],
        columns: [labelValues(result.table, 'email'), labelValues(result.table, 'notes'), labelValues(result.table, 'age')],
      },
      [
        { name: 'email', kind: 'categorical', missing: 1, distinct: 2 },
        { name: 'notes', kind: 'text', missing: 1, distinct: 3 },
        { name: 'age', kind: 'text', missing: 1, distinct: 2 },
      ],
    );
    expect(await fingerprintTable(result.table)).toBe(await fingerprintTable(expected));
    expect(result.columns).toEqual([
      { name: 'email', kind: 'categorical', missing: 1, distinct: 2 },
      { name: 'notes', kind: 'text', missing: 1, distinct: 3 },
      { name: 'age', kind: 'text', missing: 1, distinct: 2 },
    ]);
    expect(result.log).toEqual([
      { column: 'email', action: 'mask', changed: 3, kindBefore: 'categorical', kindAfter: 'categorical', mode: 'values', matches: [{ kind: 'email', count: 2 }] },
      {
        column: 'notes',
        action: 'mask',
        changed: 2,
        kindBefore: 'text',
        kindAfter: 'text',
        mode: 'substrings',
        matches: [
          { kind: 'phone', count: 1 },
          { kind: 'credit_card', count: 1 },
        ],
      },
      { column: 'age', action: 'hash', changed: 3, kindBefore: 'numeric', kindAfter: 'text' },
      { column: '__proto__', action: 'drop', changed: 0, kindBefore: 'text' },
    ]);
  });

  test('hash is SHA-256(salt + value) cut to 16 hex: matches hashlib, same input and salt give the same output', async () => {
    const { table } = dataset([
      ['email', ['jane@example.com', 'jane@example.com', null]],
      ['n', ['42', '42', '7']],
      ['u', ['Zoë ☃', 'x', 'x']],
    ]);
    const actions = [
      { column: 'email', action: 'hash' },
      { column: 'n', action: 'hash' },
      { column: 'u', action: 'hash' },
    ] as const;
    const a = await scrubPii(table, actions, { salt: 's4lt' });
    expect(labelValues(a.table, 'email')).toEqual(['45be8b853cd13831', '45be8b853cd13831', null]);
    expect(labelValues(a.table, 'n').slice(0, 2)).toEqual(['6fb5ca9ccc51e421', '6fb5ca9ccc51e421']);
    expect(labelValues(a.table, 'u')[0]).toBe('77a0955d8ea886c0');
    const again = await scrubPii(table, actions, { salt: 's4lt' });
    expect(await fingerprintTable(again.table)).toBe(await fingerprintTable(a.table));
    const other = await scrubPii(table, actions, { salt: 'pepper' });
    expect(labelValues(other.table, 'email')[0]).not.toBe('45be8b853cd13831');
  });

  test('a table in several record batches keeps rows aligned', async () => {
    const { table } = dataset([
      ['id', ['1', '2', '3', '4', '5']],
      ['mail', ['a@example.com', 'x', 'b@example.com', 'y', 'c@example.com']],
    ]);
    const chunked = table.slice(0, 2).concat(table.slice(2));
    expect(chunked.batches.length).toBe(2);
    const { table: out } = await scrubPii(chunked, [{ column: 'mail', action: 'mask' }], { salt: '' });
    expect(labelValues(out, 'id')).toEqual(['1', '2', '3', '4', '5']);
    expect(labelValues(out, 'mail')).toEqual(['***@***', '***', '***@***', '***', '***@***']);
    const single = await scrubPii(table, [{ column: 'mail', action: 'mask' }], { salt: '' });
    expect(await fingerprintTable(out)).toBe(await fingerprintTable(single.table));
  });

  test('a column flagged only by its name is masked whole', async () => {
    const { table } = dataset([['full_name', ['Ada Lovelace', 'Alan Turing', null]]]);
    const { table: out, log } = await scrubPii(table, [{ column: 'full_name', action: 'mask' }], { salt: '' });
    expect(labelValues(out, 'full_name')).toEqual(['***', '***', null]);
    expect(log[0]).toMatchObject({ changed: 2, mode: 'values', matches: [] });
  });

  test('bad actions are coded errors', async () => {
    const { table } = dataset(cols);
    await expect(scrubPii(table, [{ column: 'nope', action: 'drop' }], { salt: 'x' })).rejects.toMatchObject({ code: 'column_not_found' });
    await expect(
      scrubPii(
        table,
        [
          { column: 'age', action: 'drop' },
          { column: 'age', action: 'hash' },
        ],
        { salt: 'x' },
      ),
    ).rejects.toMatchObject({ code: 'pii_action_invalid' });
    await expect(scrubPii(table, [{ column: 'age', action: 'hash' }], { salt: '' })).rejects.toMatchObject({ code: 'pii_salt_missing' });
    const unknown = [{ column: 'age', action: 'encrypt' }] as unknown as Parameters<typeof scrubPii>[1];
    await expect(scrubPii(table, unknown, { salt: 'x' })).rejects.toMatchObject({ code: 'pii_action_invalid' });
  });

  test('no actions: the same data', async () => {
    const { table } = dataset(cols);
    const { table: out, log } = await scrubPii(table, [], { salt: '' });
    expect(log).toEqual([]);
    expect(await fingerprintTable(out)).toBe(await fingerprintTable(table));
  });
});

describe('generateSalt', () => {
  test('16 random bytes as hex, different each time', () => {
    const a = generateSalt();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(generateSalt()).not.toBe(a);
    expect(generateSalt(4)).toMatch(/^[0-9a-f]{8}$/);
  });
});
