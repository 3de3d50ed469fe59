/**
 * The monitoring worker methods end to end in Node (fake-indexeddb): two registered versions of
 * a real model, a batch scored with drift, performance and a shadow, the run recorded, listed,
 * read and deleted; a batch that breaks the contract records nothing.
 */
import 'fake-indexeddb/auto';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchtopDb } from '../../../src/core/track/db.ts';
import type { MonitorApi } from '../../../workers/monitor-api.ts';
import { monitorHandlers } from '../../../workers/monitor-handlers.ts';
import { registryHandlers } from '../../../workers/registry-handlers.ts';
import { blobsCsv } from '../../helpers/datasets.ts';
import { codeOf, handlerWorkspace } from '../../helpers/handler-workspace.ts';

const CSV = blobsCsv(160, 11, 1.2);
let db: BenchtopDb;
let api: MonitorApi;
let clock = 1_900_000_000_000;

beforeAll(async () => {
  const ws = await handlerWorkspace('monitor-handlers', CSV);
  ({ db } = ws);
  const { deps, run } = ws;
  const registry = registryHandlers(deps);
  api = monitorHandlers({ ...deps, now: () => (clock += 1000) });
  await run('run-nb', { kind: 'naive-bayes' });
  await run('run-gbdt', { kind: 'gbdt', rounds: 8 });
  await registry.registerRun('run-nb', 'blobs-model', 'first');
  await registry.registerRun('run-gbdt', 'blobs-model', 'trees');
  await registry.setAlias('blobs-model', 'champion', 1, 'first one in');
}, 120_000);

afterAll(() => db.close());

/** The training rows with label "yes" only, all coloured red: inputs and predictions both move. */
const SHIFTED = CSV.split('\n')
  .filter((l, i) => i === 0 || l.endsWith(',yes'))
  .map((l, i) => (i === 0 ? l : l.replace(/,(red|green|blue),/, ',red,')))
  .join('\n');

describe('monitoring worker methods', () => {
  it('scores a batch through an alias with drift, performance and a shadow, and records the run', async () => {
    const phases: string[] = [];
    const res = await api.monitorScore('blobs-model@champion', new File([CSV], 'batch.csv'), { drift: true, shadow: 'blobs-model@2' }, 'j1', (p) => phases.push(p.phase));
    expect(res.recorded).toBe(true);
    const r = res.run;
    expect([r.versionId, r.alias, r.rows]).toEqual(['blobs-model@1', 'champion', 160]);
    expect(phases).toEqual(expect.arrayContaining(['read', 'check', 'predict', 'drift', 'performance', 'shadow', 'export', 'record']));
    // The batch is the training data itself: no column has moved.
    expect(r.drift!.features.map((f) => [f.column, f.kind, f.verdict])).toEqual([
      ['x1', 'numeric', 'ok'],
      ['x2', 'numeric', 'ok'],
      ['colour', 'categorical', 'ok'],
    ]);
    expect(r.drift!.features[2]!.psi!.value).toBeLessThan(1e-9);
    expect(r.drift!.features[0]!.missingReference).toBe(0);
    expect(r.drift!.verdict).toBe('ok');
    // The version kept its held-out predictions' distribution at registration.
    // (yes/no labels are read as booleans, so the classes are "false" and "true".)
    expect(r.drift!.predictions.map((p) => p.column)).toEqual(['prediction', 'p(false)', 'p(true)']);
    // Labels present: the card's held-out numbers against the batch's.
    const auc = r.performance!.metrics.find((m) => m.metric === 'roc_auc')!;
    expect(r.performance!.headline).toBe('roc_auc');
    expect(auc.card).not.toBeNull();
    expect(auc.current).toBeGreaterThan(0.5);
    expect(auc.delta).toBeCloseTo(auc.current! - auc.card!, 12);
    expect(r.performance!.rows).toBe(160);
    // Shadow on the same rows.
    const s = r.shadow!;
    expect([s.primary, s.shadow, s.rows]).toEqual(['blobs-model@1', 'blobs-model@2', 160]);
    expect(s.confusion!.counts.flat().reduce((a, b) => a + b, 0)).toBe(160);
    expect(s.agreement).toBeCloseTo((s.confusion!.counts[0]![0]! + s.confusion!.counts[1]![1]!) / 160, 12);
    expect(s.paired!.metric).toBe('roc_auc');
    expect(s.paired!.rows).toBe(160);
    // The predictions file names the version on every row.
    const text = new TextDecoder().decode(res.predictions.bytes);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('row,prediction,p(false),p(true),model_version');
    expect(lines).toHaveLength(161);
    expect(lines.slice(1).every((l) => l.endsWith(',blobs-model@1'))).toBe(true);
    expect(res.predictions.name).toBe('blobs-model-v1-batch.predictions.csv');
    expect(res.preview).toHaveLength(20);
    expect(res.preview[0]).toEqual(lines[1]!.split(','));
    expect(r.predictions.sha256).toBe(res.predictions.sha256);

    const listed = await api.listMonitoringRuns('blobs-model');
    expect(listed.map((x) => x.id)).toEqual([r.id]);
    expect(listed[0]).toMatchObject({ verdict: 'ok', rows: 160, alias: 'champion', shadow: { versionId: 'blobs-model@2' }, performance: { metric: 'roc_auc' } });
    expect(await api.getMonitoringRun(r.id)).toEqual(r);
  });

  it('flags drift in inputs and predictions, writes Parquet, and can leave the run unrecorded', async () => {
    // The held-out reference has 32 rows: below the default 50 a verdict would be 'insufficient'.
    const res = await api.monitorScore('blobs-model@1', new File([SHIFTED], 'shifted.csv'), { format: 'parquet', record: false, thresholds: { minSamples: 20 } }, 'j2', () => {});
    expect(res.run.drift!.thresholds.minSamples).toBe(20);
    expect(res.recorded).toBe(false);
    const d = res.run.drift!;
    const colour = d.features.find((f) => f.column === 'colour')!;
    expect(colour.verdict).toBe('drift');
    expect(colour.chiSquared!.significant).toBe(true);
    expect(colour.reasons.join(' ')).toMatch(/PSI/);
    expect(d.verdict).toBe('drift');
    const pTrue = d.predictions.find((p) => p.column === 'p(true)')!;
    expect([pTrue.verdict, pTrue.nReference, pTrue.nCurrent]).toEqual(['drift', 32, 80]);
    expect(new TextDecoder().decode(res.predictions.bytes.subarray(0, 4))).toBe('PAR1');
    expect(res.predictions.name).toMatch(/\.predictions\.parquet$/);
    expect(await api.listMonitoringRuns('blobs-model')).toHaveLength(1);
  });

  it('Arrow predictions carry the version in the schema', async () => {
    const res = await api.monitorScore('blobs-model@2', new File([CSV], 'b.csv'), { format: 'arrow', drift: false, record: false }, 'j3', () => {});
    expect(res.run.drift).toBeNull();
    const t = tableFromIPC(res.predictions.bytes);
    expect(t.schema.metadata.get('benchtop.model_version')).toBe('blobs-model@2');
    expect(t.numRows).toBe(160);
  });

  it('refuses a batch that breaks the contract, and bad options, recording nothing', async () => {
    const noX2 = CSV.split('\n').map((l) => l.split(',').filter((_, j) => j !== 1).join(',')).join('\n');
    expect(await codeOf(api.monitorScore('blobs-model@1', new File([noX2], 'bad.csv'), {}, 'j4', () => {}))).toBe('scoring_data_invalid');
    expect(await codeOf(api.monitorScore('blobs-model@1', new File([CSV], 'b.csv'), { thresholds: { psi: { warn: 0.5, drift: 0.2 } } }, 'j5', () => {}))).toBe('monitor_input_invalid');
    expect(await codeOf(api.monitorScore('blobs-model@1', new File([CSV], 'b.csv'), { shadow: 'blobs-model@champion' }, 'j6', () => {}))).toBe('monitor_input_invalid');
    expect(await codeOf(api.monitorScore('blobs-model@9', new File([CSV], 'b.csv'), {}, 'j7', () => {}))).toBe('model_version_not_found');
    expect(await api.listMonitoringRuns('blobs-model')).toHaveLength(1);
  });

  it('lists by version, deletes a run, and says when one is gone', async () => {
    const [first] = await api.listMonitoringRuns('blobs-model');
    const second = await api.monitorScore('blobs-model@2', new File([CSV], 'again.csv'), { drift: false }, 'j8', () => {});
    expect((await api.listMonitoringRuns('blobs-model')).map((r) => r.id)).toEqual([second.run.id, first!.id]);
    expect((await api.listMonitoringRuns('blobs-model', 1)).map((r) => r.id)).toEqual([first!.id]);
    await api.deleteMonitoringRun(first!.id);
    expect(await codeOf(api.getMonitoringRun(first!.id))).toBe('monitoring_run_not_found');
    expect(await codeOf(api.deleteMonitoringRun(first!.id))).toBe('monitoring_run_not_found');
    expect((await api.listMonitoringRuns('blobs-model')).map((r) => r.id)).toEqual([second.run.id]);
    expect(await api.defaultDriftThresholds()).toMatchObject({ psi: { warn: 0.1, drift: 0.25 } });
  });
});
