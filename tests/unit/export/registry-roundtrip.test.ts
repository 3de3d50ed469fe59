/**
 * The registry's worker methods end to end in Node: a real run registered, its card edited,
 * its bundle exported and imported under another name, and both versions scoring one file
 * with identical predictions. Also: a hostile bundle is refused with nothing stored, and an
 * alias move without a reason is refused.
 */
import 'fake-indexeddb/auto';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateBundle } from '../../../src/core/export/bundle/import-bundle.ts';
import type { BenchtopDb } from '../../../src/core/track/db.ts';
import { getVersion } from '../../../src/core/track/versions.ts';
import type { DatasetVersionRecord } from '../../../src/core/track/types.ts';
import type { RegistryApi } from '../../../workers/registry-api.ts';
import { registryHandlers } from '../../../workers/registry-handlers.ts';
import { blobsCsv } from '../../helpers/datasets.ts';
import { codeOf, handlerWorkspace } from '../../helpers/handler-workspace.ts';

const CSV = blobsCsv(160, 11, 1.2);
let db: BenchtopDb;
let api: RegistryApi;
let version: DatasetVersionRecord;

beforeAll(async () => {
  const ws = await handlerWorkspace('registry-roundtrip', CSV);
  ({ db, version } = ws);
  const { run } = ws;
  api = registryHandlers(ws.deps);
  await run('run-nb', { kind: 'naive-bayes' });
  await run('run-gbdt', { kind: 'gbdt', rounds: 8 });
}, 120_000);

afterAll(() => db.close());

describe('registry worker methods', () => {
  it('registers runs as numbered versions and pins the data contract they are checked against', async () => {
    expect(version.contract).toBeUndefined();
    const v1 = await api.registerRun('run-nb', 'blobs-model', 'first try', 'ana');
    const v2 = await api.registerRun('run-gbdt', 'blobs-model', 'trees');
    expect([v1.id, v2.id]).toEqual(['blobs-model@1', 'blobs-model@2']);
    expect(v1.headline?.key).toBe('roc_auc');
    expect(v1.headline?.ci).not.toBeNull();
    expect((await getVersion(db, version.id)).contract?.columns.map((c) => c.name)).toEqual(['x1', 'x2', 'colour', 'label']);
    const detail = await api.modelVersion('blobs-model@1');
    expect(detail.contractColumns).toBe(3);
    expect(detail.lineage.nodes.map((n) => n.kind)).toEqual(['dataset-version', 'contract', 'pipeline', 'run', 'model-version']);
    expect(detail.lineage.edges.map((e) => e.relation)).toEqual(['described-by', 'input-to', 'used-by', 'registered-as']);
    expect(detail.onnx).toBe(false);
    expect((await api.modelVersions('blobs-model')).map((v) => v.version)).toEqual([2, 1]);
  });

  it('moves, logs and rolls back an alias, and refuses a move without a reason', async () => {
    expect(await codeOf(api.setAlias('blobs-model', 'champion', 1, '  '))).toBe('registry_input_invalid');
    await api.setAlias('blobs-model', 'champion', 1, 'first good model', 'ana');
    await api.setAlias('blobs-model', 'champion', 2, 'trees win', 'bo');
    const back = await api.rollbackAlias('blobs-model', 'champion', 'trees regressed in production', 'ana');
    expect(back.aliases).toEqual({ champion: 1 });
    const log = await api.aliasHistory('blobs-model');
    expect(log.map((e) => [e.from, e.to, e.by, e.note])).toEqual([
      [null, 1, 'ana', 'first good model'],
      [1, 2, 'bo', 'trees win'],
      [2, 1, 'ana', 'trees regressed in production'],
    ]);
  });

  it('keeps edited card text as revisions and generated numbers out of reach', async () => {
    const card = await api.modelCard('blobs-model@1');
    expect(card.markdown).toContain('# blobs-model (version 1)');
    expect(card.revisions).toEqual([]);
    const limitations = card.sections.find((s) => s.key === 'limitations')!;
    expect(limitations.edited).toBe(false);
    const texts = Object.fromEntries(card.sections.map((s) => [s.key, s.text]));
    // Sending the generated text back unchanged makes no revision.
    expect((await api.saveCardSections('blobs-model@1', texts, 'no-op')).revisions).toEqual([]);
    const first = await api.saveCardSections('blobs-model@1', { ...texts, limitations: 'Only tested on synthetic blobs.' }, 'scope', 'ana');
    expect(first.revisions.map((r) => [r.revision, r.sections, r.note, r.by])).toEqual([[1, ['limitations'], 'scope', 'ana']]);
    expect(first.markdown).toContain('## Limitations\n\nOnly tested on synthetic blobs.');
    expect(first.sections.find((s) => s.key === 'limitations')!.edited).toBe(true);
    const second = await api.saveCardSections('blobs-model@1', { limitations: 'Only tested on synthetic 2-D blobs.' }, 'sharper');
    expect(second.revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(await codeOf(api.saveCardSections('blobs-model@1', { metrics: '0.99' }, 'cheat'))).toBe('card_sections_invalid');
  });

  it('exports a bundle that imports under another name and scores the same file identically', async () => {
    const bundle = await api.exportBundle('blobs-model@1');
    expect(bundle.name).toBe('blobs-model-v1.zip');
    expect((await api.exportBundle('blobs-model@1')).sha256).toBe(bundle.sha256);
    const checked = validateBundle(bundle.bytes);
    expect(checked.manifest.lineage.nodes.map((n) => n.kind)).toEqual(['dataset-version', 'contract', 'pipeline', 'run', 'model-version']);
    expect(checked.card).toContain('Only tested on synthetic 2-D blobs.');
    expect(checked.manifest.training.trainRows + checked.manifest.training.testRows).toBe(160);

    const copy = await api.importBundle(new Blob([bundle.bytes as Uint8Array<ArrayBuffer>]), { name: 'blobs-copy', note: 'from the zip' });
    expect(copy).toMatchObject({ id: 'blobs-copy@1', imported: { from: 'blobs-model@1', sha256: bundle.sha256 }, runStored: true });
    // Importing the same file under the same name again is not a new version.
    expect((await api.importBundle(new Blob([bundle.bytes as Uint8Array<ArrayBuffer>]), { name: 'blobs-copy' })).id).toBe('blobs-copy@1');

    const file = new File([CSV], 'blobs.csv', { type: 'text/csv' });
    const original = await api.scoreFile('blobs-model@1', file, 'job-1', () => undefined);
    const imported = await api.scoreFile('blobs-copy@1', file, 'job-2', () => undefined);
    expect(original.rows).toBe(160);
    // yes/no reads as a boolean column: its classes are false and true.
    expect(original.columns).toEqual(['row', 'prediction', 'p(false)', 'p(true)']);
    expect(original.preview[0]).toHaveLength(4);
    expect(imported.csv).toBe(original.csv);

    // The re-export carries the first bundle's numbers and lineage, plus the import.
    const again = validateBundle((await api.exportBundle('blobs-copy@1')).bytes);
    expect(again.manifest.metrics).toEqual(checked.manifest.metrics);
    expect(again.manifest.training).toEqual(checked.manifest.training);
    expect(again.examplesCsv).toBe(checked.examplesCsv);
    expect(again.manifest.lineage.nodes.at(-1)).toEqual({ id: 'import:blobs-copy@1', kind: 'model-version', label: 'blobs-copy@1 (imported)' });
    expect(again.manifest.lineage.edges.at(-1)).toEqual({ from: 'model-version:blobs-model@1', to: 'import:blobs-copy@1', relation: 'imported-as' });
  });

  it('refuses data that breaks the contract before scoring, naming the column', async () => {
    const bad = new File([CSV.replace(/,red,/, ',purple,')], 'bad.csv', { type: 'text/csv' });
    const err = await api.scoreFile('blobs-model@2', bad, 'job-3', () => undefined).catch((e: { code: string; message: string }) => e);
    expect(err).toMatchObject({ code: 'scoring_data_invalid' });
    expect((err as { message: string }).message).toContain('colour');
  });

  it('refuses a hostile bundle with a coded error and stores nothing', async () => {
    const before = await api.listModels();
    const evil = zipSync({ '../../evil.sh': new TextEncoder().encode('rm -rf /'), 'manifest.json': new TextEncoder().encode('{}') });
    expect(await codeOf(api.importBundle(new Blob([evil]), {}))).toBe('bundle_invalid');
    expect(await codeOf(api.importBundle(new Blob([new TextEncoder().encode('not a zip at all')]), {}))).toBe('bundle_invalid');
    expect(await api.listModels()).toEqual(before);
  });

  it('says which model kinds ONNX export cannot take, and exports the ones it can', async () => {
    expect(await codeOf(api.exportOnnx('blobs-model@1'))).toBe('onnx_unsupported');
    const onnx = await api.exportOnnx('blobs-model@2');
    expect(onnx.name).toBe('blobs-model-v2.onnx');
    expect(onnx.bytes.length).toBeGreaterThan(100);
  });

  it('refuses to delete a version an alias points at unless forced, then logs the removal', async () => {
    expect(await codeOf(api.deleteModelVersion('blobs-model@1', false))).toBe('model_alias_in_use');
    await api.deleteModelVersion('blobs-model@1', true);
    expect((await api.registeredModel('blobs-model')).aliases).toEqual({});
    expect((await api.aliasHistory('blobs-model')).at(-1)).toMatchObject({ alias: 'champion', from: 1, to: null });
    // The imported copy is whole without the version it came from.
    expect((await api.modelVersion('blobs-copy@1')).lineage.nodes.at(-1)?.label).toBe('blobs-copy@1 (imported)');
  });
});
