import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultBundleName, writeTrainBundle } from '../../../src/cli/train-bundle.ts';
import type { Dataset } from '../../../src/core/data/types.ts';
import type { NormalizedSpec } from '../../../src/core/spec/types.ts';
import type { ExperimentResult } from '../../../src/core/train/run-experiment.ts';

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/benchtop.mjs', ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'benchtop-bundle-'));
const PENGUINS = 'static/samples/penguins.json';
const TRAIN = ['train', '--data', PENGUINS, '--target', 'Species', '--model', 'logistic', '--params', '{"epochs":10}', '--created-at', '2024-05-01T12:00:00Z'];
interface TrainDoc {
  bundle: { path: string };
  testRows: number;
  evaluation: { heldOut: { metrics: { key: string; value: number }[] } };
}
let doc: TrainDoc;
let bundlePath: string;
const predictionsPath = join(tmp, 'heldout.csv');

beforeAll(async () => {
  const r = await cli([...TRAIN, '--out', join(tmp, 'a'), '--predictions-out', predictionsPath, '--json']);
  expect(r.code, r.stderr).toBe(0);
  doc = JSON.parse(r.stdout);
  bundlePath = doc.bundle.path;
}, 120_000);

describe('benchtop train --out', () => {
  it('writes DIR/<name>-v1.zip and reports its hash; a retrain of the same spec writes a byte-identical bundle', async () => {
    expect(bundlePath).toBe(join(tmp, 'a', 'penguins-logistic-v1.zip'));
    const bytes = readFileSync(bundlePath);
    expect(doc.bundle).toMatchObject({ name: 'penguins-logistic', version: 1, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    const again = await cli([...TRAIN, '--out', join(tmp, 'b'), '--name', 'again', '--json']);
    expect(again.code, again.stderr).toBe(0);
    const other = JSON.parse(again.stdout).bundle.path;
    expect(other).toBe(join(tmp, 'b', 'again-v1.zip'));
    // A retrain under the first name (same spec, data, seed and --created-at) gives the same bytes.
    const third = await cli([...TRAIN, '--out', join(tmp, 'c')]);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toMatch(/model bundle: .*penguins-logistic-v1\.zip \(penguins-logistic v1, \d+ bytes, sha256 [0-9a-f]{12}\)/);
    const a = unzipSync(new Uint8Array(bytes));
    const c = unzipSync(new Uint8Array(readFileSync(join(tmp, 'c', 'penguins-logistic-v1.zip'))));
    expect(Object.keys(c)).toEqual(Object.keys(a));
    for (const name of Object.keys(a)) expect(Buffer.from(c[name]!).equals(Buffer.from(a[name]!)), name).toBe(true);
    expect(readFileSync(join(tmp, 'c', 'penguins-logistic-v1.zip')).equals(bytes)).toBe(true);
  });

  it('usage errors for bundle options', async () => {
    const r = await cli(['train', '--data', PENGUINS, '--target', 'Species', '--name', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--name, --created-at and --sensitive describe the bundle that --out DIR writes/);
    const bad = await cli(['train', '--data', PENGUINS, '--target', 'Species', '--out', tmp, '--name', '../evil']);
    expect(bad.code).toBe(2);
    const score = await cli(['score', '--data', PENGUINS]);
    expect(score.code).toBe(2);
    expect(score.stderr).toMatch(/score needs --model BUNDLE/);
  });
});

describe('writeTrainBundle', () => {
  it('a model kind that cannot save is a coded error, and nothing is written', async () => {
    const dir = join(tmp, 'unsupported');
    const result = { model: { predict: async () => new Float64Array(0), history: [], dispose: () => {} } } as unknown as ExperimentResult;
    const spec = { model: { kind: 'mlp' } } as unknown as NormalizedSpec;
    await expect(
      writeTrainBundle({ data: PENGUINS, backend: 'cpu', json: false, sanity: false, learningCurve: false, out: dir }, { dataset: {} as Dataset, spec, result, tf: {} as never, backend: 'cpu' }),
    ).rejects.toMatchObject({ code: 'model_bundle_unsupported', message: expect.stringMatching(/^A mlp model cannot be saved to or loaded from a model bundle/) });
    expect(existsSync(dir)).toBe(false);
  });

  it('default names are file-name safe', () => {
    expect(defaultBundleName('data/My Data (v2).csv', 'gbdt')).toBe('My-Data-v2-gbdt');
    expect(defaultBundleName('/x/..hidden.json', 'mlp')).toBe('hidden-mlp');
  });
});

describe('benchtop score', () => {
  it('scores every row; the held-out rows get exactly the probabilities the run reported', async () => {
    const out = join(tmp, 'scores.csv');
    const r = await cli(['score', '--model', bundlePath, '--data', PENGUINS, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/penguins-logistic v1 \(logistic\): scored 344 rows of penguins\.json/);
    const scored = readFileSync(out, 'utf8').trim().split('\n');
    expect(scored[0]).toBe('row,y_pred,proba_Adelie,proba_Chinstrap,proba_Gentoo');
    expect(scored).toHaveLength(345);
    const held = readFileSync(predictionsPath, 'utf8').trim().split('\n').slice(1);
    expect(held.length).toBe(doc.testRows);
    for (const line of held) {
      const [row, , , predicted, ...proba] = line.split(',');
      const [srow, spred, ...sproba] = scored[Number(row) + 1]!.split(',');
      expect(srow).toBe(row);
      expect(spred).toBe(predicted);
      expect(sproba).toEqual(proba);
    }
  });

  it('a contract violation exits 1 with the coded message and writes nothing', async () => {
    const rows = JSON.parse(readFileSync(PENGUINS, 'utf8')).slice(0, 12);
    rows[4].Island = 'Atlantis';
    rows[7]['Body Mass (g)'] = 99_999;
    const data = join(tmp, 'bad.json');
    writeFileSync(data, JSON.stringify(rows));
    const out = join(tmp, 'never.csv');
    const r = await cli(['score', '--model', bundlePath, '--data', data, '--out', out, '--json']);
    expect(r.code).toBe(1);
    const err = JSON.parse(r.stdout).error;
    expect(err.code).toBe('scoring_data_invalid');
    expect(err.message).toMatch(/Column "Island" has 1 cell with 1 label the contract does not list: "Atlantis" \(row 5\)/);
    expect(err.message).toMatch(/Column "Body Mass \(g\)" has 1 value outside .* at row 8/);
    expect(r.stderr).toMatch(/^error\[scoring_data_invalid\]/m);
    expect(existsSync(out)).toBe(false);
  });

  it('a damaged bundle is refused before anything is used', async () => {
    const bytes = readFileSync(bundlePath);
    const damaged = Buffer.from(bytes);
    const at = Math.floor(damaged.length / 3);
    damaged[at] = damaged[at]! ^ 0xff;
    const path = join(tmp, 'damaged.zip');
    writeFileSync(path, damaged);
    const r = await cli(['score', '--model', path, '--data', PENGUINS, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toMatch(/^bundle_(invalid|hash_mismatch)$/);
    const notZip = await cli(['card', '--model', PENGUINS]);
    expect(notZip.code).toBe(1);
    expect(notZip.stderr).toMatch(/error\[bundle_invalid\]/);
  });
});

describe('benchtop card and explain --model', () => {
  it('card prints the model card', async () => {
    const r = await cli(['card', '--model', bundlePath]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith('---\nlibrary_name: "benchtop"\n')).toBe(true);
    expect(r.stdout).toContain('# penguins-logistic (version 1)');
    const accuracy = doc.evaluation.heldOut.metrics.find((m) => m.key === 'accuracy')!;
    expect(r.stdout).toContain(`| accuracy | ${accuracy.value.toFixed(4)} |`);
    expect(r.stdout).toContain('Created | 2024-05-01T12:00:00.000Z');
  });

  it("explain --model explains the bundle's own model, no refit", async () => {
    const r = await cli(['explain', '--model', bundlePath, '--data', PENGUINS, '--kind', 'permutation', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.model).toBe('bundle');
    expect(e.run).toMatchObject({ model: 'logistic', task: 'multiclass', fit: 'bundle penguins-logistic v1', rows: 344 });
    expect(e.explanations[0].kind).toBe('permutation');
    expect(e.explanations[0].importances).toHaveLength(6);
    const text = await cli(['explain', '--model', bundlePath, '--data', PENGUINS, '--kind', 'pdp', '--feature', 'Island']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/loaded from the bundle, not refitted/);
    const both = await cli(['explain', '--model', bundlePath, '--run', 'x.json', '--data', PENGUINS]);
    expect(both.code).toBe(2);
  });
});
