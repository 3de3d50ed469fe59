import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, parseCanonicalJson } from '../../../src/core/export/bundle/canonical-json.ts';
import { exportBundle } from '../../../src/core/export/bundle/export-bundle.ts';
import { importBundle } from '../../../src/core/export/bundle/import-bundle.ts';
import { sha256Hex } from '../../../src/core/export/bundle/sha256.ts';
import type { BundleManifest } from '../../../src/core/export/bundle/types.ts';
import { bundleMatrix, scoreWithBundle } from '../../../src/core/export/score/score-with-bundle.ts';
import { frameFromTable, frameToMatrix } from '../../../src/core/features/frame.ts';
import { applyPipeline } from '../../../src/core/features/run-pipeline.ts';
import { blobsCsv, fromText, linearCsv, sample } from '../../helpers/datasets.ts';
import { cpuTf } from '../../helpers/tf.ts';
import { bundleInputOf, readJson, train, unzip, type Trained } from './helpers.ts';

describe('canonical JSON', () => {
  it('sorts keys at every level and keeps NaN, infinities and -0 exactly', () => {
    const a = canonicalJson({ b: 1, a: { d: [NaN, -0, Infinity], c: -Infinity }, u: undefined });
    const b = canonicalJson({ a: { c: -Infinity, d: [NaN, -0, Infinity] }, b: 1 });
    expect(a).toBe(b);
    expect(a.indexOf('"a"')).toBeLessThan(a.indexOf('"b"'));
    const back = parseCanonicalJson(a) as { a: { c: number; d: number[] } };
    expect(back.a.c).toBe(-Infinity);
    expect(Number.isNaN(back.a.d[0])).toBe(true);
    expect(Object.is(back.a.d[1], -0)).toBe(true);
    expect(back.a.d[2]).toBe(Infinity);
  });

  it('refuses values JSON would silently change', () => {
    expect(() => canonicalJson({ w: new Float32Array(2) })).toThrow(expect.objectContaining({ code: 'bundle_export_failed' }));
    expect(() => canonicalJson({ m: new Map() })).toThrow(/m is a Map object/);
  });
});

describe('model bundles: export is deterministic, import gives the model back', () => {
  let logistic: Trained;
  beforeAll(async () => {
    logistic = await train(await sample('penguins.json'), 'Species', { kind: 'logistic', epochs: 10 });
  }, 60_000);
  afterAll(() => logistic.result.model!.dispose());

  it('the same model gives byte-identical zips, whatever order the input was built in', async () => {
    const input = await bundleInputOf(logistic);
    const a = exportBundle(input);
    const b = exportBundle(await bundleInputOf(logistic));
    expect(b).toEqual(a);
    // The same pipeline with its keys inserted in reverse order: still the same bytes.
    const reversed = JSON.parse(JSON.stringify(input.pipeline), function (this: unknown, _k, v: unknown) {
      return v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v;
    });
    expect(exportBundle({ ...input, pipeline: reversed })).toEqual(a);
    // A different created-at is a different bundle.
    expect(sha256Hex(exportBundle({ ...input, createdAt: '2024-05-02T12:00:00Z' }))).not.toBe(sha256Hex(a));
  });

  it('writes the documented layout, sorted, with a hash and size per file', async () => {
    const bytes = exportBundle(await bundleInputOf(logistic));
    const files = unzip(bytes);
    expect(Object.keys(files).sort()).toEqual(['contract.json', 'examples.csv', 'manifest.json', 'model-card.md', 'model/model.json', 'model/weights.bin', 'pipeline.json', 'spec.json']);
    const manifest = readJson(files, 'manifest.json') as unknown as BundleManifest;
    expect(manifest).toMatchObject({
      format: 'benchtop.bundle',
      formatVersion: 1,
      name: 'test-model',
      version: 3,
      createdAt: '2024-05-01T12:00:00.000Z',
      model: { kind: 'logistic', task: 'multiclass', outputs: 3 },
      output: { task: 'multiclass', target: 'Species', classes: ['Adelie', 'Chinstrap', 'Gentoo'] },
      libraries: { benchtop: '0.1.0', tfjs: '4.22.0' },
    });
    expect(manifest.input.columns.map((c) => c.name)).toEqual(logistic.result.pipeline.features);
    const island = manifest.input.columns.find((c) => c.name === 'Island');
    expect(island).toMatchObject({ kind: 'categorical', required: true, allowedValues: ['Biscoe', 'Dream', 'Torgersen'] });
    expect(manifest.files.map((f) => f.path)).toEqual(Object.keys(files).filter((p) => p !== 'manifest.json').sort());
    for (const f of manifest.files) {
      expect(f.sha256).toBe(sha256Hex(files[f.path]!));
      expect(f.bytes).toBe(files[f.path]!.length);
    }
    const examples = new TextDecoder().decode(files['examples.csv']!).trim().split('\n');
    expect(examples[0]).toBe('Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex');
    expect(examples).toHaveLength(6);
  });

  it('import checks and returns every part as exported', async () => {
    const input = await bundleInputOf(logistic);
    const bundle = await importBundle(exportBundle(input));
    expect(bundle.pipeline).toEqual(input.pipeline);
    expect(bundle.contract).toEqual(input.contract);
    expect(bundle.spec).toEqual(input.spec);
    expect(bundle.artifact.kind).toBe('logistic');
    expect(Object.keys(bundle.artifact.blobs)).toEqual(Object.keys(input.artifact.blobs).sort());
    expect(bundle.artifact.blobs['weights.bin']).toEqual(input.artifact.blobs['weights.bin']);
    expect(bundle.card).toBe(input.card);
    expect(bundle.manifest.metrics.heldOut).toEqual(input.metrics.heldOut);
  });

  it('refuses to write a bundle it would refuse to read', async () => {
    const input = await bundleInputOf(logistic);
    const fails = (over: Partial<typeof input>) => expect(() => exportBundle({ ...input, ...over })).toThrow(expect.objectContaining({ code: 'bundle_export_failed' }));
    fails({ name: ' ' });
    fails({ version: 0 });
    fails({ createdAt: 'not a date' });
    fails({ artifact: { ...input.artifact, blobs: { ...input.artifact.blobs, '../up': new Uint8Array(1) } } });
    fails({ contract: { ...input.contract, columns: input.contract.columns.filter((c) => c.name !== 'Island') } });
    fails({ classes: ['only one'] });
    fails({ lineage: { nodes: [], edges: [{ from: 'a', to: 'b', relation: 'trained' }] } });
    expect(() => exportBundle({ ...input, lineage: { nodes: [], edges: [{ from: 'a', to: 'b', relation: 'trained' }] } })).toThrow(/lineage\.edges\[0\]\.from: no node has id "a"/);
  });

  it('an imported bundle scores exactly as the original model (logistic)', async () => {
    await expectSameScores(logistic);
  });
});

/** Bundle scores == the kept model's predictions on the same rows, bit for bit; and the run's own held-out predictions. */
async function expectSameScores(t: Trained): Promise<void> {
  const tf = await cpuTf();
  const bundle = await importBundle(exportBundle(await bundleInputOf(t)));
  const n = t.ds.table.numRows;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const X = frameToMatrix(applyPipeline(t.result.pipeline, frameFromTable(t.ds.table, t.ds.columns, t.result.pipeline.features, all)));
  expect(bundleMatrix(bundle, t.ds)).toEqual(X);
  const original = await t.result.model!.predict(X, n);
  const scores = await scoreWithBundle(bundle, t.ds, { tf });
  const scored = scores.proba ?? scores.values!;
  expect(scored.length).toBe(original.length);
  for (let i = 0; i < scored.length; i++) if (!Object.is(scored[i], original[i])) throw new Error(`value ${i}: ${scored[i]} vs ${original[i]}`);
  // The run's held-out predictions came from the same model on those rows.
  const p = t.result.predictions;
  const w = p.width;
  for (let j = 0; j < p.row.length; j++)
    for (let c = 0; c < w; c++) expect(scored[p.row[j]! * w + c]).toBe(p.values[j * w + c]);
  if (scores.labels) {
    const k = scores.classes!.length;
    scores.labels.forEach((label, i) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (original[i * k + c]! > original[i * k + best]!) best = c;
      expect(label).toBe(scores.classes![best]);
    });
  }
}

describe('round trip of other model kinds', () => {
  it('mlp (regression, with a standardised target)', async () => {
    const t = await train(await fromText(linearCsv(120, 4, 0.5), 'linear.csv'), 'y', { kind: 'mlp', hiddenLayers: [8], epochs: 5 });
    try {
      await expectSameScores(t);
    } finally {
      t.result.model!.dispose();
    }
  });

  it('gbdt (binary, categorical and missing inputs)', async () => {
    const csv = blobsCsv(160, 9).split('\n').map((l, i) => (i > 0 && i % 17 === 0 ? l.replace(/^[^,]*/, '') : l)).join('\n');
    const t = await train(await fromText(csv, 'blobs.csv'), 'label', { kind: 'gbdt', rounds: 15 });
    try {
      await expectSameScores(t);
    } finally {
      t.result.model!.dispose();
    }
  });

  it.each([
    ['linear', 'cars.json', 'Miles_per_Gallon', { kind: 'linear' }],
    ['random-forest', 'penguins.json', 'Species', { kind: 'random-forest', trees: 10 }],
    ['knn', 'penguins.json', 'Species', { kind: 'knn', k: 5 }],
    ['naive-bayes', 'penguins.json', 'Species', { kind: 'naive-bayes' }],
    ['baseline', 'cars.json', 'Miles_per_Gallon', { kind: 'baseline' }],
    ['ensemble', 'penguins.json', 'Species', { kind: 'ensemble', method: 'soft-vote', members: [{ kind: 'knn' }, { kind: 'naive-bayes' }] }],
  ] as const)('%s', async (_name, file, target, model) => {
    const t = await train(await sample(file), target, { ...model });
    try {
      await expectSameScores(t);
    } finally {
      t.result.model!.dispose();
    }
  });
});
