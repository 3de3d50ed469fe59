/**
 * The speed bench's data, generated once per (rows, test rows, features, seed, generator
 * version) and kept as raw float32 little-endian files that numpy.fromfile reads as they are:
 *   DIR/train_X.f32 (n x d, row-major), train_y.f32 (n, 0/1), test_X.f32, test_y.f32, meta.json.
 * meta.json is written last, so a directory without it is an interrupted write and is redone.
 * Under os.tmpdir() (not the repository: 135 MB at full size, and the tree stays clean).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATOR_VERSION, higgsLike, type BinaryTask } from './higgs-like.ts';

export interface CachedTask {
  dir: string;
  train: BinaryTask;
  test: BinaryTask;
  /** Seconds spent generating (0 when read from the cache). */
  generatedS: number;
  fromCache: boolean;
}

const FILES = ['train_X', 'train_y', 'test_X', 'test_y'] as const;

function readF32(path: string): Float32Array {
  const b = readFileSync(path);
  // Copy into an aligned buffer of its own: Buffer slices may share a pool at odd offsets.
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

export function loadOrGenerate(n: number, nTest: number, d: number, seed: number, settings: object, root = join(tmpdir(), 'benchtop-bench-gbdt')): CachedTask {
  // Typed arrays are host-endian; every machine this runs on is little-endian, say so if not.
  if (endianness() !== 'LE') throw new Error('bench/gbdt writes little-endian float32 files; this host is big-endian');
  const dir = join(root, `higgs-v${GENERATOR_VERSION}-n${n}-t${nTest}-d${d}-s${seed}`);
  const metaPath = join(dir, 'meta.json');
  if (existsSync(metaPath)) {
    const [trX, trY, teX, teY] = FILES.map((f) => readF32(join(dir, `${f}.f32`))) as [Float32Array, Float32Array, Float32Array, Float32Array];
    if (trX.length === n * d && trY.length === n && teX.length === nTest * d && teY.length === nTest) {
      // The settings travel in meta.json to the Python peers; rewrite them in case they changed.
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Record<string, unknown>;
      writeFileSync(metaPath, JSON.stringify({ ...meta, settings }));
      return { dir, train: { X: trX, y: trY, n, d }, test: { X: teX, y: teY, n: nTest, d }, generatedS: 0, fromCache: true };
    }
  }
  const t0 = performance.now();
  const { train, test } = higgsLike(n, nTest, d, seed);
  const generatedS = (performance.now() - t0) / 1000;
  mkdirSync(dir, { recursive: true });
  const arrays = { train_X: train.X, train_y: train.y, test_X: test.X, test_y: test.y };
  for (const f of FILES) writeFileSync(join(dir, `${f}.f32`), new Uint8Array(arrays[f].buffer, arrays[f].byteOffset, arrays[f].byteLength));
  writeFileSync(metaPath, JSON.stringify({ generator: `higgs-like v${GENERATOR_VERSION}`, n, nTest, d, seed, dtype: 'float32 little-endian, row-major', settings }));
  return { dir, train, test, generatedS, fromCache: false };
}
