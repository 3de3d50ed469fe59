import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/benchtop.mjs', ...args], { env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'benchtop-cli-'));

describe('benchtop train', () => {
  it('prints one JSON document with the documented fields', async () => {
    const r = await cli(['train', '--data', 'static/samples/penguins.json', '--target', 'Species', '--model', 'logistic', '--params', '{"epochs":20}', '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const doc = JSON.parse(lines[0]!);
    expect(doc).toMatchObject({ task: 'multiclass', model: 'logistic', seed: 42, backend: 'cpu', dataset: { rows: 344, columns: 7 } });
    expect(doc.dataset.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(doc.metrics)).toEqual(['accuracy', 'balanced_accuracy', 'roc_auc', 'log_loss', 'f1_macro', 'precision_macro', 'recall_macro']);
    expect(doc.metrics.accuracy).toBeGreaterThan(doc.baseline.accuracy);
    expect(doc.durationMs).toBeGreaterThan(0);
  });

  it('--json carries every applicable metric with a bootstrap CI, consistent with the run metrics', async () => {
    const r = await cli(['train', '--data', 'static/samples/cars.json', '--target', 'Miles_per_Gallon', '--model', 'linear', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const held = doc.evaluation.heldOut;
    expect(held).toMatchObject({ rows: doc.testRows, level: 0.95, resamples: 1000, seed: 42 });
    const byKey = new Map<string, { value: number | null; ci: [number, number] | null }>(held.metrics.map((m: { key: string }) => [m.key, m]));
    for (const k of ['mae', 'rmse', 'r2', 'mse']) expect(byKey.get(k)?.value).toBeCloseTo(doc.metrics[k], 10);
    for (const k of ['median_absolute_error', 'explained_variance', 'max_error', 'mape']) expect(byKey.has(k)).toBe(true);
    for (const m of byKey.values()) {
      if (m.value === null || m.ci === null) continue;
      expect(m.ci[0]).toBeLessThanOrEqual(m.ci[1]);
      expect(m.ci[0]).toBeLessThanOrEqual(m.value + 1e-12);
      expect(m.ci[1]).toBeGreaterThanOrEqual(m.value - 1e-12);
    }
    expect(byKey.get('rmse')!.ci![1]).toBeGreaterThan(byKey.get('rmse')!.ci![0]);
  });

  it('cross-validates and writes one prediction per row with its fold', async () => {
    const out = join(tmp, 'pred.csv');
    const r = await cli(['train', '--data', 'static/samples/cars.json', '--target', 'Miles_per_Gallon', '--model', 'linear', '--cv', '4', '--predictions-out', out, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.cv.folds).toBe(4);
    expect(Object.keys(doc.cv.mean)).toEqual(['rmse', 'mae', 'r2', 'mse']);
    expect(doc.metrics.r2).toBeCloseTo(doc.cv.mean.r2, 12);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('row,fold,y_true,y_pred');
    expect(rows).toHaveLength(1 + 398); // 8 cars have no MPG
    const folds = new Set(rows.slice(1).map((l) => l.split(',')[1]));
    expect([...folds].sort()).toEqual(['0', '1', '2', '3']);
  });

  it('evaluates on --test-data and gives the same numbers for the same seed', async () => {
    const train = join(tmp, 'train.csv'), test = join(tmp, 'test.csv');
    const lines = readFileSync('static/samples/seattle-weather.csv', 'utf8').trim().split('\n');
    writeFileSync(train, [lines[0], ...lines.slice(1, 1001)].join('\n'));
    writeFileSync(test, [lines[0], ...lines.slice(1001)].join('\n'));
    const args = ['train', '--data', train, '--test-data', test, '--target', 'weather', '--model', 'mlp', '--params', '{"epochs":3,"hiddenLayers":[8]}', '--seed', '5', '--json'];
    const a = JSON.parse((await cli(args)).stdout);
    const b = JSON.parse((await cli(args)).stdout);
    expect(a.testRows).toBe(461);
    expect(b.metrics).toEqual(a.metrics);
  });

  it('runs on WebGPU through Dawn', async () => {
    expect(existsSync(SWIFTSHADER_ICD)).toBe(true);
    const r = await cli(
      ['train', '--data', 'static/samples/penguins.json', '--target', 'Species', '--model', 'logistic', '--params', '{"epochs":2,"batchSize":128}', '--backend', 'webgpu', '--json'],
      { VK_ICD_FILENAMES: SWIFTSHADER_ICD },
    );
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.backend).toBe('webgpu');
    expect(doc.adapter).toBeTruthy();
  });

  it.each([
    [['train', '--target', 'x'], 2, 'cli_usage'],
    [['train', '--data', 'x.csv', '--target', 'y', '--cv', '3', '--test-size', '0.2'], 2, 'cli_usage'],
    [['train', '--data', 'x.csv', '--target', 'y', '--backend', 'cuda'], 2, 'cli_usage'],
    [['fit', '--data', 'x.csv'], 2, 'cli_usage'],
    [['train', '--data', 'missing.csv', '--target', 'y'], 1, 'file_read_failed'],
    [['train', '--data', 'static/samples/cars.json', '--target', 'mpg'], 1, 'target_missing'],
    [['train', '--data', 'static/samples/cars.json', '--target', 'Origin', '--params', '{"epochs":-1}'], 1, 'spec_invalid'],
    [['train', '--data', 'static/samples/cars.json', '--target', 'Origin', '--params', 'nope'], 1, 'spec_invalid'],
    [['train', '--data', 'static/samples/cars.json', '--target', 'Origin', '--model', 'linear'], 1, 'model_task_mismatch'],
  ])('%j exits %i with %s and no stack trace', async (args, code, errorCode) => {
    const r = await cli([...args, '--json']);
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(`error[${errorCode}]`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse(r.stdout).error.code).toBe(errorCode);
  });

  it('group cross-validation with a locked final test set, a custom pipeline and the feature matrix', async () => {
    const data = join(tmp, 'groups.csv');
    const lines = ['user,x1,colour,label'];
    for (let i = 0; i < 90; i++) lines.push(`u${i % 9},${(i % 13) / 3},${['red', 'blue'][i % 2]},${i % 13 > 6 ? 'yes' : 'no'}`);
    writeFileSync(data, lines.join('\n'));
    const pipeline = join(tmp, 'pipeline.json');
    writeFileSync(pipeline, JSON.stringify([{ kind: 'scale', select: 'numeric', method: 'min-max' }, { kind: 'one-hot', columns: ['colour'] }]));
    const features = join(tmp, 'features.csv');
    const r = await cli(['train', '--data', data, '--target', 'label', '--model', 'baseline', '--cv', '3', '--split', 'group:user', '--final-test', '0.2', '--pipeline', pipeline, '--features-out', features, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.cv.folds).toBe(3);
    expect(doc.spec.split).toMatchObject({ kind: 'kfold', strategy: 'group', column: 'user', finalTest: 0.2 });
    expect(doc.spec.features).toEqual(['x1', 'colour']);
    expect(doc.finalTest.rows).toBeGreaterThan(0);
    expect(doc.pipeline.map((s: { kind: string }) => s.kind)).toEqual(['scale', 'one-hot']);
    const csv = readFileSync(features, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('row,x1,colour=blue,colour=red,colour=(other)');
    expect(csv).toHaveLength(91);
    const x1 = csv.slice(1).map((l) => Number(l.split(',')[1]));
    expect(Math.min(...x1)).toBe(0);
    expect(Math.max(...x1)).toBe(1);
  });

  it.each([
    [['--split', 'shuffle'], 'cli_usage'],
    [['--final-test', '0.2'], 'cli_usage'],
    [['--cv', '3', '--split', 'column:x'], 'cli_usage'],
  ])('rejects split flags %j', async (flags, code) => {
    const r = await cli(['train', '--data', 'static/samples/cars.json', '--target', 'Origin', ...flags, '--json']);
    expect(JSON.parse(r.stdout).error.code).toBe(code);
  });

  it('prints the sanity checklist and a learning curve for a network', async () => {
    const r = await cli(['train', '--data', 'static/samples/penguins.json', '--target', 'Species', '--model', 'logistic', '--params', '{"epochs":10}', '--sanity', '--learning-curve']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/sanity checks:\n(\s+\[(pass|warn|fail)\] .+\n){4}/);
    expect(r.stdout).toMatch(/learning curve \(accuracy\):\n(\s+\d+ rows\s+train \d\.\d{4}\s+held-out \d\.\d{4}\n){5}/);
  });

  it.each([
    ['knn', '{"k":7,"weights":"distance"}'],
    ['naive-bayes', '{}'],
    ['ensemble', '{"method":"soft-vote","members":[{"kind":"knn"},{"kind":"naive-bayes"}]}'],
  ])('trains %s from the command line', async (model, params) => {
    const r = await cli(['train', '--data', 'static/samples/penguins.json', '--target', 'Species', '--model', model, '--params', params, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.model).toBe(model);
    expect(doc.metrics.accuracy).toBeGreaterThan(0.8);
  });

  it('reports an unknown pipeline step as a spec error', async () => {
    const pipeline = join(tmp, 'bad-pipeline.json');
    writeFileSync(pipeline, JSON.stringify([{ kind: 'pca' }]));
    const r = await cli(['train', '--data', 'static/samples/cars.json', '--target', 'Origin', '--pipeline', pipeline, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('spec_invalid');
  });

  it('reports a ragged CSV with its row', async () => {
    const bad = join(tmp, 'ragged.csv');
    writeFileSync(bad, 'a,b,c\n1,2,3\n4,5\n');
    const r = await cli(['train', '--data', bad, '--target', 'c']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[csv_ragged_row\]: Row 3 has 2 fields; the header has 3/);
  });

  it('prints usage for --help', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('benchtop train --data FILE --target COL');
  });
});
