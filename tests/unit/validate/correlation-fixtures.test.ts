import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../../src/core/data/ingest.ts';
import { correlationMatrix, cramersV, pearson, spearman } from '../../../src/core/validate/correlation/index.ts';

// Written by scripts/fixtures/validate_correlation.py (scipy 1.10 pearsonr, spearmanr, association(method='cramer')).
const dir = join(import.meta.dirname, '../../fixtures/validate');
const read = <T>(file: string): T => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;

interface NumericCase {
  name: string;
  x: (number | null)[];
  y: (number | null)[];
  pearson: number | null;
  spearman: number | null;
}
interface LabelCase {
  name: string;
  x: (string | null)[];
  y: (string | null)[];
  cramersV: number | null;
}
const pairs = read<{ numeric: NumericCase[]; labels: LabelCase[] }>('correlation_pairs.json');

const numbers = (v: (number | null)[]): Float64Array => Float64Array.from(v, (x) => (x === null ? NaN : x));

function codes(v: (string | null)[]): Int32Array {
  const index = new Map<string, number>();
  return Int32Array.from(v, (x) => {
    if (x === null) return -1;
    if (!index.has(x)) index.set(x, index.size);
    return index.get(x) as number;
  });
}

function expectClose(actual: number | null | undefined, expected: number | null, where: string): void {
  if (expected === null) {
    expect(actual, where).toBeNull();
    return;
  }
  expect(actual, where).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${where}: ${String(actual)} vs ${expected}`).toBeLessThanOrEqual(
    1e-9 * Math.abs(expected) + 1e-12,
  );
}

describe('pairwise correlations match scipy to 1e-9', () => {
  it('covers constant, two-point, tied and missing cases', () => {
    const names = pairs.numeric.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['constant', 'n2', 'ties_missing', 'big_offset', 'monotone_nonlinear']));
    expect(pairs.labels.map((c) => c.name)).toEqual(expect.arrayContaining(['perfect', 'single_level', 'balanced_zero']));
  });

  for (const c of pairs.numeric) {
    it(`pearson and spearman: ${c.name}`, () => {
      expectClose(pearson(numbers(c.x), numbers(c.y)), c.pearson, 'pearson');
      expectClose(spearman(numbers(c.x), numbers(c.y)), c.spearman, 'spearman');
      // Symmetric in its arguments.
      expectClose(pearson(numbers(c.y), numbers(c.x)), c.pearson, 'pearson (swapped)');
    });
  }

  for (const c of pairs.labels) {
    it(`cramersV: ${c.name}`, () => {
      expectClose(cramersV(codes(c.x), codes(c.y)), c.cramersV, 'cramersV');
      expectClose(cramersV(codes(c.y), codes(c.x)), c.cramersV, 'cramersV (swapped)');
    });
  }
});

describe('correlationMatrix matches pairwise-complete scipy figures', () => {
  interface MatrixCase {
    columns: string[];
    values: (number | null)[][];
  }
  const fx = read<{
    input: string;
    omitted: { numeric: { name: string; reason: string }[]; labels: { name: string; reason: string }[] };
    pearson: MatrixCase;
    spearman: MatrixCase;
    'cramers-v': MatrixCase;
  }>('correlation_matrix.expected.json');

  for (const method of ['pearson', 'spearman', 'cramers-v'] as const) {
    it(method, async () => {
      const d = await ingest(readFileSync(join(dir, fx.input), 'utf8'), { name: fx.input });
      const m = correlationMatrix(d.table, d.columns, { method });
      const want = fx[method];
      expect(m.columns).toEqual(want.columns);
      expect(m.omitted).toEqual(method === 'cramers-v' ? fx.omitted.labels : fx.omitted.numeric);
      expect(m.rowsUsed).toBe(d.rows);
      expect(m.sampled).toBe(false);
      want.values.forEach((row, i) => row.forEach((v, j) => expectClose(m.values[i]?.[j], v, `${want.columns[i]}~${want.columns[j]}`)));
    });
  }
});
