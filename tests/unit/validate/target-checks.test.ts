import { describe, expect, test } from 'vitest';
import { buildTable } from '../../../src/core/data/build-table.ts';
import { inferTypes } from '../../../src/core/data/infer-types.ts';
import type { ColumnKind } from '../../../src/core/data/types.ts';
import { createRng, type Rng } from '../../../src/core/random.ts';
import type { Task } from '../../../src/core/spec/types.ts';
import { TARGET_RULES, targetScores } from '../../../src/core/validate/checks/target/index.ts';
import type { CheckContext, Finding } from '../../../src/core/validate/types.ts';

type Col = [name: string, values: (string | number | null)[]];

/** A Benchtop table from named columns, kinds inferred as ingest infers them (or forced). */
function context(cols: Col[], target: string, task?: Task, kinds: Record<string, ColumnKind> = {}): CheckContext {
  const raw = { names: cols.map((c) => c[0]), columns: cols.map((c) => c[1].map((v) => (v === null ? null : String(v)))) };
  const columns = inferTypes(raw).map((c) => (Object.hasOwn(kinds, c.name) ? { ...c, kind: kinds[c.name]! } : c));
  return { table: buildTable(raw, columns), columns, target, ...(task ? { task } : {}) };
}

function run(code: string, ctx: CheckContext): Finding[] {
  const rule = TARGET_RULES.find((r) => r.code === code);
  if (!rule) throw new Error(`no rule ${code}`);
  return rule.run(ctx);
}

const repeat = <T>(v: T, n: number): T[] => Array.from({ length: n }, () => v);
const normal = (rng: Rng, mean: number, sd: number) => Math.round((mean + sd * rng.normal()) * 100) / 100;

describe('registry', () => {
  test('every rule is target-scoped, uniquely coded and explains itself', () => {
    expect(TARGET_RULES.map((r) => r.code)).toEqual([
      'target_missing_values',
      'target_single_class',
      'class_imbalance',
      'rare_classes',
      'conflicting_labels',
      'target_leakage',
      'id_or_time_predicts_target',
    ]);
    for (const r of TARGET_RULES) {
      expect(r.scope).toBe('target');
      expect(r.why.length).toBeGreaterThan(20);
    }
  });

  test('no target, or a target the table lacks: every rule is silent', () => {
    const cols: Col[] = [['a', [1, 2, 3]], ['y', ['p', 'q', null]]];
    const ctx = context(cols, 'y');
    for (const r of TARGET_RULES) {
      expect(r.run({ ...ctx, target: undefined } as CheckContext)).toEqual([]);
      expect(r.run({ ...ctx, target: 'nope' })).toEqual([]);
    }
  });
});

describe('target_missing_values', () => {
  test('counts rows without a target, their share and examples', () => {
    const [f] = run('target_missing_values', context([['x', [1, 2, 3, 4, 5, 6, 7, 8]], ['y', ['a', null, 'b', 'a', null, 'b', 'a', null]]], 'y'));
    expect(f).toMatchObject({ severity: 'warning', columns: ['y'], rows: [1, 4, 7], details: { count: 3, share: 3 / 8 } });
    expect(f!.message).toContain('3 rows (37.5%)');
    expect(f!.message).toContain('dropped for training');
  });

  test('a target with no values at all is an error', () => {
    const [f] = run('target_missing_values', context([['x', [1, 2, 3]], ['y', [null, null, null]]], 'y', undefined, { y: 'categorical' }));
    expect(f!.severity).toBe('error');
  });

  test('silent when every row has a target', () => {
    expect(run('target_missing_values', context([['x', [1, 2]], ['y', ['a', 'b']]], 'y'))).toEqual([]);
  });
});

describe('target_single_class', () => {
  test('one class is an error naming it', () => {
    const [f] = run('target_single_class', context([['x', [1, 2, 3, 4]], ['y', ['spam', 'spam', null, 'spam']]], 'y'));
    expect(f).toMatchObject({ severity: 'error', details: { value: 'spam', rows: 3 } });
    expect(f!.message).toContain('only one class ("spam")');
  });

  test('a constant regression target is an error too', () => {
    const [f] = run('target_single_class', context([['x', [1, 2, 3]], ['y', [2.5, 2.5, 2.5]]], 'y', 'regression'));
    expect(f!.message).toContain('same value ("2.5")');
  });

  test('silent with two classes, or with no values (target_missing_values reports that)', () => {
    expect(run('target_single_class', context([['x', [1, 2]], ['y', ['a', 'b']]], 'y'))).toEqual([]);
    expect(run('target_single_class', context([['x', [1, 2]], ['y', [null, null]]], 'y', undefined, { y: 'categorical' }))).toEqual([]);
  });
});

describe('class_imbalance', () => {
  test('minority under 10%: warning listing every class with count and share', () => {
    const y = [...repeat('no', 180), ...repeat('maybe', 5), ...repeat('yes', 15)];
    const [f] = run('class_imbalance', context([['x', y.map((_, i) => i)], ['y', y]], 'y'));
    expect(f).toMatchObject({ severity: 'warning', details: { classes: 3, minorityClass: 'maybe', minorityCount: 5, minorityShare: 0.025, majorityShare: 0.9 } });
    expect(f!.message).toContain('"no" 180 (90.0%), "yes" 15 (7.5%), "maybe" 5 (2.5%)');
  });

  test('silent at 10% or more, and for regression', () => {
    const y = [...repeat('a', 90), ...repeat('b', 10)];
    expect(run('class_imbalance', context([['x', y.map((_, i) => i)], ['y', y]], 'y'))).toEqual([]);
    const r = Array.from({ length: 100 }, (_, i) => (i < 98 ? i * 0.5 : 1000 + i));
    expect(run('class_imbalance', context([['x', r.map((_, i) => i)], ['y', r]], 'y', 'regression'))).toEqual([]);
  });

  test('a 0/1 numeric target is inferred as binary when no task is given', () => {
    const y = [...repeat(0, 95), ...repeat(1, 5)];
    const [f] = run('class_imbalance', context([['x', y.map((_, i) => i % 7)], ['y', y]], 'y'));
    expect(f!.details).toMatchObject({ minorityClass: '1', minorityShare: 0.05 });
  });
});

describe('rare_classes', () => {
  test('classes under 10 rows, with the stratified 5-fold requirement when a class has fewer than 5', () => {
    const y = [...repeat('a', 50), ...repeat('b', 7), ...repeat('c', 3)];
    const [f] = run('rare_classes', context([['x', y.map((_, i) => i)], ['y', y]], 'y'));
    expect(f).toMatchObject({ severity: 'warning', details: { rareClasses: 2, smallestCount: 3, belowFolds: 1, folds: 5 }, rows: [57, 58, 59] });
    expect(f!.message).toContain('"c" (3), "b" (7)');
    expect(f!.message).toContain('Stratified 5-fold needs >= 5 per class; "c" has fewer.');
  });

  test('7 rows is rare but enough for the folds', () => {
    const y = [...repeat('a', 50), ...repeat('b', 7)];
    const [f] = run('rare_classes', context([['x', y.map((_, i) => i)], ['y', y]], 'y'));
    expect(f!.message).not.toContain('5-fold');
  });

  test('silent when every class has 10 rows or more', () => {
    const y = [...repeat('a', 10), ...repeat('b', 10)];
    expect(run('rare_classes', context([['x', y.map((_, i) => i)], ['y', y]], 'y'))).toEqual([]);
  });
});

describe('conflicting_labels', () => {
  test('identical feature rows with different labels: groups, rows and an example', () => {
    const ctx = context(
      [
        ['a', [1, 1, 2, 2, 3, 3, 1, 4]],
        ['b', ['x', 'x', 'y', 'y', 'z', 'z', 'x', null]],
        ['y', ['p', 'q', 'p', 'p', 'p', 'q', 'p', 'q']],
      ],
      'y',
    );
    const [f] = run('conflicting_labels', ctx);
    // groups {0,1,6} (p,q,p) and {4,5} (p,q) conflict; {2,3} agrees; row 7 is alone
    expect(f).toMatchObject({ severity: 'warning', rows: [0, 1, 6], details: { groups: 2, rows: 5, share: 5 / 8 } });
    expect(f!.message).toContain('"p" vs "q"');
  });

  test('missing feature values match each other; rows without a target are left out', () => {
    const ctx = context([['a', [null, null, 1, 1]], ['y', ['p', 'q', 'p', null]]], 'y', undefined, { a: 'numeric' });
    const [f] = run('conflicting_labels', ctx);
    expect(f!.details).toMatchObject({ groups: 1, rows: 2 });
  });

  test('silent when duplicates agree', () => {
    expect(run('conflicting_labels', context([['a', [1, 1, 2]], ['y', ['p', 'p', 'q']]], 'y'))).toEqual([]);
  });

  test('regression: targets further apart than 1% of the target spread conflict; closer ones do not', () => {
    const y = Array.from({ length: 40 }, (_, i) => i);
    const a = y.map((_, i) => i);
    a[1] = 0; // rows 0 and 1 share features, targets 0 and 1 differ by ~8.7% of sd
    const [f] = run('conflicting_labels', context([['a', a], ['y', y]], 'y', 'regression'));
    expect(f!.details).toMatchObject({ groups: 1, rows: 2 });
    const close = y.map((v) => v * 1000);
    close[1] = 0.001;
    expect(run('conflicting_labels', context([['a', a], ['y', close]], 'y', 'regression'))).toEqual([]);
  });
});

/** Penguins-like: three species with overlapping measurements, shuffled rows. */
function penguins(rng: Rng, n = 600): Col[] {
  const species = ['Adelie', 'Chinstrap', 'Gentoo'];
  const y: string[] = [];
  const flipper: number[] = [];
  const bill: number[] = [];
  const mass: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = rng.int(3);
    y.push(species[s]!);
    flipper.push(normal(rng, [190, 196, 217][s]!, 6.5));
    bill.push(normal(rng, [38.8, 48.8, 47.5][s]!, 3));
    mass.push(normal(rng, [3700, 3730, 5070][s]!, 450));
  }
  return [['flipper_length_mm', flipper], ['bill_length_mm', bill], ['body_mass_g', mass], ['species', y]];
}

describe('target_leakage', () => {
  test('penguins-like data with genuinely strong features is not leakage', () => {
    const ctx = context(penguins(createRng(3)), 'species');
    const scores = targetScores(ctx)!;
    const flipper = scores.scores.find((s) => s.column === 'flipper_length_mm')!;
    expect(flipper.score).toBeGreaterThan(0.7);
    expect(flipper.score).toBeLessThan(0.9);
    expect(scores.baseline).toBeCloseTo(1 / 3);
    expect(run('target_leakage', ctx)).toEqual([]);
    expect(run('id_or_time_predicts_target', ctx)).toEqual([]);
  });

  test('a feature that separates the classes perfectly is an error with score and baseline', () => {
    const rng = createRng(5);
    const cols = penguins(rng);
    const y = cols[3]![1] as string[];
    cols.splice(0, 0, ['outcome_code', y.map((s) => ({ Adelie: 10, Chinstrap: 20, Gentoo: 30 })[s]! + rng.next())]);
    const findings = run('target_leakage', context(cols, 'species'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', columns: ['outcome_code', 'species'], details: { metric: 'balanced_accuracy', score: 1, trainScore: 1, baseline: 1 / 3, testRows: 180 } });
    expect(findings[0]!.message).toContain('balanced accuracy 1.000 on a holdout of 180 rows (chance 0.33)');
  });

  test('the target under another name: identical, or relabelled one-to-one', () => {
    const cols = penguins(createRng(8), 200);
    const y = cols[3]![1] as string[];
    cols.push(['species_copy', [...y]], ['species_code', y.map((s) => s.slice(0, 1).toLowerCase())]);
    const findings = run('target_leakage', context(cols, 'species'));
    expect(findings.map((f) => [f.columns![0], f.details!.relation, f.severity])).toEqual([
      ['species_copy', 'identical', 'error'],
      ['species_code', 'one-to-one', 'error'],
    ]);
  });

  test('a copy that is missing on some target rows is no exact copy (and is scored instead)', () => {
    const cols = penguins(createRng(8), 200);
    const y = cols[3]![1] as string[];
    cols.push(['leak', y.map((s, i) => (i % 50 === 0 ? null : s))]);
    const [f] = run('target_leakage', context(cols, 'species'));
    expect(f!.details!.relation).toBeUndefined();
    expect(f!.severity).toBe('error');
    expect(f!.details!.score).toBeGreaterThan(0.98);
  });

  test('warning: one feature clearly ahead of all others, but not when several are that good', () => {
    const rng = createRng(11);
    const n = 2000;
    const y = Array.from({ length: n }, () => rng.int(2));
    const good = y.map((c) => (rng.next() < 0.93 ? c : 1 - c) + rng.next() * 0.5);
    const weak = y.map((c) => normal(rng, c, 1.5));
    const [f] = run('target_leakage', context([['good', good], ['weak', weak], ['y', y.map((c) => (c ? 'yes' : 'no'))]], 'y'));
    expect(f).toMatchObject({ severity: 'warning', columns: ['good', 'y'], details: { nextBestColumn: 'weak' } });
    expect(f!.details!.score).toBeGreaterThan(0.9);
    expect(f!.details!.score).toBeLessThan(0.98);
    expect(f!.details!.nextBest).toBeLessThan(0.8);

    const good2 = y.map((c) => (rng.next() < 0.93 ? c : 1 - c) + rng.next() * 0.5);
    expect(run('target_leakage', context([['good', good], ['good2', good2], ['weak', weak], ['y', y.map(String)]], 'y', 'binary'))).toEqual([]);
  });

  test('an imbalanced target does not hide a perfect rare-class predictor', () => {
    const rng = createRng(2);
    const y = Array.from({ length: 3000 }, () => (rng.next() < 0.03 ? 'fraud' : 'ok'));
    const flag = y.map((v) => (v === 'fraud' ? 'F' : rng.next() < 0.5 ? 'A' : 'B'));
    const noise = y.map(() => normal(rng, 0, 1));
    const findings = run('target_leakage', context([['flag', flag], ['noise', noise], ['y', y]], 'y'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', columns: ['flag', 'y'] });
  });

  test('regression: R² >= 0.98 is an error; a rescaled copy is the target; a unique id is not', () => {
    const rng = createRng(4);
    const n = 500;
    const y = Array.from({ length: n }, () => Math.round(rng.normal() * 1e4 + 2e5));
    const cols: Col[] = [
      ['id', Array.from({ length: n }, (_, i) => `H${1000 + ((i * 7919) % n)}`)],
      ['rooms', y.map((v) => Math.round(v / 4e4 + rng.normal()))],
      ['assessed', y.map((v) => v + rng.normal() * 500)],
      ['price_k', y.map((v) => v / 1000)],
      ['price', y],
    ];
    const findings = run('target_leakage', context(cols, 'price', 'regression'));
    expect(findings.map((f) => [f.columns![0], f.severity, f.details!.relation ?? f.details!.metric])).toEqual([
      ['price_k', 'error', 'monotone'],
      ['assessed', 'error', 'r2'],
    ]);
  });

  test('regression with unique values: a monotone transform is a copy, an unrelated unique column is not', () => {
    const rng = createRng(6);
    const y = Array.from({ length: 300 }, () => rng.normal() * 10 + 50);
    const cols: Col[] = [
      ['log_y', y.map((v) => Math.log(v + 100))],
      ['other', y.map(() => rng.normal())],
      ['y', y],
    ];
    const findings = run('target_leakage', context(cols, 'y', 'regression'));
    expect(findings.map((f) => [f.columns![0], f.details!.relation])).toEqual([['log_y', 'monotone']]);
  });
});

describe('id_or_time_predicts_target', () => {
  function sortedByLabel(n: number): Col[] {
    const rng = createRng(9);
    const y = Array.from({ length: n }, (_, i) => (i < n / 2 ? 'cat' : 'dog'));
    return [
      ['row_id', y.map((_, i) => i + 1)],
      ['code', y.map((_, i) => `C-${String(i).padStart(5, '0')}`)],
      ['weight', y.map((v) => normal(rng, v === 'cat' ? 4 : 5, 2))],
      ['y', y],
    ];
  }

  test('rows sorted by label: the numeric id, the text id and the row order are flagged as warnings', () => {
    const findings = run('id_or_time_predicts_target', context(sortedByLabel(400), 'y'));
    expect(findings.map((f) => [f.columns?.[0] ?? '(row order)', f.severity, f.details!.role])).toEqual([
      ['row_id', 'warning', 'identifier'],
      ['code', 'warning', 'identifier'],
      ['(row order)', 'warning', 'row_order'],
    ]);
    expect(findings[0]!.details!.score).toBeGreaterThan(0.95);
    // ids are left to this rule: target_leakage does not also call them leakage
    expect(run('target_leakage', context(sortedByLabel(400), 'y'))).toEqual([]);
  });

  test('the same data shuffled: silent', () => {
    const cols = sortedByLabel(400);
    const rng = createRng(1);
    const order = Array.from({ length: 400 }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const y = cols[3]![1];
    const shuffled: Col[] = [cols[0]!, cols[1]!, [cols[2]![0], order.map((j) => cols[2]![1][j]!)], ['y', order.map((j) => y[j]!)]];
    expect(run('id_or_time_predicts_target', context(shuffled, 'y'))).toEqual([]);
  });

  test('a date column the label depends on', () => {
    const rng = createRng(12);
    const n = 300;
    const day = Array.from({ length: n }, () => rng.int(365));
    const date = day.map((d) => new Date(Date.UTC(2023, 0, 1 + d)).toISOString().slice(0, 10));
    const y = day.map((d) => (d < 180 ? 'old_policy' : 'new_policy'));
    const findings = run('id_or_time_predicts_target', context([['signup', date], ['x', day.map(() => rng.next())], ['y', y]], 'y'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ columns: ['signup', 'y'], details: { role: 'datetime' } });
    expect(findings[0]!.message).toContain('Date/time column "signup"');
  });

  test('unique integer measurements (not counting up) are features, not ids', () => {
    const rng = createRng(13);
    const income = Array.from({ length: 200 }, (_, i) => 20000 + i * 997 + rng.int(500));
    const scores = targetScores(context([['income', income], ['y', income.map(() => (rng.next() < 0.5 ? 'a' : 'b'))]], 'y'))!;
    expect(scores.scores.find((s) => s.column === 'income')!.role).toBe('feature');
  });
});

describe('scores', () => {
  test('the holdout is 70/30 of rows with a target, fixed by seed 0', () => {
    const cols = penguins(createRng(3));
    const a = targetScores(context(cols, 'species'))!;
    const b = targetScores(context(cols, 'species'))!;
    expect(a.trainRows + a.testRows).toBe(600);
    expect(a.testRows).toBe(180);
    expect(b.scores).toEqual(a.scores);
  });

  test('too few rows to score: copies are still found, scores are not computed', () => {
    const y = ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'];
    const ctx = context([['x', y.map((v) => v.toUpperCase())], ['y', y]], 'y');
    const scores = targetScores(ctx)!;
    expect(scores.scores).toEqual([]);
    expect(scores.copies).toEqual([{ column: 'x', relation: 'one-to-one' }]);
  });

  test('a hand-checkable score: categories predict their balanced majority; unseen categories predict the global majority', () => {
    // 40 rows: category "u" is always class 1, "v" always class 0, so balanced accuracy is exactly 1
    const y = Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 'one' : 'zero'));
    const cat = y.map((v) => (v === 'one' ? 'u' : 'v'));
    const scores = targetScores(context([['cat', cat], ['y', y]], 'y', 'binary'))!;
    const s = scores.scores.find((x) => x.column === 'cat')!;
    expect([s.score, s.trainScore]).toEqual([1, 1]);
  });
});
