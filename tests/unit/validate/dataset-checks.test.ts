import { describe, expect, it } from 'vitest';
import { buildTable } from '../../../src/core/data/build-table.ts';
import { inferTypes } from '../../../src/core/data/infer-types.ts';
import type { ColumnInfo, ColumnKind } from '../../../src/core/data/types.ts';
import { createRng } from '../../../src/core/random.ts';
import { allMissingColumn } from '../../../src/core/validate/checks/dataset/all-missing-column.ts';
import { constantColumn } from '../../../src/core/validate/checks/dataset/constant-column.ts';
import { correlatedFeatures } from '../../../src/core/validate/checks/dataset/correlated-features.ts';
import { duplicateRows } from '../../../src/core/validate/checks/dataset/duplicate-rows.ts';
import { highCardinality } from '../../../src/core/validate/checks/dataset/high-cardinality.ts';
import { idLikeColumn, looksLikeIdName } from '../../../src/core/validate/checks/dataset/id-like-column.ts';
import { DATASET_RULES } from '../../../src/core/validate/checks/dataset/index.ts';
import { missingValues } from '../../../src/core/validate/checks/dataset/missing-values.ts';
import { mixedTypes } from '../../../src/core/validate/checks/dataset/mixed-types.ts';
import { nearConstantColumn } from '../../../src/core/validate/checks/dataset/near-constant-column.ts';
import { outliersIqr } from '../../../src/core/validate/checks/dataset/outliers-iqr.ts';
import { outliersRobustZ } from '../../../src/core/validate/checks/dataset/outliers-robust-z.ts';
import type { CheckRule, Finding } from '../../../src/core/validate/types.ts';

type Cells = (string | null)[];

/** Columns in order (names in an array, so '__proto__' is an ordinary name); kinds inferred unless forced. */
function ctxOf(cols: [string, Cells][], kinds: Record<string, ColumnKind> = {}) {
  const raw = { names: cols.map((c) => c[0]), columns: cols.map((c) => c[1]) };
  const forced = new Map(raw.names.filter((n) => Object.hasOwn(kinds, n)).map((n) => [n, kinds[n] as ColumnKind]));
  const columns = inferTypes(raw, forced);
  return { table: buildTable(raw, columns), columns };
}

const run = (rule: CheckRule, cols: [string, Cells][], kinds?: Record<string, ColumnKind>): Finding[] => rule.run(ctxOf(cols, kinds));

const rng = createRng(42);
const normals = (n: number, mean = 0, sd = 1): string[] => Array.from({ length: n }, () => String(mean + sd * rng.normal()));
const repeat = <T>(v: T, n: number): T[] => Array.from({ length: n }, () => v);

describe('every dataset rule', () => {
  it('has a stable snake_case code, a one-sentence why and dataset scope; codes are unique', () => {
    const codes = DATASET_RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const r of DATASET_RULES) {
      expect(r.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(r.scope).toBe('dataset');
      expect(r.why).toMatch(/^[A-Z].*\.$/);
      expect(r.why.split(/\.\s/).length).toBe(1);
    }
  });

  it('runs on a single row, all-missing columns and odd names without NaN in any figure', () => {
    const ctx = ctxOf(
      [
        ['__proto__', ['1']],
        ['constructor', ['a']],
        ['empty', [null]],
        ['when', ['2020-01-01']],
      ],
      { empty: 'numeric' },
    );
    for (const rule of DATASET_RULES) {
      const found = rule.run(ctx);
      for (const f of found) for (const v of Object.values(f.details ?? {})) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
      expect(JSON.parse(JSON.stringify(found))).toEqual(found);
    }
    const all = DATASET_RULES.flatMap((r) => r.run(ctx));
    expect(all.map((f) => f.code).sort()).toEqual(['all_missing_column', 'constant_column', 'constant_column', 'constant_column']);
  });
});

describe('duplicate_rows', () => {
  it('counts rows equal to an earlier row and lists them', () => {
    const f = run(duplicateRows, [
      ['a', ['1', '2', '1', '3', '1', null, null, '4', '5', '6']],
      ['b', ['x', 'y', 'x', 'z', 'x', 'q', 'q', 'r', 's', 't']],
      ['c', ['2020-01-01', '2020-01-02', '2020-01-01', '2020-01-03', '2020-01-01', null, null, '2020-01-04', '2020-01-05', '2020-01-06']],
    ]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: 'duplicate_rows', severity: 'warning', rows: [2, 4, 6], details: { count: 3, groups: 2 } });
    expect(f[0]?.message).toContain('3 rows (30.0%) are exact duplicates');
  });

  it('does not fire when rows differ in any column', () => {
    expect(
      run(duplicateRows, [
        ['a', ['1', '1', '1']],
        ['b', ['x', 'y', null]],
      ]),
    ).toEqual([]);
  });

  it('is only info when the columns cannot tell that many rows apart', () => {
    const f = run(duplicateRows, [['flag', ['yes', 'no', 'yes', 'yes', 'no']]]);
    expect(f[0]?.severity).toBe('info');
  });
});

describe('constant_column and all_missing_column', () => {
  it('fires for one value, noting missing cells; not for two values or all-missing', () => {
    const f = run(constantColumn, [
      ['k', ['a', 'a', 'a', 'a']],
      ['km', ['7', null, '7', '7']],
      ['two', ['a', 'b', 'a', 'a']],
      ['none', [null, null, null, null]],
    ]);
    expect(f.map((x) => x.columns)).toEqual([['k'], ['km']]);
    expect(f[0]?.message).toBe('"k" holds "a" in all 4 rows.');
    expect(f[1]?.message).toContain('1 row (25.0%) are missing');
    expect(f[1]?.details).toMatchObject({ value: '7', missing: 1 });
  });

  it('all_missing_column fires for empty columns only, and not on a table without rows', () => {
    const f = run(allMissingColumn, [
      ['none', [null, null]],
      ['some', [null, 'x']],
    ]);
    expect(f.map((x) => x.columns)).toEqual([['none']]);
    expect(f[0]?.severity).toBe('warning');
    expect(run(allMissingColumn, [['a', []]], { a: 'numeric' })).toEqual([]);
  });
});

describe('near_constant_column', () => {
  it('fires at >= 99.5% one value, not at 99%', () => {
    const f = run(nearConstantColumn, [
      ['almost', [...repeat('a', 996), 'b', 'c', 'b', 'd']],
      ['mostly', [...repeat('a', 990), ...repeat('b', 10)]],
    ]);
    expect(f.map((x) => x.columns)).toEqual([['almost']]);
    expect(f[0]?.details).toMatchObject({ value: 'a', others: 4 });
  });

  it('fires for a numeric column whose spread is negligible against its mean', () => {
    const f = run(nearConstantColumn, [
      ['flat', Array.from({ length: 50 }, (_, i) => String(1e9 + i * 1e-4))],
      ['normal', normals(50, 100, 15)],
    ]);
    expect(f.map((x) => x.columns)).toEqual([['flat']]);
    expect(f[0]?.message).toContain('effectively constant');
  });
});

describe('high_cardinality', () => {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'be', 'do', 'fu', 'ga'];
  const names = (n: number, distinct: number) => {
    const pool = Array.from({ length: distinct }, (_, i) => `${syllables[i % 12]}${syllables[Math.floor(i / 12) % 12]}${syllables[Math.floor(i / 144) % 12]}`);
    return Array.from({ length: n }, (_, i) => pool[i % distinct] as string);
  };

  it('warns for a short-valued label column with most values distinct', () => {
    const f = run(highCardinality, [['name', names(200, 150)]]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'warning', columns: ['name'], details: { distinct: 150, count: 200 } });
  });

  it('notes (info) a categorical column with more than 100 levels', () => {
    const f = run(highCardinality, [['cat', names(5000, 120)]]);
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('info');
  });

  it('stays quiet for long free text, few categories, and id-like columns', () => {
    const long = Array.from({ length: 200 }, (_, i) => `this is a rather long free-text comment number ${i} about the product`);
    const codes = Array.from({ length: 200 }, (_, i) => `SKU-${1000 + i}`);
    const f = run(highCardinality, [
      ['long', long],
      ['few', names(200, 5)],
      ['sku', codes],
    ]);
    expect(f).toEqual([]);
  });
});

describe('id_like_column', () => {
  it('fires for a row-number sequence, code-like unique labels and id-named near-unique columns', () => {
    const n = 100;
    const uuids = Array.from({ length: n }, (_, i) => `c${i}-${(i * 7919).toString(16)}-x`);
    const names = Array.from({ length: n }, (_, i) => (i === 3 ? 'Dup Name' : i === 4 ? 'Dup Name' : `Person ${String.fromCharCode(65 + (i % 26))} ${Math.floor(i / 26)}`));
    const f = run(idLikeColumn, [
      ['row', Array.from({ length: n }, (_, i) => String(n - i))],
      ['ref', uuids],
      ['customerId', names],
      ['float', normals(n)],
      ['wide', Array.from({ length: n }, (_, i) => String(i * 9973))],
      ['paid', Array.from({ length: n }, (_, i) => String(i * 9973 + 0.5))],
    ]);
    expect(f.map((x) => x.columns?.[0])).toEqual(['row', 'ref', 'customerId']);
    expect(f.every((x) => x.severity === 'warning')).toBe(true);
  });

  it("trusts ColumnInfo.type 'identifier', and needs 20 values for the value-based tests", () => {
    const ctx = ctxOf([
      ['k', ['a1', 'b2', 'c3']],
      ['seq', ['1', '2', '3']],
    ]);
    const columns: ColumnInfo[] = ctx.columns.map((c) => (c.name === 'k' ? { ...c, type: 'identifier' } : c));
    expect(idLikeColumn.run({ table: ctx.table, columns }).map((x) => x.columns)).toEqual([['k']]);
  });

  it('reads key-like names', () => {
    for (const yes of ['id', 'ID', 'uuid', 'user_id', 'order-id', 'Customer Key', 'userId', 'PassengerID']) expect(looksLikeIdName(yes), yes).toBe(true);
    for (const no of ['paid', 'monkey', 'valid', 'idea', 'width', 'android']) expect(looksLikeIdName(no), no).toBe(false);
  });
});

describe('outliers_iqr and outliers_robust_z', () => {
  it('a normal column yields no warning from either rule', () => {
    const cols: [string, Cells][] = [['x', normals(2000, 10, 2)]];
    for (const rule of [outliersIqr, outliersRobustZ]) expect(run(rule, cols).filter((f) => f.severity === 'warning')).toEqual([]);
  });

  it('a planted sentinel is found, with its row, by both rules', () => {
    const values = normals(500, 50, 5);
    values[123] = '9999';
    values[321] = '-9999';
    const iqr = run(outliersIqr, [['x', values]]);
    expect(iqr).toHaveLength(1);
    expect(iqr[0]?.rows).toEqual(expect.arrayContaining([123, 321]));
    expect(iqr[0]?.details?.below).toBeGreaterThanOrEqual(1);
    expect(iqr[0]?.details?.above).toBeGreaterThanOrEqual(1);
    const z = run(outliersRobustZ, [['x', values]]);
    expect(z).toHaveLength(1);
    expect(z[0]?.severity).toBe('warning');
    expect(z[0]?.rows).toEqual(expect.arrayContaining([123, 321]));
  });

  it('fences use Q1 - 1.5 IQR and Q3 + 1.5 IQR (numpy quantiles)', () => {
    // Q1 = 3, Q3 = 7 (numpy linear on 9 values), IQR 4: fences -3 and 13.
    const f = run(outliersIqr, [['x', ['1', '2', '3', '4', '5', '6', '7', '8', '100']]]);
    expect(f[0]?.details).toMatchObject({ lower: -3, upper: 13, count: 1, above: 1, below: 0 });
    expect(f[0]?.rows).toEqual([8]);
  });

  it('skips columns whose IQR or MAD is 0', () => {
    const mostlyZero = [...repeat('0', 95), '1', '2', '3', '4', '5'];
    expect(run(outliersIqr, [['z', mostlyZero]])).toEqual([]);
    expect(run(outliersRobustZ, [['z', mostlyZero]])).toEqual([]);
  });

  it('a heavy right tail is a warning and the message suggests a log transform', () => {
    const tail = Array.from({ length: 1000 }, () => String(Math.exp(1.5 * rng.normal())));
    const f = run(outliersIqr, [['income', tail]]);
    expect(f[0]?.severity).toBe('warning');
    expect(f[0]?.message).toContain('log transform');
  });
});

describe('mixed_types', () => {
  it('warns for a mostly-numeric label column and shows the odd values and their rows', () => {
    const weights = [...Array.from({ length: 45 }, (_, i) => String(60 + i)), '12 kg', '70kg', 'n/a?', '12 kg', 'heavy'];
    const f = run(mixedTypes, [['weight', weights]]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'warning', columns: ['weight'], rows: [45, 46, 47, 48, 49] });
    expect(f[0]?.message).toContain('"12 kg"');
    expect(f[0]?.details).toMatchObject({ parsedAs: 'numbers', share: 0.9 });
  });

  it('notes dates mixed into labels, and uses ColumnInfo.evidence when present', () => {
    const ctx = ctxOf([['when', ['2020-01-01', '2020-02-01', 'soon', 'later', 'never', 'soon', 'later', 'never', 'soon', 'later']]]);
    const f = mixedTypes.run(ctx);
    expect(f[0]).toMatchObject({ severity: 'info', details: { parsedAs: 'dates', share: 0.2 } });
    const columns = ctx.columns.map((c) => ({ ...c, evidence: { numeric: 0, integer: 0, boolean: 0, datetime: 0 } }));
    expect(mixedTypes.run({ table: ctx.table, columns })).toEqual([]);
  });

  it('stays quiet for plain labels and for codes that are all digits', () => {
    const f = run(mixedTypes, [
      ['color', ['red', 'blue', 'red', 'green']],
      ['zip', ['02139', '00501', '02139', '90210']],
    ]);
    expect(f).toEqual([]);
  });
});

describe('missing_values', () => {
  it('severity by share, tokens when known, example rows from the validity bitmap', () => {
    const ctx = ctxOf([
      ['some', Array.from({ length: 200 }, (_, i) => (i % 16 === 15 ? null : String(i % 7)))],
      ['few', [null, ...repeat('x', 199)]],
      ['full', repeat('y', 200).map((v, i) => `${v}${i % 3}`)],
      ['none', repeat(null, 200)],
    ]);
    const columns = ctx.columns.map((c) => (c.name === 'some' ? { ...c, missingTokens: [{ token: '', count: 8 }, { token: 'NA', count: 4 }] } : c));
    const f = missingValues.run({ table: ctx.table, columns });
    expect(f.map((x) => [x.columns?.[0], x.severity])).toEqual([
      ['some', 'warning'],
      ['few', 'info'],
    ]);
    expect(f[0]?.message).toBe('"some": 12 cells (6.0%) missing (empty 8, "NA" 4).');
    expect(f[0]?.rows).toEqual([15, 31, 47, 63, 79]);
    expect(f[1]?.rows).toEqual([0]);
  });
});

describe('correlated_features', () => {
  it('flags a near-copy numeric pair and a one-to-one categorical pair, not independent ones', () => {
    const n = 300;
    const x = normals(n);
    const colors = ['red', 'green', 'blue'];
    const c = Array.from({ length: n }, () => colors[rng.int(3)] as string);
    const f = run(correlatedFeatures, [
      ['x', x],
      ['x2', x.map((v) => String(2 * Number(v) + 0.01 * rng.normal()))],
      ['noise', normals(n)],
      ['color', c],
      ['code', c.map((v) => v.toUpperCase())],
      ['other', Array.from({ length: n }, () => colors[rng.int(3)] as string)],
    ]);
    expect(f.map((x) => x.columns)).toEqual([
      ['color', 'code'],
      ['x', 'x2'],
    ]);
    expect(f.every((x) => x.severity === 'warning')).toBe(true);
    expect(f[1]?.details?.pearson).toBeGreaterThan(0.99);
    expect(f[0]?.details?.cramersV).toBeCloseTo(1, 12);
  });

  it('a monotone but curved pair is caught by Spearman', () => {
    const x = normals(300);
    const f = run(correlatedFeatures, [
      ['x', x],
      ['ex', x.map((v) => String(Math.exp(4 * Number(v))))],
    ]);
    expect(f).toHaveLength(1);
    expect(f[0]?.details?.spearman).toBeCloseTo(1, 12);
    expect(f[0]?.details?.pearson).toBeLessThan(0.95);
  });

  it('leaves the target out (its correlations are a leakage question)', () => {
    const x = normals(100);
    const ctx = ctxOf([
      ['x', x],
      ['y', x],
    ]);
    expect(correlatedFeatures.run({ ...ctx, target: 'y' })).toEqual([]);
    expect(correlatedFeatures.run(ctx)).toHaveLength(1);
  });
});
