/**
 * Bundles from someone else: each hostile or damaged bundle is refused with a coded error
 * before anything in it is used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../../src/core/export/bundle/export-bundle.ts';
import { importBundle, validateBundle } from '../../../src/core/export/bundle/import-bundle.ts';
import type { BundleManifest } from '../../../src/core/export/bundle/types.ts';
import { scoreWithBundle } from '../../../src/core/export/score/score-with-bundle.ts';
import { sample } from '../../helpers/datasets.ts';
import { cpuTf } from '../../helpers/tf.ts';
import { bundleInputOf, editJson, readJson, tamper, train, unzip, zip, type Trained } from './helpers.ts';

const enc = new TextEncoder();
let t: Trained;
let good: Uint8Array;

beforeAll(async () => {
  t = await train(await sample('penguins.json'), 'Species', { kind: 'mlp', hiddenLayers: [4], epochs: 3 });
  good = exportBundle(await bundleInputOf(t));
}, 60_000);
afterAll(() => t.result.model!.dispose());

const code = (bytes: Uint8Array, opts = {}) => {
  try {
    validateBundle(bytes, opts);
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'accepted';
};
const message = (bytes: Uint8Array, opts = {}) => {
  try {
    validateBundle(bytes, opts);
  } catch (e) {
    return (e as Error).message;
  }
  return 'accepted';
};

/** Overwrite `length` bytes at every occurrence of `find` (names in local and central headers). */
function patchAll(bytes: Uint8Array, find: string, replace: string): Uint8Array {
  const out = bytes.slice();
  const a = enc.encode(find);
  const b = enc.encode(replace);
  expect(b.length).toBe(a.length);
  let hits = 0;
  for (let i = 0; i + a.length <= out.length; i++) {
    let same = true;
    for (let j = 0; j < a.length && same; j++) same = out[i + j] === a[j];
    if (same) {
      out.set(b, i);
      hits++;
    }
  }
  expect(hits).toBeGreaterThanOrEqual(2);
  return out;
}

describe('hostile bundles', () => {
  it('the untouched bundle is accepted (the checks below fail for their own reason)', async () => {
    expect(code(good)).toBe('accepted');
    await expect(importBundle(good)).resolves.toBeTruthy();
  });

  it('not a zip, or a zip with bytes after its end', () => {
    expect(code(enc.encode('{"format":"benchtop.bundle"}'))).toBe('bundle_invalid');
    const trailing = new Uint8Array(good.length + 4);
    trailing.set(good);
    expect(message(trailing)).toMatch(/data after its end record/);
  });

  it('a bad manifest: wrong format, missing or unknown fields, bad types', () => {
    const bad = (edit: (m: Record<string, unknown>) => void) => tamper(good, () => {}, (m) => edit(m as unknown as Record<string, unknown>));
    expect(message(bad((m) => (m.format = 'other')))).toMatch(/manifest\.json at format/);
    expect(message(bad((m) => delete m.output))).toMatch(/manifest\.json at output: missing/);
    expect(message(bad((m) => (m.extra = 1)))).toMatch(/at extra: unknown field/);
    expect(message(bad((m) => ((m.model as Record<string, unknown>).kind = 'python-pickle')))).toMatch(/at model\.kind: expected one of/);
    expect(message(bad((m) => (m.createdAt = 'yesterday')))).toMatch(/at createdAt/);
    expect(code(bad((m) => (m.formatVersion = 2)))).toBe('bundle_unsupported_version');
    const notJson = unzip(good);
    notJson['manifest.json'] = enc.encode('{not json');
    expect(message(zip(notJson))).toMatch(/manifest\.json: it is not valid JSON/);
  });

  it('a file changed after export: hash mismatch', () => {
    const files = unzip(good);
    const pipeline = readJson(files, 'pipeline.json');
    (pipeline.outputNames as string[]).reverse();
    files['pipeline.json'] = enc.encode(JSON.stringify(pipeline, null, 2).padEnd(files['pipeline.json']!.length - 1, ' ') + '\n');
    expect(files['pipeline.json']!.length).toBe(unzip(good)['pipeline.json']!.length);
    expect(code(zip(files))).toBe('bundle_hash_mismatch');
    // Same bytes count differing: caught before inflating, as a size mismatch.
    files['pipeline.json'] = enc.encode('{}');
    expect(message(zip(files))).toMatch(/pipeline\.json: it is 2 bytes but the manifest says/);
  });

  it('oversized entries are refused from their declared size, before inflating', () => {
    expect(code(good, { limits: { maxJsonBytes: 100 } })).toBe('bundle_too_large');
    expect(message(good, { limits: { maxBlobBytes: 10 } })).toMatch(/model\/weights\.bin is \d+ bytes, over the limit of 10/);
    expect(code(good, { limits: { maxBundleBytes: 1000 } })).toBe('bundle_too_large');
    expect(code(good, { limits: { maxTotalBytes: 1000 } })).toBe('bundle_too_large');
    expect(code(good, { limits: { maxEntries: 3 } })).toBe('bundle_too_large');
  });

  it('a zip bomb: an entry that inflates past its declared size is stopped', () => {
    // 8 MiB of zeros deflate to 8 KiB; declare them as 16 KiB (a plausible size for 8 KiB of deflate).
    const bomb = zip({ 'manifest.json': new Uint8Array(8 * 1024 * 1024) });
    const view = new DataView(bomb.buffer);
    const eocd = bomb.length - 22;
    const cd = view.getUint32(eocd + 16, true);
    view.setUint32(cd + 24, 16 * 1024, true); // central directory: uncompressed size
    view.setUint32(18 + 4, 16 * 1024, true); // local header: uncompressed size
    const compressed = view.getUint32(cd + 20, true);
    expect(compressed).toBeLessThan(16 * 1024);
    expect(code(bomb)).toBe('bundle_too_large');
    expect(message(bomb)).toMatch(/inflated past its declared size/);
    // Declared smaller still, the compressed data itself gives it away before inflating.
    view.setUint32(cd + 24, 1024, true);
    expect(message(bomb)).toMatch(/compressed size \(\d+ bytes\) does not fit its declared size \(1024 bytes\)/);
  });

  it.each(['../x', '/x', 'a\\b', 'C:x', 'model/../../x', 'model//x', './manifest.json'])('a path trick: %s', (name) => {
    const files = unzip(good);
    files[name] = enc.encode('x');
    expect(code(zip(files))).toBe('bundle_invalid');
  });

  it('an entry the manifest does not list, or a file it lists that is missing', () => {
    const files = unzip(good);
    files['model/extra.bin'] = new Uint8Array(4);
    expect(message(zip(files))).toMatch(/model\/extra\.bin: the manifest does not list it/);
    const script = unzip(good);
    script['run.js'] = enc.encode('alert(1)');
    expect(message(zip(script))).toMatch(/"run\.js": a bundle has no such entry/);
    const missing = unzip(good);
    delete missing['examples.csv'];
    expect(message(zip(missing))).toMatch(/examples\.csv: the manifest lists it but the zip does not hold it/);
    // Listing it away does not help: the layout requires it.
    expect(message(tamper(good, (f) => delete f['examples.csv']))).toMatch(/examples\.csv: a bundle must hold it/);
  });

  it('two entries with one name (exactly, or differing in case only)', () => {
    // model-card.md and pipeline.json have names of the same length: rename one to the other.
    expect(message(patchAll(good, 'model-card.md', 'pipeline.json'))).toMatch(/appears twice/);
    expect(message(patchAll(good, 'model-card.md', 'PIPELINE.json'))).toMatch(/has no such entry|appears twice/);
    expect(message(patchAll(good, 'spec.json', 'Spec.json'))).toMatch(/no such entry/);
  });

  it('symbolic links and directory entries', () => {
    const files = unzip(good);
    expect(message(zip(files, { 'examples.csv': { os: 3, attrs: (0o120777 << 16) >>> 0 } }))).toMatch(/examples\.csv: it is a symbolic link/);
    expect(message(zip(files, { 'examples.csv': { os: 0, attrs: 0x10 } }))).toMatch(/marked as a directory/);
    const dirs = unzip(good);
    dirs['model/'] = new Uint8Array(0);
    expect(message(zip(dirs))).toMatch(/the entry is a directory/);
  });

  it('encryption and unknown compression methods', () => {
    const bytes = good.slice();
    const view = new DataView(bytes.buffer);
    const cd = view.getUint32(bytes.length - 22 + 16, true);
    view.setUint16(cd + 8, view.getUint16(cd + 8, true) | 1, true);
    expect(message(bytes)).toMatch(/it is encrypted/);
    const bzip = good.slice();
    new DataView(bzip.buffer).setUint16(cd + 10, 12, true);
    expect(message(bzip)).toMatch(/compression method 12/);
  });

  it('model.json naming a layer class Benchtop never builds (a Lambda layer) is refused when loaded', async () => {
    const lambda = tamper(good, (files) =>
      editJson(files, 'model/model.json', (m) => {
        const layers = (m.meta as { modelTopology: { config: { layers: { class_name: string }[] } } }).modelTopology.config.layers;
        layers[layers.length - 1]!.class_name = 'Lambda';
      }),
    );
    // The schema holds; the model's own loader is what refuses it, with a coded error.
    const bundle = await importBundle(lambda);
    await expect(scoreWithBundle(bundle, t.ds, { tf: await cpuTf() })).rejects.toMatchObject({ code: 'model_artifact_invalid', message: expect.stringMatching(/Lambda/) });
  });

  it('parts that disagree with the manifest, even with matching hashes', () => {
    expect(message(tamper(good, (f) => editJson(f, 'model/model.json', (m) => (m.kind = 'gbdt'))))).toMatch(/model\/model\.json at kind/);
    expect(message(tamper(good, (f) => editJson(f, 'model/model.json', (m) => (m.blobs = ['weights.bin', 'zz.bin']))))).toMatch(/model\/model\.json at blobs/);
    expect(
      message(tamper(good, (f) => editJson(f, 'pipeline.json', (p) => ((p.steps as { inputs: string[] }[])[0]!.inputs = ['no such column'])))),
    ).toMatch(/pipeline\.json at steps\[0\]\.inputs: column "no such column" does not exist/);
    expect(message(tamper(good, (f) => editJson(f, 'pipeline.json', (p) => (p.steps = [{ spec: { kind: 'eval' }, inputs: [], outputs: [], state: null }]))))).toMatch(
      /steps\[0\]\.spec\.kind: expected one of/,
    );
    expect(message(tamper(good, (f) => editJson(f, 'contract.json', (c) => (c.version = 9))))).toMatch(/contract\.json at version/);
    expect(message(tamper(good, () => {}, (m: BundleManifest) => (m.input.columns[0]!.kind = 'numeric')))).toMatch(/input signature differs/);
    expect(message(tamper(good, (f) => editJson(f, 'spec.json', (s) => (s.target = 'Island'))))).toMatch(/spec\.json at target/);
  });
});
