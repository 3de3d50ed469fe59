import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDb, type BenchtopDb } from '../../../src/core/track/db.ts';
import { aliasHistory, parseModelRef, resolveModel, rollbackAlias, setAlias } from '../../../src/core/track/aliases.ts';
import { cardRevisions, currentCard, saveCardSections } from '../../../src/core/track/card-revisions.ts';
import { lineageOf, lineageOfVersion } from '../../../src/core/track/lineage.ts';
import { deleteModelVersion, getModelVersion, getRegisteredModel, registerModel } from '../../../src/core/track/registry.ts';
import { deleteDatasetVersions } from '../../../src/core/track/versions.ts';
import { seedDataset, seedRunWithModel } from './fixtures.ts';

let dbCount = 0;
const freshDb = () => openDb(`aliases-${++dbCount}`);

/** churn@1..3 from three runs on the filtered dataset version (which has a contract). */
async function threeVersions(db: BenchtopDb) {
  const { v1, v2 } = await seedDataset(db);
  for (let i = 1; i <= 3; i++) {
    const run = await seedRunWithModel(db, `run-${i}`, v2, i);
    await registerModel(db, { runId: run.id, name: 'churn', now: () => 1000 + i });
  }
  return { v1, v2 };
}

const moves = async (db: BenchtopDb) => (await aliasHistory(db, 'churn')).map((e) => [e.alias, e.from, e.to, e.by, e.note]);

describe('aliases', () => {
  it('every set, move and removal is logged with who and why; setting the same target logs nothing', async () => {
    const db = freshDb();
    await threeVersions(db);
    const first = await setAlias(db, { name: 'churn', alias: 'champion', version: 1, by: 'ana', note: 'first deploy', now: () => 5 });
    expect(first.model.aliases).toEqual({ champion: 1 });
    expect(first.event).toMatchObject({ name: 'churn', alias: 'champion', from: null, to: 1, at: 5, by: 'ana', note: 'first deploy' });
    expect(first.event!.id).toEqual(expect.any(Number));
    await setAlias(db, { name: 'churn', alias: 'champion', version: 3, by: 'bo', note: 'better AUC' });
    const same = await setAlias(db, { name: 'churn', alias: 'champion', version: 3, by: 'bo' });
    expect(same.event).toBeNull();
    await setAlias(db, { name: 'churn', alias: 'staging', version: 2, by: 'bo' });
    await setAlias(db, { name: 'churn', alias: 'staging', version: null, by: 'bo', note: 'retired' });
    expect((await getRegisteredModel(db, 'churn')).aliases).toEqual({ champion: 3 });
    expect(await moves(db)).toEqual([
      ['champion', null, 1, 'ana', 'first deploy'],
      ['champion', 1, 3, 'bo', 'better AUC'],
      ['staging', null, 2, 'bo', ''],
      ['staging', 2, null, 'bo', 'retired'],
    ]);
    expect((await aliasHistory(db, 'churn', 'staging')).map((e) => e.to)).toEqual([2, null]);
  });

  it('rolls back by moving the alias to where it was before its last move, logged like any move', async () => {
    const db = freshDb();
    await threeVersions(db);
    await setAlias(db, { name: 'churn', alias: 'champion', version: 1 });
    await setAlias(db, { name: 'churn', alias: 'champion', version: 2 });
    const back = await rollbackAlias(db, { name: 'churn', alias: 'champion', by: 'ana' });
    expect(back.model.aliases.champion).toBe(1);
    expect(back.event).toMatchObject({ from: 2, to: 1, by: 'ana', note: 'rollback of the move to version 2' });
    expect((await resolveModel(db, 'churn@champion')).version).toBe(1);
    // a rollback is a move too: rolling back again returns to 2
    expect((await rollbackAlias(db, { name: 'churn', alias: 'champion' })).model.aliases.champion).toBe(2);
    await expect(rollbackAlias(db, { name: 'churn', alias: 'never' })).rejects.toMatchObject({ code: 'model_alias_not_found' });
  });

  it.each([
    ['Champion', /lowercase letter/],
    ['1st', /starts with a digit/],
    ['latest', /reserved/],
    ['', /not allowed/],
    ['a'.repeat(33), /not allowed/],
    ['has space', /not allowed/],
  ])('refuses the alias %j', async (alias, reason) => {
    const db = freshDb();
    await threeVersions(db);
    await expect(setAlias(db, { name: 'churn', alias, version: 1 })).rejects.toMatchObject({ code: 'model_alias_invalid', message: expect.stringMatching(reason) });
    expect(await db.aliasEvents.count()).toBe(0);
  });

  it('refuses versions that do not exist and unknown models, changing and logging nothing', async () => {
    const db = freshDb();
    await threeVersions(db);
    await expect(setAlias(db, { name: 'churn', alias: 'champion', version: 9 })).rejects.toMatchObject({ code: 'model_version_not_found' });
    await expect(setAlias(db, { name: 'churn', alias: 'champion', version: 0 })).rejects.toMatchObject({ code: 'registry_input_invalid' });
    await expect(setAlias(db, { name: 'nope', alias: 'champion', version: 1 })).rejects.toMatchObject({ code: 'registered_model_not_found' });
    expect((await getRegisteredModel(db, 'churn')).aliases).toEqual({});
    expect(await db.aliasEvents.count()).toBe(0);
  });

  it('moves the alias and logs it in one transaction: a failing log write leaves the alias where it was', async () => {
    const db = freshDb();
    await threeVersions(db);
    await setAlias(db, { name: 'churn', alias: 'champion', version: 1 });
    db.aliasEvents.hook('creating', () => {
      throw new Error('disk full');
    });
    await expect(setAlias(db, { name: 'churn', alias: 'champion', version: 2 })).rejects.toMatchObject({ code: 'storage_failed' });
    expect((await getRegisteredModel(db, 'churn')).aliases).toEqual({ champion: 1 });
    expect(await db.aliasEvents.count()).toBe(1);
  });
});

describe('resolveModel', () => {
  it('resolves a bare name and @latest to the newest version, @N to that version, @alias to its target', async () => {
    const db = freshDb();
    await threeVersions(db);
    await setAlias(db, { name: 'churn', alias: 'champion', version: 2 });
    expect((await resolveModel(db, 'churn')).id).toBe('churn@3');
    expect((await resolveModel(db, 'churn@latest')).id).toBe('churn@3');
    expect((await resolveModel(db, 'churn@1')).id).toBe('churn@1');
    expect((await resolveModel(db, 'churn@champion')).id).toBe('churn@2');
    await deleteModelVersion(db, 'churn@3');
    expect((await resolveModel(db, 'churn')).id).toBe('churn@2');
  });

  it('says what is wrong with a reference', async () => {
    const db = freshDb();
    await threeVersions(db);
    await setAlias(db, { name: 'churn', alias: 'champion', version: 2 });
    await expect(resolveModel(db, 'churn@staging')).rejects.toMatchObject({ code: 'model_alias_not_found', message: expect.stringMatching(/its aliases: champion/) });
    await expect(resolveModel(db, 'churn@7')).rejects.toMatchObject({ code: 'model_version_not_found' });
    await expect(resolveModel(db, 'fraud')).rejects.toMatchObject({ code: 'registered_model_not_found' });
    for (const ref of ['', '@1', 'churn@', 'churn@0', 'churn@Champion', 'a b@1', 'x@y@z'])
      await expect(resolveModel(db, ref), ref).rejects.toMatchObject({ code: 'model_ref_invalid' });
    expect(parseModelRef('m.v2@12')).toEqual({ name: 'm.v2', version: 12 });
    expect(parseModelRef('m@prod-eu')).toEqual({ name: 'm', alias: 'prod-eu' });
  });
});

describe('model card revisions', () => {
  it('stores each save as the next revision with who and why, per version', async () => {
    const db = freshDb();
    await threeVersions(db);
    const r1 = await saveCardSections(db, 'churn@1', { 'intended-use': 'Rank accounts for outreach.' }, 'ana', 'draft', () => 10);
    const r2 = await saveCardSections(db, 'churn@1', { 'intended-use': 'Rank accounts for outreach.', limitations: 'Not for pricing.' }, 'bo', 'review', () => 20);
    const other = await saveCardSections(db, 'churn@2', { limitations: 'x' });
    expect([r1.revision, r2.revision, other.revision]).toEqual([1, 2, 1]);
    expect(await cardRevisions(db, 'churn@1')).toEqual([r1, r2]);
    expect(r2).toMatchObject({ versionId: 'churn@1', sections: { limitations: 'Not for pricing.' }, at: 20, by: 'bo', note: 'review' });
    expect(await currentCard(db, 'churn@1')).toEqual(r2);
    expect(await currentCard(db, 'churn@3')).toBeUndefined();
    // the version itself is untouched by card edits
    expect((await getModelVersion(db, 'churn@1')).note).toBe('');
  });

  it.each([
    [{ 'Intended Use': 'x' }, /section name/],
    [{ limitations: 42 }, /must be text/],
    [{ limitations: 'x'.repeat(20_001) }, /20,001 characters/],
    [Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`s${i}`, 'x'])), /33 sections/],
    [['a'], /expected an object/],
  ])('refuses invalid sections %#', async (sections, reason) => {
    const db = freshDb();
    await threeVersions(db);
    await expect(saveCardSections(db, 'churn@1', sections as Record<string, string>)).rejects.toMatchObject({ code: 'card_sections_invalid', message: expect.stringMatching(reason) });
    expect(await db.cardRevisions.count()).toBe(0);
  });

  it('fails for unknown versions and goes with a deleted version', async () => {
    const db = freshDb();
    await threeVersions(db);
    await expect(saveCardSections(db, 'churn@9', { a: 'x' })).rejects.toMatchObject({ code: 'model_version_not_found' });
    await saveCardSections(db, 'churn@3', { a: 'x' });
    await deleteModelVersion(db, 'churn@3');
    expect(await db.cardRevisions.count()).toBe(0);
  });
});

describe('lineage', () => {
  it('links dataset version -> contract -> pipeline -> run -> model version, with the stored parent versions before', async () => {
    const db = freshDb();
    const { v1, v2 } = await threeVersions(db);
    const lineage = await lineageOf(db, 'churn@2');
    expect(lineage.nodes.map((n) => [n.kind, n.id])).toEqual([
      ['dataset-version', `dataset-version:${v1.id}`],
      ['dataset-version', `dataset-version:${v2.id}`],
      ['contract', 'contract:churn@2'],
      ['pipeline', 'pipeline:churn@2'],
      ['run', 'run:run-2'],
      ['model-version', 'model-version:churn@2'],
    ]);
    const ids = lineage.nodes.map((n) => n.id);
    expect(lineage.edges).toEqual(ids.slice(1).map((to, i) => ({ from: ids[i], to })));
    const byKind = Object.fromEntries(lineage.nodes.slice(1).map((n) => [n.kind, n]));
    expect(byKind['dataset-version']).toMatchObject({ label: 'blobs.csv v2', detail: expect.stringMatching(/^30 rows, 4 columns; Kept the first 30 rows; SHA-256 /) });
    expect(byKind.contract!.detail).toMatch(/2 columns \(2 required\), 10-200 rows; made from blobs\.csv/);
    expect(byKind.pipeline).toMatchObject({ label: 'Pipeline: standardize', detail: '2 input columns → 2 model inputs' });
    expect(byKind.run!.label).toBe('Run run-2 (blobs.csv)');
    expect(byKind.run!.detail).toMatch(/^logistic, binary, seed 3, cpu; finished 2023-11-14T22:13:25\.000Z; roc_auc 0\.91$/);
    expect(byKind['model-version']).toMatchObject({ label: 'churn@2', detail: expect.stringMatching(/^logistic model \(format 1\); registered 1970-01-01T00:00:01\.002Z$/) });
  });

  it('is built from the model version record alone, also once the data is gone', async () => {
    const db = freshDb();
    const { v2 } = await threeVersions(db);
    const mv = await getModelVersion(db, 'churn@1');
    const fromRecord = lineageOfVersion(mv);
    expect(fromRecord.nodes.map((n) => n.kind)).toEqual(['dataset-version', 'contract', 'pipeline', 'run', 'model-version']);
    await db.runs.clear();
    await deleteDatasetVersions(db, v2.datasetId);
    expect(await lineageOf(db, 'churn@1')).toEqual(fromRecord);
  });

  it('without a contract the dataset version links straight to the pipeline', async () => {
    const db = freshDb();
    const { v1 } = await seedDataset(db);
    await seedRunWithModel(db, 'r', v1);
    await registerModel(db, { runId: (await db.runs.toCollection().first())!.id, name: 'plain' });
    const lineage = await lineageOf(db, 'plain@1');
    expect(lineage.nodes.map((n) => n.kind)).toEqual(['dataset-version', 'pipeline', 'run', 'model-version']);
    expect(lineage.edges[0]).toEqual({ from: `dataset-version:${v1.id}`, to: 'pipeline:plain@1' });
  });
});
