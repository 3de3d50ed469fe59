import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { labelValues } from '../../../src/core/data/columns.ts';
import { ingest } from '../../../src/core/data/ingest.ts';
import { BenchtopError } from '../../../src/core/errors.ts';

const dir = new URL('../../fixtures/hostile/', import.meta.url);

interface Failure {
  code: string;
  row?: number;
  column?: string;
  message?: string;
}
interface Success {
  ok: true;
  rows: number;
  encoding?: string;
  names?: string[];
  notes?: string[];
  kinds?: Record<string, string>;
  types?: Record<string, string>;
  missing?: Record<string, number>;
  missingTokens?: Record<string, [string, number][]>;
  cells?: Record<string, (string | null)[]>;
}

const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as Record<string, Failure | Success | string>;
const files = readdirSync(dir).filter((f) => f !== 'expected.json').sort();

async function outcome(p: Promise<unknown>): Promise<BenchtopError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(BenchtopError);
    return e as BenchtopError;
  }
  throw new Error('expected a rejection');
}

// Object.entries over parsed JSON is safe here: the fixture's keys are ours, and lookups go
// through Map/arrays in the code under test.
const entries = <T,>(o: Record<string, T> | undefined): [string, T][] => (o ? Object.entries(o) : []);

describe('hostile corpus (tests/fixtures/hostile)', () => {
  test('every file has an expectation and every expectation a file', () => {
    expect(Object.keys(expected).filter((k) => !k.startsWith('_')).sort()).toEqual(files);
  });

  test.each(files)('%s', async (file) => {
    const bytes = new Uint8Array(readFileSync(new URL(file, dir)));
    const want = expected[file] as Failure | Success;
    // Bytes and a Blob take the same path; small chunks exercise the boundaries too.
    const run = (chunkSize?: number) => ingest(new Blob([bytes]), { name: file, chunkSize });
    if (!('ok' in want)) {
      for (const chunkSize of [undefined, 7]) {
        const e = await outcome(run(chunkSize));
        expect(e.code).toBe(want.code);
        if (want.row !== undefined) expect(e.location.row).toBe(want.row);
        if (want.column !== undefined) expect(e.location.column).toBe(want.column);
        if (want.message !== undefined) expect(e.message).toContain(want.message);
      }
      return;
    }
    const d = await run();
    const again = await ingest(bytes, { name: file, chunkSize: 5 });
    expect(again.fingerprint).toBe(d.fingerprint);
    expect(again.columns).toEqual(d.columns);
    expect(again.notes).toEqual(d.notes);
    expect(d.rows).toBe(want.rows);
    if (want.encoding) expect(d.encoding).toBe(want.encoding);
    if (want.names) expect(d.columns.map((c) => c.name)).toEqual(want.names);
    for (const note of want.notes ?? []) expect(d.notes?.join('\n')).toContain(note);
    const info = (name: string) => d.columns.find((c) => c.name === name)!;
    for (const [name, kind] of entries(want.kinds)) expect(info(name).kind, name).toBe(kind);
    for (const [name, type] of entries(want.types)) expect(info(name).type, name).toBe(type);
    for (const [name, missing] of entries(want.missing)) expect(info(name).missing, name).toBe(missing);
    for (const [name, tokens] of entries(want.missingTokens))
      expect(info(name).missingTokens, name).toEqual(tokens.map(([token, count]) => ({ token, count })));
    for (const [name, cells] of entries(want.cells)) expect(labelValues(d.table, name), name).toEqual(cells);
  });
});

describe('generated hostile inputs', () => {
  test('3,000 columns', async () => {
    const width = 3000;
    const names = Array.from({ length: width }, (_, j) => `c${j}`);
    const rows = Array.from({ length: 5 }, (_, i) => names.map((_, j) => (j % 3 === 0 ? `v${(i + j) % 4}` : String(i * j))).join(','));
    const d = await ingest([names.join(','), ...rows].join('\n'), { name: 'wide.csv' });
    expect(d.columns.length).toBe(width);
    expect(d.table.numCols).toBe(width);
    expect(d.columns[1]!.kind).toBe('numeric');
    expect(labelValues(d.table, 'c2999')).toEqual(['0', '2999', '5998', '8997', '11996']);
  });

  test('a 5 MB quoted field with quotes, delimiters and line breaks, in small chunks', async () => {
    const unit = 'ab,"c"\nd😀 ';
    const big = unit.repeat(Math.ceil((5 * 1024 * 1024) / unit.length));
    const csv = `id,blob,n\n1,"${big.replaceAll('"', '""')}",2\n3,x,4\n`;
    const d = await ingest(new Blob([csv]), { name: 'big.csv', chunkSize: 256 * 1024 });
    expect(d.rows).toBe(2);
    const blob = labelValues(d.table, 'blob');
    expect(blob[0]!.length).toBe(big.length);
    expect(blob[0] === big).toBe(true);
    expect(labelValues(d.table, 'n')).toEqual(['2', '4']);
  });
});
