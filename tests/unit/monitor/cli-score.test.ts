/**
 * `benchtop score` as batch monitoring, end to end through the CLI: bundles trained by
 * `benchtop train --out`, a batch like the training data and one that moved, the predictions
 * file tagged with the version, the drift table, the shadow summary and the exit codes.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/benchtop.mjs', ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'benchtop-monitor-'));

/** Two gaussian blobs and a colour; `shift` moves x1 and `red` makes every colour red. Values are clipped inside the training range so the contract accepts them. */
function blobs(n: number, seed: number, shift = 0, red = false): string {
  let s = seed;
  const r = () => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648);
  const normal = (m: number) => m + Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r());
  const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const lines = ['x1,x2,colour,label'];
  for (let i = 0; i < n; i++) {
    const y = i % 2;
    const colour = red ? 'red' : ['red', 'green', 'blue'][Math.floor(r() * 3)];
    lines.push(`${clip(normal(y ? 2 : 0) + shift, -2.5, 4.5).toFixed(4)},${clip(normal(y ? -2 : 0), -4, 2.5).toFixed(4)},${colour},${y ? 'yes' : 'no'}`);
  }
  return lines.join('\n') + '\n';
}

const TRAIN = join(tmp, 'train.csv');
const SHIFTED = join(tmp, 'shifted.csv');
let nb: string;
let logistic: string;

beforeAll(async () => {
  writeFileSync(TRAIN, blobs(300, 7));
  writeFileSync(SHIFTED, blobs(200, 99, 0.8, true));
  const common = ['train', '--data', TRAIN, '--target', 'label', '--out', join(tmp, 'bundles'), '--created-at', '2024-05-01T12:00:00Z'];
  const a = await cli([...common, '--model', 'naive-bayes']);
  expect(a.code, a.stderr).toBe(0);
  const b = await cli([...common, '--model', 'logistic', '--params', '{"epochs":5}']);
  expect(b.code, b.stderr).toBe(0);
  nb = join(tmp, 'bundles', 'train-naive-bayes-v1.zip');
  logistic = join(tmp, 'bundles', 'train-logistic-v1.zip');
}, 120_000);

describe('benchtop score --drift', () => {
  it('a batch like the training data: no input column moves, predictions tagged with the version', async () => {
    const out = join(tmp, 'same.csv');
    const r = await cli(['score', '--model', nb, '--data', TRAIN, '--out', out, '--drift', '--json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.drift.features.map((f: { column: string; verdict: string }) => [f.column, f.verdict])).toEqual([
      ['x1', 'ok'],
      ['x2', 'ok'],
      ['colour', 'ok'],
    ]);
    expect(doc.drift.features[2].psi.value).toBeLessThan(1e-9);
    // The bundle carries its held-out predictions' distribution.
    expect(doc.drift.predictions.map((p: { column: string }) => p.column)).toEqual(['prediction', 'p(false)', 'p(true)']);
    expect(doc.performance.headline).toBe('roc_auc');
    const drifted = doc.drift.predictions.some((p: { verdict: string }) => p.verdict === 'drift') || doc.performance.verdict === 'worse';
    expect(r.code, r.stderr).toBe(drifted ? 3 : 0);
    expect(doc.exitCode).toBe(r.code);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('row,prediction,p(false),p(true),model_version');
    expect(lines).toHaveLength(301);
    expect(lines.slice(1).every((l) => l.endsWith(',train-naive-bayes@1'))).toBe(true);
    expect(doc.predictions).toMatchObject({ format: 'csv', columns: ['row', 'prediction', 'p(false)', 'p(true)', 'model_version'] });
  });

  it('a batch that moved: drift table, shadow summary, Parquet out, exit code 3', async () => {
    const out = join(tmp, 'shifted.parquet');
    const r = await cli(['score', '--model', nb, '--data', SHIFTED, '--out', out, '--drift', '--shadow', logistic, '--format', 'parquet']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/^train-naive-bayes v1 \(naive-bayes\): scored 200 rows of shifted\.csv -> .*shifted\.parquet \(parquet, tagged train-naive-bayes@1\)/);
    expect(r.stdout).toMatch(/Input drift: DRIFT/);
    expect(r.stdout).toMatch(/^colour +categorical +300 \/ 200 .* DRIFT$/m);
    expect(r.stdout).toMatch(/^x2 +numeric +300 \/ 200 .* OK$/m);
    expect(r.stdout).toMatch(/Shadow train-logistic@1 vs train-naive-bayes@1 on 200 rows:\n {2}same label on [\d.]+% of rows/);
    expect(r.stdout).toMatch(/Drift found: exit code 3\./);
    expect(readFileSync(out).subarray(0, 4).toString()).toBe('PAR1');
  });

  it('editable lines: a thresholds file that tolerates everything finds no drift', async () => {
    const lenient = join(tmp, 'lenient.json');
    writeFileSync(lenient, JSON.stringify({ psi: { warn: 90, drift: 99 }, ks: { warn: 0.99, drift: 1 }, cohenW: { warn: 90, drift: 99 } }));
    const out = join(tmp, 'lenient.arrow');
    const r = await cli(['score', '--model', nb, '--data', SHIFTED, '--out', out, '--drift', '--format', 'arrow', '--thresholds', lenient, '--json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.drift.thresholds.psi).toEqual({ warn: 90, drift: 99 });
    expect(doc.drift.thresholds.alpha).toBe(0.01);
    expect(doc.drift.verdict).toBe('ok');
    expect(r.code).toBe(doc.performance.verdict === 'worse' ? 3 : 0);
    const t = tableFromIPC(readFileSync(out));
    expect(t.schema.metadata.get('benchtop.model_version')).toBe('train-naive-bayes@1');
  });

  it('a batch that breaks the contract writes nothing (exit 1); usage errors exit 2', async () => {
    const bad = join(tmp, 'bad.csv');
    writeFileSync(bad, blobs(60, 3).replace(/,red,/g, ',purple,'));
    const out = join(tmp, 'bad-out.csv');
    const r = await cli(['score', '--model', nb, '--data', bad, '--out', out, '--drift']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[scoring_data_invalid\]/);
    expect(existsSync(out)).toBe(false);
    const noOut = await cli(['score', '--model', nb, '--data', TRAIN, '--drift']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/give --out FILE/);
    const format = await cli(['score', '--model', nb, '--data', TRAIN, '--out', out, '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/--format must be csv, parquet or arrow/);
  });
});
