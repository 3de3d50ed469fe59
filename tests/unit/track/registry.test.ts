import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { asRunId } from '../../../src/core/ids.ts';
import { neverCancelled } from '../../../src/core/jobs.ts';
import { openDb, type BenchtopDb } from '../../../src/core/track/db.ts';
import * as registry from '../../../src/core/track/registry.ts';
import {
  deleteModelVersion,
  deleteRegisteredModel,
  getModelVersion,
  getRegisteredModel,
  listModelVersions,
  listRegisteredModels,
  registerModel,
  setModelDescription,
} from '../../../src/core/track/registry.ts';
import { deleteRun, getRunModel } from '../../../src/core/track/runs.ts';
import { trackedRun } from '../../../src/core/track/tracked-run.ts';
import { deleteDatasetVersions, deleteVersion } from '../../../src/core/track/versions.ts';
import { aliasHistory, resolveModel, setAlias } from '../../../src/core/track/aliases.ts';
import { blobsCsv, fromText } from '../../helpers/datasets.ts';
import { cpuTf } from '../../helpers/tf.ts';
import { contract, controlSave, runModel, seedDataset, seedRunWithModel } from './fixtures.ts';

let dbCount = 0;
const freshDb = () => openDb(`registry-${++dbCount}`);
let clock = 1_800_000_000_000;
const now = () => ++clock;

async function seeded(db: BenchtopDb, runs = 1) {
  const { v1, v2 } = await seedDataset(db);
  const records = [];
  for (let i = 1; i <= runs; i++) records.push(await seedRunWithModel(db, `run-${i}`, v2, i));
  return { v1, v2, runs: records };
}

describe('registerModel', () => {
  it('creates the registered model and version 1 holding its own copy of everything needed to use the model', async () => {
    const db = freshDb();
    const { v2, runs } = await seeded(db);
    const run = runs[0]!;
    const mv = await registerModel(db, { runId: run.id, name: 'churn', note: 'first try', by: 'ana', description: 'Predicts churn', now });
    expect(mv).toMatchObject({ id: 'churn@1', name: 'churn', version: 1, runId: 'run-1', note: 'first try', by: 'ana' });
    const stored = runModel('run-1', 1);
    expect(mv.artifact).toEqual(stored.artifact);
    expect(mv.pipeline).toEqual(stored.pipeline);
    expect(mv.classes).toEqual(['no', 'yes']);
    expect(mv.features).toEqual(['x1', 'x2']);
    expect(mv.spec).toEqual(run.spec);
    expect(mv.metrics).toEqual(run.metrics);
    expect(mv.metrics!.log_loss).toBeNaN();
    expect(mv.heldOut).toEqual(run.heldOut);
    expect(mv.env).toEqual(run.env);
    expect(mv.run).toEqual({ id: 'run-1', experiment: 'blobs.csv', datasetName: 'blobs.csv', startedAt: run.startedAt, finishedAt: run.finishedAt, durationMs: 5000, seed: 3 });
    expect(mv).toMatchObject({ datasetId: 'blobs', datasetVersionId: v2.id, fingerprint: v2.fingerprint });
    expect(mv.dataset).toMatchObject({ id: v2.id, datasetName: 'blobs.csv', number: 2, parentId: v2.parentId, rows: 30, derivation: { kind: 'filter' } });
    expect(mv.contract).toEqual(contract(mv.contract!.createdFrom.fingerprint));
    expect(await getModelVersion(db, 'churn@1')).toEqual(mv);
    expect(await getRegisteredModel(db, 'churn')).toMatchObject({ name: 'churn', description: 'Predicts churn', aliases: {}, lastVersion: 1 });
  });

  it('gives the next number for another run, returns the existing version for the same run, and starts at 1 under a new name', async () => {
    const db = freshDb();
    const { runs } = await seeded(db, 2);
    const a = await registerModel(db, { runId: runs[0]!.id, name: 'churn', now });
    const b = await registerModel(db, { runId: runs[1]!.id, name: 'churn', now });
    const again = await registerModel(db, { runId: runs[0]!.id, name: 'churn', note: 'double click', now });
    expect([a.version, b.version]).toEqual([1, 2]);
    expect(again).toEqual(a);
    const other = await registerModel(db, { runId: runs[0]!.id, name: 'churn-small', now });
    expect(other.id).toBe('churn-small@1');
    expect((await listModelVersions(db, 'churn')).map((v) => v.id)).toEqual(['churn@1', 'churn@2']);
    expect((await listRegisteredModels(db)).map((m) => m.name)).toEqual(['churn', 'churn-small']);
  });

  it.each([
    ['', /0 characters/],
    ['x'.repeat(65), /65 characters/],
    ['my model', /" " is not allowed/],
    ['a/b', /"\/" is not allowed/],
    ['churn@2', /"@" is not allowed/],
    ['..', /dots only/],
  ])('refuses the name %j', async (name, reason) => {
    const db = freshDb();
    const { runs } = await seeded(db);
    const err = await registerModel(db, { runId: runs[0]!.id, name }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'model_name_invalid', message: expect.stringMatching(reason) });
    expect(await db.registeredModels.count()).toBe(0);
    expect(await db.modelVersions.count()).toBe(0);
  });

  it('accepts every allowed character', async () => {
    const db = freshDb();
    const { runs } = await seeded(db);
    const name = `Churn_v2.1-${'a'.repeat(53)}`;
    expect(name).toHaveLength(64);
    expect((await registerModel(db, { runId: runs[0]!.id, name })).id).toBe(`${name}@1`);
  });

  it('fails clearly for unfinished runs, runs without a stored model and unknown runs, writing nothing', async () => {
    const db = freshDb();
    const { v2 } = await seeded(db);
    await seedRunWithModel(db, 'busy', v2, 0, { status: 'running' });
    await db.runs.put({ ...(await db.runs.get(asRunId('run-1')))!, id: asRunId('no-model'), hasModel: false, modelError: { code: 'model_save_unsupported', message: 'x' } });
    await expect(registerModel(db, { runId: asRunId('busy'), name: 'm' })).rejects.toMatchObject({ code: 'model_run_not_finished', message: expect.stringMatching(/busy is running/) });
    await expect(registerModel(db, { runId: asRunId('no-model'), name: 'm' })).rejects.toMatchObject({ code: 'run_model_missing', message: expect.stringMatching(/logistic model cannot be stored yet/) });
    await expect(registerModel(db, { runId: asRunId('ghost'), name: 'm' })).rejects.toMatchObject({ code: 'run_not_found' });
    expect(await db.registeredModels.count()).toBe(0);
    expect(await db.modelVersions.count()).toBe(0);
  });

  it('registers a model trained by trackedRun', async () => {
    const control = controlSave('logistic', 'save');
    try {
      const db = freshDb();
      const ds = await fromText(blobsCsv(80, 5), 'blobs.csv');
      const spec = { version: 1 as const, target: 'label', model: { kind: 'logistic' as const, epochs: 3 }, backend: 'cpu' as const };
      await trackedRun(db, ds, spec, { tf: await cpuTf(), runId: asRunId('t1'), cancel: neverCancelled, host: { userAgent: 'v', benchtop: 't' } });
      const mv = await registerModel(db, { runId: asRunId('t1'), name: 'blobs' });
      expect(mv.artifact).toEqual(control.saved[0]);
      expect(mv.pipeline).toEqual((await getRunModel(db, asRunId('t1'))).pipeline);
      // no stored dataset version: the fingerprint still names the data
      expect(mv.fingerprint).toBe(ds.fingerprint);
      expect(mv.dataset).toBeUndefined();
    } finally {
      control.restore();
    }
  });
});

describe('versions are immutable copies', () => {
  it('has no function that updates a version', () => {
    expect(Object.keys(registry).filter((k) => /update|edit|patch|modify/i.test(k))).toEqual([]);
  });

  it('survives deleting its run, its dataset version and its dataset', async () => {
    const db = freshDb();
    const { v2, runs } = await seeded(db);
    const mv = await registerModel(db, { runId: runs[0]!.id, name: 'churn' });
    mv.note = 'changed in memory';
    mv.artifact.blobs['weights.bin']![0] = 255;
    const stored = await getModelVersion(db, 'churn@1');
    expect(stored.note).toBe('');
    expect(stored.artifact).toEqual(runModel('run-1', 1).artifact);
    await deleteRun(db, runs[0]!.id);
    await deleteVersion(db, v2.id);
    await deleteDatasetVersions(db, v2.datasetId);
    expect(await db.runs.count()).toBe(0);
    expect(await db.datasetVersions.count()).toBe(0);
    expect(await getModelVersion(db, 'churn@1')).toEqual(stored);
    expect(await resolveModel(db, 'churn')).toEqual(stored);
  });
});

describe('version numbers after deletes', () => {
  it('are never given twice, also after the whole model is deleted and registered again', async () => {
    const db = freshDb();
    const { runs } = await seeded(db, 5);
    for (const r of runs.slice(0, 3)) await registerModel(db, { runId: r.id, name: 'churn' });
    await deleteModelVersion(db, 'churn@3');
    expect((await registerModel(db, { runId: runs[3]!.id, name: 'churn' })).version).toBe(4);
    await deleteModelVersion(db, 'churn@1');
    expect((await listModelVersions(db, 'churn')).map((v) => v.version)).toEqual([2, 4]);
    await expect(getModelVersion(db, 'churn@1')).rejects.toMatchObject({ code: 'model_version_not_found' });

    await setAlias(db, { name: 'churn', alias: 'champion', version: 2 });
    expect(await deleteRegisteredModel(db, 'churn', { force: true })).toEqual({ versions: 2 });
    expect(await listRegisteredModels(db)).toEqual([]);
    await expect(getRegisteredModel(db, 'churn')).rejects.toMatchObject({ code: 'registered_model_not_found' });
    await expect(listModelVersions(db, 'churn')).rejects.toMatchObject({ code: 'registered_model_not_found' });
    expect(await db.modelVersions.count()).toBe(0);
    expect(await db.aliasEvents.count()).toBe(0);

    const again = await registerModel(db, { runId: runs[4]!.id, name: 'churn', description: 'second life' });
    expect(again.id).toBe('churn@5');
    expect(await getRegisteredModel(db, 'churn')).toMatchObject({ aliases: {}, lastVersion: 5, description: 'second life' });
    expect((await getRegisteredModel(db, 'churn')).deletedAt).toBeUndefined();
    expect(await aliasHistory(db, 'churn')).toEqual([]);
  });

  it('deleting refuses while an alias points there unless forced, and a forced version delete logs the alias removal', async () => {
    const db = freshDb();
    const { runs } = await seeded(db, 2);
    await registerModel(db, { runId: runs[0]!.id, name: 'churn' });
    await registerModel(db, { runId: runs[1]!.id, name: 'churn' });
    await setAlias(db, { name: 'churn', alias: 'champion', version: 1, by: 'ana' });
    await setAlias(db, { name: 'churn', alias: 'staging', version: 1, by: 'ana' });
    await expect(deleteModelVersion(db, 'churn@1')).rejects.toMatchObject({
      code: 'model_alias_in_use',
      message: expect.stringMatching(/Version churn@1 is what "champion", "staging" point at/),
    });
    await expect(deleteRegisteredModel(db, 'churn')).rejects.toMatchObject({ code: 'model_alias_in_use' });
    expect(await db.modelVersions.count()).toBe(2);
    await deleteModelVersion(db, 'churn@1', { force: true, by: 'bo', now: () => 99 });
    expect((await getRegisteredModel(db, 'churn')).aliases).toEqual({});
    const events = await aliasHistory(db, 'churn');
    expect(events.slice(2).map(({ id: _id, ...e }) => e)).toEqual([
      { name: 'churn', alias: 'champion', from: 1, to: null, at: 99, by: 'bo', note: 'version 1 deleted' },
      { name: 'churn', alias: 'staging', from: 1, to: null, at: 99, by: 'bo', note: 'version 1 deleted' },
    ]);
    await deleteRegisteredModel(db, 'churn');
    expect(await db.modelVersions.count()).toBe(0);
  });

  it('descriptions can change; versions cannot', async () => {
    const db = freshDb();
    const { runs } = await seeded(db);
    await registerModel(db, { runId: runs[0]!.id, name: 'churn' });
    expect((await setModelDescription(db, 'churn', 'Weekly churn model')).description).toBe('Weekly churn model');
    await expect(setModelDescription(db, 'churn', 'x'.repeat(5001))).rejects.toMatchObject({ code: 'registry_input_invalid' });
    await expect(setModelDescription(db, 'nope', 'x')).rejects.toMatchObject({ code: 'registered_model_not_found' });
  });
});
