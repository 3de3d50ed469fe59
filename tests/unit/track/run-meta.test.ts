import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { asRunId } from '../../../src/core/ids.ts';
import { neverCancelled } from '../../../src/core/jobs.ts';
import { openDb } from '../../../src/core/track/db.ts';
import { childRuns, listExperiments, runsInExperiment, runsWithTag, updateRunMeta } from '../../../src/core/track/run-meta.ts';
import { getRun } from '../../../src/core/track/runs.ts';
import { trackedRun } from '../../../src/core/track/tracked-run.ts';
import { blobsCsv, fromText } from '../../helpers/datasets.ts';
import { cpuTf } from '../../helpers/tf.ts';
import { doneRun } from './fixtures.ts';

let dbCount = 0;
const freshDb = () => openDb(`run-meta-${++dbCount}`);
const host = { userAgent: 'vitest', benchtop: 'test' };
const spec = { version: 1 as const, target: 'label', model: { kind: 'baseline' as const }, backend: 'cpu' as const };

describe('run metadata at the start of a run', () => {
  it('files a run under its dataset name unless told otherwise, with tags, notes and parent', async () => {
    const db = freshDb();
    const ds = await fromText(blobsCsv(60, 1), 'blobs.csv');
    const tf = await cpuTf();
    const plain = (await trackedRun(db, ds, spec, { tf, runId: asRunId('p'), cancel: neverCancelled, host })).run;
    expect(plain.experiment).toBe('blobs.csv');
    expect(plain.tags).toBeUndefined();
    const child = (
      await trackedRun(db, ds, spec, {
        tf, runId: asRunId('c'), cancel: neverCancelled, host, experiment: ' search ', tags: [' lr ', 'trial', 'lr'], notes: 'first trial', parentRunId: asRunId('p'),
      })
    ).run;
    expect(child).toMatchObject({ experiment: 'search', tags: ['lr', 'trial'], notes: 'first trial', parentRunId: 'p', status: 'done' });
    expect(await getRun(db, asRunId('c'))).toEqual(child);
    expect((await childRuns(db, asRunId('p'))).map((r) => r.id)).toEqual(['c']);
  });

  it('refuses bad metadata before anything is recorded', async () => {
    const db = freshDb();
    const ds = await fromText(blobsCsv(60, 1), 'blobs.csv');
    await expect(
      trackedRun(db, ds, spec, { tf: await cpuTf(), runId: asRunId('bad'), cancel: neverCancelled, host, tags: ['ok', '  '] }),
    ).rejects.toMatchObject({ code: 'run_meta_invalid', message: expect.stringMatching(/tags\[1\]/) });
    expect(await db.runs.count()).toBe(0);
  });
});

describe('updateRunMeta', () => {
  it('changes experiment, tags and notes, leaving everything else, and clears with empty values', async () => {
    const db = freshDb();
    const original = doneRun('r1');
    await db.runs.put(original);
    const updated = await updateRunMeta(db, asRunId('r1'), { experiment: ' churn v2 ', tags: ['baseline', ' gpu', 'baseline'], notes: 'Compare with r7.' });
    expect(updated).toEqual({ ...original, experiment: 'churn v2', tags: ['baseline', 'gpu'], notes: 'Compare with r7.' });
    expect(await getRun(db, asRunId('r1'))).toEqual(updated);
    // a field left out stays; empty tags and blank notes are removed
    const cleared = await updateRunMeta(db, asRunId('r1'), { tags: [], notes: '   ' });
    expect(cleared.experiment).toBe('churn v2');
    expect('tags' in cleared).toBe(false);
    expect('notes' in cleared).toBe(false);
    expect(await getRun(db, asRunId('r1'))).toEqual(cleared);
  });

  it.each([
    [{ tags: Array.from({ length: 33 }, (_, i) => `t${i}`) }, 'tags', /33 tags given; at most 32/],
    [{ tags: ['x'.repeat(65)] }, 'tags[0]', /65 characters; at most 64/],
    [{ tags: ['ok', ''] }, 'tags[1]', /blank/],
    [{ tags: 'one' as unknown as string[] }, 'tags', /list/],
    [{ notes: 'n'.repeat(20_001) }, 'notes', /20,001 characters; at most 20,000/],
    [{ experiment: '  ' }, 'experiment', /blank/],
    [{ experiment: 'e'.repeat(129) }, 'experiment', /129 characters/],
    [{ status: 'done' } as never, 'status', /only experiment, tags and notes/],
  ])('refuses %j with run_meta_invalid naming %s, changing nothing', async (patch, field, reason) => {
    const db = freshDb();
    const original = doneRun('r2', undefined, { tags: ['keep'] });
    await db.runs.put(original);
    const err = await updateRunMeta(db, asRunId('r2'), patch).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'run_meta_invalid' });
    expect((err as Error).message).toContain(`The run's ${field} is invalid`);
    expect((err as Error).message).toMatch(reason);
    expect(await getRun(db, asRunId('r2'))).toEqual(original);
  });

  it('accepts exactly the limits', async () => {
    const db = freshDb();
    await db.runs.put(doneRun('r3'));
    const tags = Array.from({ length: 32 }, (_, i) => `${i}`.padEnd(64, 'x'));
    const updated = await updateRunMeta(db, asRunId('r3'), { tags, notes: 'n'.repeat(20_000) });
    expect(updated.tags).toEqual(tags);
    expect(updated.notes).toHaveLength(20_000);
  });

  it('fails run_not_found for an unknown run', async () => {
    await expect(updateRunMeta(freshDb(), asRunId('nope'), { notes: 'x' })).rejects.toMatchObject({ code: 'run_not_found' });
  });
});

describe('finding runs by experiment, tag and parent', () => {
  it('uses the v4 indexes', async () => {
    const db = freshDb();
    await db.runs.bulkPut([
      doneRun('a', undefined, { experiment: 'churn', tags: ['gbdt', 'final'], startedAt: 10 }),
      doneRun('b', undefined, { experiment: 'churn', tags: ['gbdt'], startedAt: 30 }),
      doneRun('c', undefined, { experiment: 'fraud', startedAt: 20, parentRunId: asRunId('b') }),
      doneRun('d', undefined, { experiment: 'fraud', startedAt: 25, parentRunId: asRunId('b') }),
    ]);
    expect((await runsInExperiment(db, 'churn')).map((r) => r.id)).toEqual(['b', 'a']);
    expect((await runsWithTag(db, 'gbdt')).map((r) => r.id)).toEqual(['b', 'a']);
    expect((await runsWithTag(db, 'final')).map((r) => r.id)).toEqual(['a']);
    expect((await childRuns(db, asRunId('b'))).map((r) => r.id)).toEqual(['c', 'd']);
    expect(await listExperiments(db)).toEqual([
      { name: 'churn', runs: 2, lastRunAt: 30 },
      { name: 'fraud', runs: 2, lastRunAt: 25 },
    ]);
    await updateRunMeta(db, asRunId('a'), { experiment: 'fraud', tags: ['final'] });
    expect((await runsWithTag(db, 'gbdt')).map((r) => r.id)).toEqual(['b']);
    expect((await runsInExperiment(db, 'fraud')).map((r) => r.id)).toEqual(['d', 'c', 'a']);
  });
});
