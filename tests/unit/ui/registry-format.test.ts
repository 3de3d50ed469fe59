import { describe, expect, it } from 'vitest';
import { aliasMoveText, aliasProblem, headlineText, modelNameProblem } from '../../../src/ui/components/registry/registry-format.ts';
import { headlineMetric, splitWords } from '../../../workers/registry-views.ts';
import type { HeadlineMetric } from '../../../workers/registry-api.ts';
import type { NormalizedSpec } from '../../../src/core/spec/types.ts';

const m = (key: string, value: number | null, ci: [number, number] | null = null): HeadlineMetric => ({ key, value, ci, level: 0.95, rows: 40 });

describe('headlineMetric', () => {
  it('picks the task’s headline, skipping undefined values and matching parameterised keys', () => {
    expect(headlineMetric('binary', [m('accuracy', 0.8), m('roc_auc', null), m('log_loss', 0.4)])?.key).toBe('accuracy');
    expect(headlineMetric('binary', [m('accuracy', 0.8), m('roc_auc', 0.9)])?.key).toBe('roc_auc');
    expect(headlineMetric('multiclass', [m('roc_auc(average=macro)', 0.9), m('f1_macro', 0.7)])?.key).toBe('f1_macro');
    expect(headlineMetric('regression', [m('r2', 0.5), m('rmse', 2)])?.key).toBe('rmse');
    expect(headlineMetric('regression', [m('r2', null)])).toBeNull();
  });

  it('reads as metric, value and interval', () => {
    expect(headlineText(m('roc_auc', 0.87123, [0.84, 0.9]))).toBe('ROC AUC 0.871 [0.840, 0.900]');
    expect(headlineText(null)).toBe('—');
  });
});

describe('registry text helpers', () => {
  it('describes alias moves', () => {
    expect(aliasMoveText(null, 1)).toBe('set to v1');
    expect(aliasMoveText(1, 2)).toBe('v1 → v2');
    expect(aliasMoveText(2, null)).toBe('removed (was v2)');
  });

  it('checks names as the registry does', () => {
    expect(modelNameProblem('churn-gbdt.v2')).toBeNull();
    expect(modelNameProblem('')).not.toBeNull();
    expect(modelNameProblem('a b')).not.toBeNull();
    expect(modelNameProblem('..')).not.toBeNull();
    expect(modelNameProblem('x'.repeat(65))).not.toBeNull();
    expect(aliasProblem('champion')).toBeNull();
    expect(aliasProblem('latest')).toContain('reserved');
    expect(aliasProblem('2nd')).not.toBeNull();
    expect(aliasProblem('Champion')).not.toBeNull();
  });

  it('puts the split in words', () => {
    const holdout = { split: { kind: 'holdout', testSize: 0.25, strategy: 'stratified', gap: 0 } } as NormalizedSpec;
    const kfold = { split: { kind: 'kfold', k: 5, strategy: 'stratified', repeats: 2, gap: 0, maxTrainSize: 0, finalTest: 0.2 } } as NormalizedSpec;
    expect(splitWords(holdout)).toBe('holdout 25% (stratified)');
    expect(splitWords(kfold)).toBe('5-fold CV × 2 (stratified) + 20% final test');
  });
});
