import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainFit } from '../../../src/core/evaluate/run-evaluation/explain-run.ts';
import { fitRows } from '../../../src/core/evaluate/run-evaluation/fit-rows.ts';
import { neverCancelled } from '../../../src/core/jobs.ts';
import { parseSpec } from '../../../src/core/spec/parse.ts';
import { plan } from '../../../src/core/spec/plan.ts';
import { runExperiment } from '../../../src/core/train/run-experiment.ts';
import { readRunDoc } from '../../../src/cli/explain.ts';
import { sample } from '../../helpers/datasets.ts';
import { cpuTf } from '../../helpers/tf.ts';

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/benchtop.mjs', ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'benchtop-explain-'));
const runPath = join(tmp, 'run.json');
const PENGUINS = 'static/samples/penguins.json';
let trainDoc: Record<string, unknown>;

beforeAll(async () => {
  const r = await cli(['train', '--data', PENGUINS, '--target', 'Species', '--model', 'logistic', '--params', '{"epochs":15}', '--seed', '5', '--json']);
  expect(r.code).toBe(0);
  trainDoc = JSON.parse(r.stdout) as Record<string, unknown>;
  writeFileSync(runPath, r.stdout);
}, 120_000);

describe('benchtop explain', () => {
  it('--json: permutation importance and SHAP of the refit, equal to explaining the model the run kept', async () => {
    const r = await cli(['explain', '--run', runPath, '--data', PENGUINS, '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const doc = JSON.parse(lines[0]!);
    expect(doc.run).toMatchObject({ model: 'logistic', task: 'multiclass', seed: 5, fit: 'holdout model', rows: trainDoc.testRows });
    expect(doc.model).toBe('refit');
    const [perm, shap] = doc.explanations;
    expect(perm.kind).toBe('permutation');
    expect(shap).toMatchObject({ kind: 'shap', method: 'kernel', scale: 'prediction' });
    expect(shap.beeswarm).toBeUndefined();

    // In process: the run's own kept model, explained the same way, gives the same numbers.
    const ds = await sample('penguins.json');
    const spec = plan(parseSpec(trainDoc.spec as never), ds);
    const result = await runExperiment(ds, spec, { tf: await cpuTf(), cancel: neverCancelled, keepModel: true });
    const input = {
      spec, classes: result.classes!, fit: { model: result.model!, pipeline: result.pipeline }, source: ds,
      ...fitRows(result.predictions, 0, ds.table.numRows),
    };
    const kept = await explainFit({ ...input, request: { kind: 'permutation' } });
    if (kept.kind !== 'permutation') throw new Error(kept.kind);
    expect(perm.importances.map((f: { name: string }) => f.name)).toEqual(kept.importances.map((f) => f.name));
    perm.importances.forEach((f: { mean: number; ci95: [number, number] }, i: number) => {
      expect(f.mean).toBeCloseTo(kept.importances[i]!.mean, 12);
      expect(f.ci95[0]).toBeLessThanOrEqual(f.mean);
      expect(f.ci95[1]).toBeGreaterThanOrEqual(f.mean);
    });
    const keptShap = await explainFit({ ...input, request: { kind: 'shap' } });
    if (keptShap.kind !== 'shap') throw new Error(keptShap.kind);
    expect(shap.ranking.map((x: { name: string }) => x.name)).toEqual(keptShap.ranking.map((x) => x.name));
    expect(shap.waterfall.output).toBeCloseTo(keptShap.waterfall.output, 12);
    const sum = shap.waterfall.bars.reduce((s: number, b: { shap: number }) => s + b.shap, 0);
    expect(shap.waterfall.base + sum).toBeCloseTo(shap.waterfall.output, 9);
    result.model!.dispose();
  });

  it('prints a text table without --json; pdp of one feature', async () => {
    const r = await cli(['explain', '--run', runPath, '--data', PENGUINS, '--kind', 'pdp', '--feature', 'Beak Length (mm)']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^multiclass · logistic · seed 5 · data sha256 [0-9a-f]{12}\n/);
    expect(r.stdout).toMatch(/partial dependence of Beak Length \(mm\)/);
    expect(r.stdout.trim().split('\n').length).toBeGreaterThan(10);
  });

  it('refuses another file: run_data_mismatch names both fingerprints', async () => {
    const r = await cli(['explain', '--run', runPath, '--data', 'static/samples/cars.json', '--json']);
    expect(r.code).toBe(1);
    const err = JSON.parse(r.stdout).error;
    expect(err.code).toBe('run_data_mismatch');
    expect(err.message).toContain((trainDoc.dataset as { fingerprint: string }).fingerprint.slice(0, 16));
    expect(r.stderr).toMatch(/^error\[run_data_mismatch\]/m);
  });

  it('--model BUNDLE needs --data, and a bundle that exists', async () => {
    const usage = await cli(['explain', '--model', 'model.zip', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout).error.code).toBe('cli_usage');
    const missing = await cli(['explain', '--model', 'model.zip', '--data', PENGUINS, '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error.code).toBe('file_read_failed');
  });

  it('usage errors: --feature outside pdp, pdp without a feature', async () => {
    const a = await cli(['explain', '--run', runPath, '--data', PENGUINS, '--feature', 'Sex']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--feature applies to --kind pdp/);
    const b = await cli(['explain', '--run', runPath, '--data', PENGUINS, '--kind', 'pdp']);
    expect(b.code).toBe(2);
  });
});

describe('benchtop explain of a run evaluated on a test file', () => {
  it('needs that file (--test), checked by fingerprint like --data', async () => {
    const t = await cli(['train', '--data', 'static/samples/cars.json', '--test-data', 'static/samples/cars.json', '--target', 'Miles_per_Gallon', '--model', 'linear', '--json']);
    expect(t.code).toBe(0);
    const doc = JSON.parse(t.stdout);
    expect(doc.testDataset.fingerprint).toBe(doc.dataset.fingerprint);
    const path = join(tmp, 'run-test.json');
    writeFileSync(path, t.stdout);
    const without = await cli(['explain', '--run', path, '--data', 'static/samples/cars.json', '--kind', 'permutation']);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/pass that file with --test FILE/);
    const ok = await cli(['explain', '--run', path, '--data', 'static/samples/cars.json', '--test', 'static/samples/cars.json', '--kind', 'permutation', '--json']);
    expect(ok.code).toBe(0);
    const e = JSON.parse(ok.stdout);
    expect(e.run.fit).toBe('model trained on all of --data');
    expect(e.explanations[0].metric).toBe('r2');
  });
});

describe('readRunDoc', () => {
  it('reads a train --json document and a studio run record', () => {
    const fromTrain = readRunDoc(JSON.stringify({ spec: { seed: 1, data: {} }, seed: 1, dataset: { fingerprint: 'abc' }, backend: 'wasm' }), 'r.json');
    expect(fromTrain).toMatchObject({ fingerprint: 'abc', backend: 'wasm' });
    const studio = readRunDoc(JSON.stringify({ id: 'x', spec: { seed: 2, data: { fingerprint: 'def' } }, seed: 2, env: { backend: 'webgl' } }), 'r.json');
    expect(studio).toMatchObject({ fingerprint: 'def', backend: 'cpu' });
  });
  it('refuses what is not a run', () => {
    expect(() => readRunDoc('nope', 'r.json')).toThrow(expect.objectContaining({ code: 'run_record_invalid' }));
    expect(() => readRunDoc(JSON.stringify({ error: { code: 'x' } }), 'r.json')).toThrow(expect.objectContaining({ code: 'run_record_invalid' }));
    expect(() => readRunDoc(JSON.stringify({ spec: { seed: 1, data: {} } }), 'r.json')).toThrow(/no dataset fingerprint/);
    expect(() => readRunDoc(JSON.stringify({ spec: { seed: 1, data: { fingerprint: 'a' } }, seed: 2 }), 'r.json')).toThrow(/seed 2 differs/);
  });
});
