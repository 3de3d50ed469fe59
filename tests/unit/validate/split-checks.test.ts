import { describe, expect, test } from 'vitest';
import { buildTable } from '../../../src/core/data/build-table.ts';
import { inferTypes } from '../../../src/core/data/infer-types.ts';
import { SPLIT_RULES } from '../../../src/core/validate/checks/split/index.ts';
import type { CheckContext, Finding } from '../../../src/core/validate/types.ts';

type Col = [name: string, values: (string | number | null)[]];

function context(cols: Col[], split: CheckContext['split'], target?: string): CheckContext {
  const raw = { names: cols.map((c) => c[0]), columns: cols.map((c) => c[1].map((v) => (v === null ? null : String(v)))) };
  const columns = inferTypes(raw);
  return { table: buildTable(raw, columns), columns, ...(target ? { target } : {}), ...(split ? { split } : {}) };
}

function run(code: string, ctx: CheckContext): Finding[] {
  return SPLIT_RULES.find((r) => r.code === code)!.run(ctx);
}

describe('registry', () => {
  test('split-scoped rules, silent without a split', () => {
    expect(SPLIT_RULES.map((r) => [r.code, r.scope, r.severity])).toEqual([
      ['train_test_duplicates', 'split', 'warning'],
      ['group_overlap', 'split', 'error'],
      ['time_order', 'split', 'error'],
    ]);
    const ctx = context([['a', [1, 1]]], undefined);
    for (const r of SPLIT_RULES) expect(r.run(ctx)).toEqual([]);
  });

  test('row indices outside the table are refused', () => {
    const ctx = context([['a', [1, 2]]], { train: [0], test: [2] });
    expect(() => run('train_test_duplicates', ctx)).toThrow(RangeError);
  });
});

describe('train_test_duplicates', () => {
  const cols: Col[] = [
    ['a', [1, 2, 3, 1, 2, 9, null, null]],
    ['b', ['x', 'y', 'z', 'x', 'y', 'z', 'q', 'q']],
    ['y', ['p', 'q', 'p', 'p', 'p', 'q', 'p', 'q']],
  ];

  test('test rows equal to a train row in every feature, and how many share the target', () => {
    const [f] = run('train_test_duplicates', context(cols, { train: [0, 1, 2, 6], test: [3, 4, 5, 7] }, 'y'));
    // 3 repeats 0 (same target p), 4 repeats 1 (target p vs q), 7 repeats 6 (missing a matches missing)
    expect(f).toMatchObject({ severity: 'warning', rows: [3, 4, 7], details: { count: 3, share: 0.75, sameTarget: 1, exampleTestRow: 3, exampleTrainRow: 0 } });
    expect(f!.message).toContain('3 test rows (75.0% of the test set)');
    expect(f!.message).toContain('(1 of them with the same "y" too)');
  });

  test('without a target every column is compared', () => {
    const [f] = run('train_test_duplicates', context(cols, { train: [0, 1, 2, 6], test: [3, 4, 5, 7] }));
    expect(f!.details).toMatchObject({ count: 1 });
    expect(f!.details!.sameTarget).toBeUndefined();
  });

  test('silent when no test row repeats a train row; duplicates within one side do not count', () => {
    expect(run('train_test_duplicates', context(cols, { train: [0, 3, 2], test: [1, 4, 5] }, 'y'))).toEqual([]);
  });

  test('-0 and 0 are the same value', () => {
    const ctx = context([['a', ['0', '-0']], ['y', ['p', 'q']]], { train: [0], test: [1] }, 'y');
    expect(run('train_test_duplicates', ctx)[0]!.details).toMatchObject({ count: 1, sameTarget: 0 });
  });
});

describe('group_overlap', () => {
  const cols: Col[] = [
    ['patient', ['p1', 'p1', 'p2', 'p3', 'p3', 'p4', null, null]],
    ['x', [1, 2, 3, 4, 5, 6, 7, 8]],
  ];

  test('groups on both sides: an error naming them and counting test rows', () => {
    const [f] = run('group_overlap', context(cols, { train: [0, 2, 3, 6], test: [1, 4, 5, 7], groupColumn: 'patient' }));
    expect(f).toMatchObject({ severity: 'error', columns: ['patient'], rows: [1, 4, 7], details: { groups: 3, testRows: 3, share: 0.75 } });
    expect(f!.message).toContain('3 groups of "patient" appear in both train and test ("p1", "p3", (missing))');
  });

  test('silent for a proper group split, or without a group column', () => {
    expect(run('group_overlap', context(cols, { train: [0, 1, 2], test: [3, 4, 5], groupColumn: 'patient' }))).toEqual([]);
    expect(run('group_overlap', context(cols, { train: [0, 2], test: [1, 4] }))).toEqual([]);
    expect(run('group_overlap', context(cols, { train: [0, 2], test: [1, 4], groupColumn: 'nope' }))).toEqual([]);
  });
});

describe('time_order', () => {
  const cols: Col[] = [
    ['when', ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-05']],
    ['step', [1, 2, 3, 4, 5, 6]],
  ];

  test('test rows earlier than the latest train row: an error with the count and the dates', () => {
    const [f] = run('time_order', context(cols, { train: [0, 2, 3], test: [1, 4, 5], timeColumn: 'when' }));
    expect(f).toMatchObject({
      severity: 'error',
      columns: ['when'],
      rows: [1],
      details: { count: 1, share: 1 / 3, latestTrain: '2024-01-04T00:00:00.000Z', earliestTest: '2024-01-02T00:00:00.000Z' },
    });
  });

  test('a numeric time column works too', () => {
    const [f] = run('time_order', context(cols, { train: [4, 5], test: [0, 1], timeColumn: 'step' }));
    expect(f!.details).toMatchObject({ count: 2, latestTrain: '6', earliestTest: '1' });
  });

  test('silent for a forward split; a test row at the same time as the last train row is not earlier', () => {
    expect(run('time_order', context(cols, { train: [0, 1, 2, 3, 4], test: [5], timeColumn: 'when' }))).toEqual([]);
    expect(run('time_order', context(cols, { train: [0, 1], test: [2, 3], timeColumn: 'nope' }))).toEqual([]);
  });
});
