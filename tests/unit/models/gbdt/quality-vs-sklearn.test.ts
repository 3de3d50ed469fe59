/**
 * Held-out quality against scikit-learn on the same three seeded 75/25 splits
 * (tests/fixtures/gbdt/gbdt_reference.py). Tolerances are about one standard error of the
 * score difference on ~110-143 test rows, averaged over three splits: accuracy 0.02 (one
 * misclassified row is 0.007), ROC AUC 0.01, diabetes R² 0.05 (its per-split spread is ~0.06).
 * The Benchtop side uses default settings, no validation rows, the same as sklearn's call.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../../src/core/evaluate/registry.ts';
import { fitForest } from '../../../../src/core/models/gbdt/fit-forest.ts';
import { fitGbdt } from '../../../../src/core/models/gbdt/fit-gbdt.ts';
import { resolveForestParams, resolveGbdtParams } from '../../../../src/core/models/gbdt/params.ts';
import type { GbdtModel } from '../../../../src/core/models/gbdt/tree-model.ts';
import { createRng } from '../../../../src/core/random.ts';

interface Case {
  d: number;
  X: number[];
  y: number[];
  splits: { train: number[]; test: number[] }[];
  scores: Record<'hgb' | 'rf', Record<string, number>[]>;
}
const ref = JSON.parse(readFileSync(new URL('../../../fixtures/gbdt/gbdt_reference.json', import.meta.url), 'utf8')) as Record<'breast_cancer' | 'diabetes', Case>;

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

async function scores(c: Case, classification: boolean, fit: (data: Parameters<typeof fitGbdt>[0], seed: number) => Promise<GbdtModel>) {
  const out: Record<string, number>[] = [];
  for (const [s, split] of c.splits.entries()) {
    const rows = (idx: number[]) => Float32Array.from(idx.flatMap((i) => c.X.slice(i * c.d, (i + 1) * c.d)));
    const yOf = (idx: number[]) => (classification ? Int32Array.from(idx, (i) => c.y[i]!) : Float64Array.from(idx, (i) => c.y[i]!));
    const m = await fit({ X: rows(split.train), n: split.train.length, d: c.d, y: yOf(split.train), k: classification ? 2 : 1 }, s);
    const pred = m.predict(rows(split.test), split.test.length);
    const metrics = classification
      ? computeMetrics('binary', { yTrue: yOf(split.test) as Int32Array, proba: pred, k: 2 })
      : computeMetrics('regression', { yTrue: yOf(split.test) as Float64Array, yPred: pred });
    out.push(metrics as Record<string, number>);
  }
  return out;
}

describe('quality vs scikit-learn (held-out, mean of three splits)', () => {
  const gbdt = (task: 'binary' | 'regression') => (data: Parameters<typeof fitGbdt>[0], seed: number) =>
    fitGbdt(data, resolveGbdtParams({ earlyStoppingRounds: 0 }), { task, rng: createRng(seed) });
  const forest = (task: 'binary' | 'regression') => (data: Parameters<typeof fitGbdt>[0], seed: number) =>
    fitForest(data, resolveForestParams(), { task, rng: createRng(seed) });

  it('breast cancer: GBDT vs HistGradientBoostingClassifier, forest vs RandomForestClassifier', async () => {
    const c = ref.breast_cancer;
    const g = await scores(c, true, gbdt('binary'));
    const f = await scores(c, true, forest('binary'));
    expect(mean(g.map((s) => s.accuracy!))).toBeGreaterThan(mean(c.scores.hgb.map((s) => s.accuracy!)) - 0.02);
    expect(mean(g.map((s) => s.roc_auc!))).toBeGreaterThan(mean(c.scores.hgb.map((s) => s.roc_auc!)) - 0.01);
    expect(mean(f.map((s) => s.accuracy!))).toBeGreaterThan(mean(c.scores.rf.map((s) => s.accuracy!)) - 0.02);
    expect(mean(f.map((s) => s.roc_auc!))).toBeGreaterThan(mean(c.scores.rf.map((s) => s.roc_auc!)) - 0.01);
  }, 60_000);

  it('diabetes: GBDT vs HistGradientBoostingRegressor, forest vs RandomForestRegressor (R²)', async () => {
    const c = ref.diabetes;
    const g = await scores(c, false, gbdt('regression'));
    const f = await scores(c, false, forest('regression'));
    expect(mean(g.map((s) => s.r2!))).toBeGreaterThan(mean(c.scores.hgb.map((s) => s.r2!)) - 0.05);
    expect(mean(f.map((s) => s.r2!))).toBeGreaterThan(mean(c.scores.rf.map((s) => s.r2!)) - 0.05);
  }, 60_000);
});
