import { describe, expect, it } from 'vitest';
import { buildTable } from '../../../src/core/data/build-table.ts';
import { inferTypes } from '../../../src/core/data/infer-types.ts';
import { CancelSource, type Progress } from '../../../src/core/jobs.ts';
import { ALL_RULES, DATASET_RULES, profileTable, runChecks } from '../../../src/core/validate/index.ts';
import type { CheckContext, CheckRule, Finding } from '../../../src/core/validate/types.ts';

function ctxOf(cols: [string, (string | null)[]][]): CheckContext {
  const raw = { names: cols.map((c) => c[0]), columns: cols.map((c) => c[1]) };
  const columns = inferTypes(raw);
  return { table: buildTable(raw, columns), columns };
}

const ctx = ctxOf([
  ['a', ['1', '2', '3', '1']],
  ['b', ['x', 'y', 'z', 'x']],
]);

const rule = (code: string, scope: CheckRule['scope'], found: Partial<Finding>[] | (() => never)): CheckRule => ({
  code,
  severity: 'info',
  why: 'Test rule.',
  scope,
  run: () => (typeof found === 'function' ? found() : found.map((f) => ({ code, severity: 'info', message: code, why: 'Test rule.', ...f }))),
});

describe('runChecks', () => {
  it('runs target rules only with a target and split rules only with a split', async () => {
    const rules = [rule('d', 'dataset', [{}]), rule('t', 'target', [{}]), rule('s', 'split', [{}])];
    expect((await runChecks(ctx, rules)).map((f) => f.code)).toEqual(['d']);
    expect((await runChecks({ ...ctx, target: 'a' }, rules)).map((f) => f.code)).toEqual(['d', 't']);
    expect((await runChecks({ ...ctx, split: { train: [0, 1], test: [2, 3] } }, rules)).map((f) => f.code)).toEqual(['d', 's']);
  });

  it('a rule that throws becomes a check_failed info finding; the others still run', async () => {
    const boom = rule('boom', 'dataset', () => {
      throw new Error('kaput');
    });
    const found = await runChecks(ctx, [boom, rule('fine', 'dataset', [{ severity: 'warning' }])]);
    expect(found.map((f) => [f.code, f.severity])).toEqual([
      ['fine', 'warning'],
      ['check_failed', 'info'],
    ]);
    expect(found[1]?.message).toContain('"boom"');
    expect(found[1]?.details).toMatchObject({ rule: 'boom', reason: 'kaput' });
  });

  it('sorts by severity, then code, keeping a rule\'s own order within a code', async () => {
    const rules = [
      rule('zeta', 'dataset', [{ severity: 'info', message: '1' }]),
      rule('beta', 'dataset', [{ severity: 'warning', message: '2' }, { severity: 'warning', message: '3' }]),
      rule('alpha', 'dataset', [{ severity: 'error', message: '4' }, { severity: 'info', message: '5' }]),
    ];
    expect((await runChecks(ctx, rules)).map((f) => f.message)).toEqual(['4', '2', '3', '5', '1']);
  });

  it('drops non-finite numbers from details so findings are JSON-safe', async () => {
    const found = await runChecks(ctx, [rule('n', 'dataset', [{ details: { a: NaN, b: Infinity, c: 1, d: 'x' } }])]);
    expect(found[0]?.details).toEqual({ c: 1, d: 'x' });
  });

  it('reports progress per rule and stops when cancelled', async () => {
    const seen: Progress[] = [];
    await runChecks(ctx, DATASET_RULES, { onProgress: (p) => seen.push(p) });
    expect(seen.filter((p) => p.fraction < 1).map((p) => p.message)).toEqual(DATASET_RULES.map((r) => r.code));
    const cancel = new CancelSource();
    cancel.cancel();
    await expect(runChecks(ctx, DATASET_RULES, { cancel })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('ALL_RULES contains the dataset rules; a profile then the checks run end to end', async () => {
    for (const r of DATASET_RULES) expect(ALL_RULES).toContain(r);
    const codes = ALL_RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).not.toContain('check_failed');
    const profile = await profileTable(ctx.table, ctx.columns);
    expect(profile.duplicateRows).toBe(1);
    const found = await runChecks(ctx, ALL_RULES);
    expect(found.find((f) => f.code === 'duplicate_rows')?.rows).toEqual([3]);
  });
});
