/**
 * The bundle's optional predictionReference: written deterministically, read back and checked
 * field by field; bundles without it (written before it existed) still import.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../../src/core/export/bundle/export-bundle.ts';
import { validateBundle as importBundle } from '../../../src/core/export/bundle/import-bundle.ts';
import type { BundleInput, BundleManifest } from '../../../src/core/export/bundle/types.ts';
import { monitorModelFromBundle } from '../../../src/core/monitor/from-bundle.ts';
import { heldOutPredictionReference } from '../../../src/core/monitor/prediction-reference.ts';
import { blobsCsv, fromText } from '../../helpers/datasets.ts';
import { bundleInputOf, readJson, tamper, train, unzip, type Trained } from '../export/helpers.ts';

let trained: Trained;
let input: BundleInput;

beforeAll(async () => {
  trained = await train(await fromText(blobsCsv(120, 5, 2), 'blobs.csv'), 'label', { kind: 'naive-bayes' });
  const base = await bundleInputOf(trained);
  const p = trained.result.predictions;
  const predictionReference = heldOutPredictionReference({ fold: p.fold, values: p.values, width: p.width, ...(trained.result.classes ? { classes: trained.result.classes } : {}) }, trained.spec.task);
  input = { ...base, ...(predictionReference ? { predictionReference } : {}) };
}, 60_000);

afterAll(() => trained.result.model?.dispose());

describe('manifest.predictionReference', () => {
  it('is written, read back, and the same input gives the same bytes', () => {
    expect(input.predictionReference?.columns.map((c) => c.column)).toEqual(['prediction', 'p(false)', 'p(true)']);
    expect(input.predictionReference?.rows).toBe(trained.result.testRows);
    const a = exportBundle(input);
    expect(exportBundle(input)).toEqual(a);
    const bundle = importBundle(a);
    expect(bundle.manifest.predictionReference).toEqual(input.predictionReference);
    expect(monitorModelFromBundle(bundle).predictionReference).toEqual(input.predictionReference);
  });

  it('a bundle without it (as written before it existed) imports', () => {
    const { predictionReference: _none, ...old } = input;
    const bundle = importBundle(exportBundle(old));
    expect(bundle.manifest.predictionReference).toBeUndefined();
    expect(monitorModelFromBundle(bundle).predictionReference).toBeUndefined();
  });

  it.each([
    ['an unknown source', (r: Record<string, unknown>) => void (r.source = 'training'), /predictionReference\.source: expected one of held-out/],
    ['a column the model does not make', (r: Record<string, unknown>) => void ((r.columns as { column: string }[])[1]!.column = 'p(maybe)'), /predictionReference\.columns\[1\]\.column: "p\(maybe\)" is not a prediction column/],
    ['a label reference on a probability', (r: Record<string, unknown>) => void ((r.columns as { reference: { kind: string } }[])[1]!.reference.kind = 'categorical'), /predictionReference\.columns\[1\]\.reference\.kind: expected one of numeric/],
    ['98 percentiles', (r: Record<string, unknown>) => void (r.columns as { reference: { percentiles: number[] } }[])[1]!.reference.percentiles.pop(), /percentiles: expected 99 values/],
    ['falling percentiles', (r: Record<string, unknown>) => void ((r.columns as { reference: { percentiles: number[] } }[])[1]!.reference.percentiles[5] = -1), /percentiles\[5\]: percentiles must not decrease/],
    ['a share above 1', (r: Record<string, unknown>) => void ((r.columns as { reference: { frequencies: { share: number }[] } }[])[0]!.reference.frequencies[0]!.share = 2), /frequencies\[0\]\.share: must be at most 1/],
    ['an extra field', (r: Record<string, unknown>) => void (r.note = 'hi'), /predictionReference\.note: unknown field/],
  ])('refuses %s, naming the field', (_name, edit, reason) => {
    const bytes = tamper(exportBundle(input), () => {}, (m: BundleManifest) => edit(m.predictionReference as unknown as Record<string, unknown>));
    expect(() => importBundle(bytes)).toThrow(reason);
    try {
      importBundle(bytes);
    } catch (e) {
      expect((e as { code: string }).code).toBe('bundle_invalid');
    }
  });

  it('is in the manifest, not a file of its own', () => {
    const files = unzip(exportBundle(input));
    const manifest = readJson(files, 'manifest.json') as unknown as BundleManifest;
    expect(manifest.files.map((f) => f.path)).not.toContain('predictionReference.json');
    expect(manifest.predictionReference?.source).toBe('held-out');
  });
});
