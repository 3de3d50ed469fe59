import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobsCsv } from '../../helpers/datasets.ts';

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/benchtop.mjs', ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'benchtop-search-'));
const data = join(tmp, 'blobs.csv');
writeFileSync(data, blobsCsv(90, 4, 1.5));
const space = join(tmp, 'space.json');
writeFileSync(space, JSON.stringify({
  'model.learningRate': { kind: 'log-uniform', low: 0.02, high: 0.5 },
  'model.maxLeaves': { kind: 'int', low: 2, high: 16 },
}));
const base = ['search', '--data', data, '--target', 'label', '--model', 'gbdt', '--space', space, '--params', '{"rounds":10}'];

describe('benchtop search', () => {
  it('--json: one document with the trials, the best configuration and importance; the same trials again on worker threads', async () => {
    const args = [...base, '--strategy', 'random', '--trials', '4', '--cv', '3', '--seed', '7', '--json'];
    const r = await cli(args);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const doc = JSON.parse(lines[0]!);
    expect(doc).toMatchObject({ task: 'binary', model: 'gbdt', strategy: 'random', metric: 'roc_auc', direction: 'maximize', seed: 7, stopReason: 'completed', dataset: { rows: 90 } });
    expect(doc.trials).toHaveLength(4);
    for (const t of doc.trials) {
      expect(t.params['model.learningRate']).toBeGreaterThanOrEqual(0.02);
      expect(t.params['model.learningRate']).toBeLessThanOrEqual(0.5);
      expect(Number.isInteger(t.params['model.maxLeaves'])).toBe(true);
      expect(t.metrics.accuracy).toBeGreaterThan(0.5);
    }
    expect(doc.best.score).toBe(Math.max(...doc.trials.map((t: { score: number }) => t.score)));
    expect(doc.best.spec.model).toMatchObject({ kind: 'gbdt', rounds: 10, maxLeaves: doc.best.params['model.maxLeaves'] });
    expect(doc.importance.map((p: { param: string }) => p.param).sort()).toEqual(['model.learningRate', 'model.maxLeaves']);
    expect(doc.state).toBeUndefined();
    // Same seed on a pool of two worker threads: the same trials, the same scores.
    const again = JSON.parse((await cli([...args, '--workers', '2'])).stdout);
    expect(again.trials.map((t: { params: unknown; score: number }) => [t.params, t.score])).toEqual(doc.trials.map((t: { params: unknown; score: number }) => [t.params, t.score]));
  });

  it('prints a table of trials, the best configuration and the locked test set scored once', async () => {
    const r = await cli([...base, '--strategy', 'asha', '--trials', '6', '--cv', '3', '--final-test', '0.2']);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/binary · gbdt · asha search · maximize roc_auc · seed 42/);
    expect(out).toMatch(/every trial: 3-fold cross-validation, 20% locked final test set/);
    expect(out).toMatch(/#\s+trial\s+resource\s+model\.learningRate\s+model\.maxLeaves\s+roc_auc\s+± std\s+status\s+time/);
    expect(out).toMatch(/best: trial \d+, roc_auc \d\.\d{4}/);
    expect(out).toMatch(/  model\.maxLeaves = \d+/);
    expect(out).toMatch(/locked final test set \(18 rows, scored once\): accuracy/);
    expect(out).toMatch(/stopped: completed/);
  });

  it('takes a whole search object in --space (flags override its fields)', async () => {
    const file = join(tmp, 'search.json');
    writeFileSync(file, JSON.stringify({ strategy: 'tpe', trials: 9, metric: 'log_loss', space: { 'model.maxLeaves': { kind: 'int', low: 2, high: 8 } } }));
    const r = await cli(['search', '--data', data, '--target', 'label', '--model', 'gbdt', '--space', file, '--params', '{"rounds":5}', '--trials', '3', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ strategy: 'tpe', metric: 'log_loss', direction: 'minimize' });
    expect(doc.trials).toHaveLength(3);
  });

  it('refuses bad usage and bad spaces with coded errors', async () => {
    const noSpace = await cli(['search', '--data', data, '--target', 'label', '--model', 'gbdt']);
    expect(noSpace.code).toBe(2);
    expect(noSpace.stderr).toMatch(/error\[cli_usage\]: search needs --space/);
    const strategy = await cli([...base, '--strategy', 'annealing']);
    expect(strategy.code).toBe(2);
    expect(strategy.stderr).toMatch(/--strategy must be grid, random, tpe or asha/);
    const workers = await cli([...base, '--workers', '0']);
    expect(workers.code).toBe(2);
    expect(workers.stderr).toMatch(/--workers must be between 1 and 256/);
    const onTrain = await cli(['train', '--data', data, '--target', 'label', '--space', space]);
    expect(onTrain.code).toBe(2);
    expect(onTrain.stderr).toMatch(/--space is a search option/);
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, JSON.stringify({ 'model.leaves': { kind: 'int', low: 2, high: 8 } }));
    const r = await cli(['search', '--data', data, '--target', 'label', '--model', 'gbdt', '--space', bad, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'spec_invalid', location: { field: 'search.space.model.leaves' } });
  });
});
