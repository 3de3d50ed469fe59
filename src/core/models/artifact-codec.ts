/**
 * The pieces every model's save/load shares: typed arrays <-> little-endian blob bytes, a
 * reader that checks each meta field and blob it hands out (so a load reads nothing it did not
 * validate), and the training history as JSON. Every failure is `model_artifact_invalid`
 * naming the model kind, the field and what was wrong.
 */
import { benchtopError, type BenchtopError } from '../errors.ts';
import type { ModelKind, Task } from '../spec/types.ts';
import type { EpochRecord } from '../train/events.ts';
import { BLOB_NAME, type ArtifactJson, type ModelArtifact } from './artifact.ts';

export type NumericArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;
type NumericCtor = Float64ArrayConstructor | Float32ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor | Uint8ArrayConstructor;

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Reverses each element's bytes in place (only ever needed on a big-endian host). */
function swapBytes(bytes: Uint8Array, size: number): void {
  if (size === 1) return;
  for (let i = 0; i < bytes.length; i += size)
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
}

/** A copy of the array's elements as little-endian bytes. */
export function toBytes(a: NumericArray): Uint8Array {
  const bytes = new Uint8Array(a.byteLength);
  bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  if (!LITTLE_ENDIAN) swapBytes(bytes, a.BYTES_PER_ELEMENT);
  return bytes;
}

/** Little-endian bytes -> a fresh (aligned) typed array; the byte length must be whole elements. */
export function fromBytes<C extends NumericCtor>(bytes: Uint8Array, Ctor: C): InstanceType<C> {
  const size = Ctor.BYTES_PER_ELEMENT;
  if (bytes.byteLength % size !== 0) throw new RangeError(`${bytes.byteLength} bytes is not a whole number of ${size}-byte elements`);
  const copy = bytes.slice();
  if (!LITTLE_ENDIAN) swapBytes(copy, size);
  return new Ctor(copy.buffer, 0, copy.byteLength / size) as InstanceType<C>;
}

/** A deep copy: meta through JSON (what a bundle stores), blobs byte for byte. */
export function copyArtifact(a: ModelArtifact): ModelArtifact {
  const blobs: Record<string, Uint8Array> = {};
  for (const [name, bytes] of Object.entries(a.blobs)) blobs[name] = bytes.slice();
  return { kind: a.kind, format: a.format, task: a.task, d: a.d, k: a.k, meta: JSON.parse(JSON.stringify(a.meta)) as ArtifactJson, blobs };
}

/** What every artifact of a model carries besides its own layout. */
export interface ArtifactHeader {
  kind: ModelKind;
  task: Task;
  d: number;
  k: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields of one JSON object inside meta, each read with a check; `path` names it in errors. */
export class MetaFields {
  constructor(
    private readonly fail: (field: string, reason: string) => BenchtopError,
    readonly path: string,
    readonly value: Record<string, unknown>,
  ) {}

  private at(key: string): string {
    return `${this.path}.${key}`;
  }

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  raw(key: string): unknown {
    return this.value[key];
  }

  num(key: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number {
    const v = this.value[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.fail(this.at(key), `expected a finite number, got ${describe(v)}`);
    if (opts.integer && !Number.isInteger(v)) throw this.fail(this.at(key), `expected a whole number, got ${v}`);
    if (opts.min !== undefined && v < opts.min) throw this.fail(this.at(key), `must be >= ${opts.min}, got ${v}`);
    if (opts.max !== undefined && v > opts.max) throw this.fail(this.at(key), `must be <= ${opts.max}, got ${v}`);
    return v;
  }

  int(key: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    return this.num(key, { min, max, integer: true });
  }

  str<const T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.value[key];
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
      throw this.fail(this.at(key), `expected one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describe(v)}`);
    return v as T;
  }

  bool(key: string): boolean {
    const v = this.value[key];
    if (typeof v !== 'boolean') throw this.fail(this.at(key), `expected true or false, got ${describe(v)}`);
    return v;
  }

  obj(key: string): MetaFields {
    const v = this.value[key];
    if (!isObject(v)) throw this.fail(this.at(key), `expected an object, got ${describe(v)}`);
    return new MetaFields(this.fail, this.at(key), v);
  }

  arr(key: string, opts: { min?: number; max?: number } = {}): unknown[] {
    const v = this.value[key];
    if (!Array.isArray(v)) throw this.fail(this.at(key), `expected an array, got ${describe(v)}`);
    if (opts.min !== undefined && v.length < opts.min) throw this.fail(this.at(key), `needs at least ${opts.min} entries, got ${v.length}`);
    if (opts.max !== undefined && v.length > opts.max) throw this.fail(this.at(key), `allows at most ${opts.max} entries, got ${v.length}`);
    return v;
  }

  /** Each entry of an array of objects, as fields. */
  objects(key: string, opts: { min?: number; max?: number } = {}): MetaFields[] {
    return this.arr(key, opts).map((v, i) => {
      if (!isObject(v)) throw this.fail(`${this.at(key)}[${i}]`, `expected an object, got ${describe(v)}`);
      return new MetaFields(this.fail, `${this.at(key)}[${i}]`, v);
    });
  }

  /** A whole-number array (shapes, layer sizes). */
  ints(key: string, min = 0, max = Number.MAX_SAFE_INTEGER): number[] {
    return this.arr(key).map((v, i) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
        throw this.fail(`${this.at(key)}[${i}]`, `expected a whole number in ${min}..${max}, got ${describe(v)}`);
      return v;
    });
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}...` : v}"`;
  return Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v;
}

/** Largest d or k an artifact may claim: far beyond any model Benchtop trains, small enough to allocate. */
const MAX_DIM = 1 << 24;

/**
 * Reads one artifact for one model kind. The constructor checks the envelope (kind, format,
 * task, d, k, meta is an object, blob names); `blob*` hand out typed copies of blobs with the
 * expected element count; `done()` rejects blobs nobody asked for.
 */
export class ArtifactReader {
  readonly meta: MetaFields;
  readonly task: Task;
  readonly d: number;
  readonly k: number;
  private readonly used = new Set<string>();

  constructor(
    readonly artifact: ModelArtifact,
    readonly model: ModelKind,
    format: number,
    tasks: readonly Task[],
  ) {
    const a = artifact as unknown;
    if (!isObject(a)) throw this.fail('artifact', `expected an object, got ${describe(a)}`);
    if (a.kind !== model) throw this.fail('kind', `expected "${model}", got ${describe(a.kind)}`);
    if (a.format !== format) throw this.fail('format', `this version reads format ${format}, got ${describe(a.format)}`);
    if (typeof a.task !== 'string' || !(tasks as readonly string[]).includes(a.task))
      throw this.fail('task', `expected one of ${tasks.join(', ')}, got ${describe(a.task)}`);
    this.task = a.task as Task;
    const top = new MetaFields(this.fail, 'artifact', a);
    this.d = top.int('d', 0, MAX_DIM);
    this.k = top.int('k', 1, MAX_DIM);
    if (this.task === 'regression' ? this.k !== 1 : this.task === 'binary' ? this.k !== 2 : this.k < 2)
      throw this.fail('k', `${this.k} outputs do not fit a ${this.task} task`);
    if (!isObject(a.meta)) throw this.fail('meta', `expected an object, got ${describe(a.meta)}`);
    this.meta = new MetaFields(this.fail, 'meta', a.meta);
    if (!isObject(a.blobs)) throw this.fail('blobs', `expected an object of named byte arrays, got ${describe(a.blobs)}`);
    for (const [name, bytes] of Object.entries(a.blobs)) {
      if (!BLOB_NAME.test(name)) throw this.fail(`blobs.${name}`, 'is not a valid blob name ([a-z0-9._-], at most 64 characters)');
      if (!(bytes instanceof Uint8Array)) throw this.fail(`blobs.${name}`, `expected bytes, got ${describe(bytes)}`);
    }
  }

  readonly fail = (field: string, reason: string): BenchtopError => benchtopError('model_artifact_invalid', { model: this.model, field, reason });

  hasBlob(name: string): boolean {
    return Object.hasOwn(this.artifact.blobs, name);
  }

  /** The raw bytes of blob `name` (marked as read); `bytes`, when given, is the exact length required. */
  bytes(name: string, bytes?: number): Uint8Array {
    if (!this.hasBlob(name)) throw this.fail(`blobs.${name}`, 'is missing');
    const b = this.artifact.blobs[name]!;
    if (bytes !== undefined && b.byteLength !== bytes) throw this.fail(`blobs.${name}`, `has ${b.byteLength} bytes, expected ${bytes}`);
    this.used.add(name);
    return b;
  }

  private typed<C extends NumericCtor>(name: string, Ctor: C, count: number, finite: boolean): InstanceType<C> {
    const out = fromBytes(this.bytes(name, count * Ctor.BYTES_PER_ELEMENT), Ctor);
    if (finite)
      for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i]!)) throw this.fail(`blobs.${name}`, `value ${i} is ${out[i]}, expected a finite number`);
    return out;
  }

  /** Float64 blob of exactly `count` values; `finite` rejects NaN and infinities. */
  f64(name: string, count: number, finite = true): Float64Array {
    return this.typed(name, Float64Array, count, finite);
  }

  f32(name: string, count: number, finite = true): Float32Array {
    return this.typed(name, Float32Array, count, finite);
  }

  i32(name: string, count: number): Int32Array {
    return this.typed(name, Int32Array, count, false);
  }

  u32(name: string, count: number): Uint32Array {
    return this.typed(name, Uint32Array, count, false);
  }

  u8(name: string, count: number): Uint8Array {
    return this.typed(name, Uint8Array, count, false);
  }

  /** Marks blobs a nested reader consumed (ensemble members). */
  markUsed(name: string): void {
    this.used.add(name);
  }

  /** Every blob must have been read: an unknown one means a layout this version does not understand. */
  done(): void {
    for (const name of Object.keys(this.artifact.blobs)) if (!this.used.has(name)) throw this.fail(`blobs.${name}`, 'is not a blob this model writes');
  }
}

/**
 * elapsedMs is left out: it is the wall clock, not the model, and with it retraining the same
 * spec on the same data would give a different artifact (and bundle). The run record keeps it.
 */
const HISTORY_KEYS = ['epoch', 'trainLoss', 'valLoss', 'learningRate', 'metric'] as const;

/** Training history as JSON; a non-finite value (a NaN metric) is written as null. */
export function historyToJson(history: readonly EpochRecord[]): ArtifactJson {
  return history.map((r) => {
    const row: Record<string, ArtifactJson> = {};
    for (const key of HISTORY_KEYS) {
      const v = r[key];
      if (v !== undefined) row[key] = Number.isFinite(v) ? v : null;
    }
    return row;
  });
}

/** What historyToJson wrote (null -> NaN); epoch is required; elapsedMs is NaN (not stored) unless an older artifact has it. */
export function readHistory(meta: MetaFields, key = 'history'): EpochRecord[] {
  return meta.objects(key).map((f) => {
    const rec: EpochRecord = { epoch: f.int('epoch', 0), trainLoss: numOrNaN(f, 'trainLoss'), elapsedMs: f.raw('elapsedMs') === undefined ? NaN : numOrNaN(f, 'elapsedMs') };
    for (const opt of ['valLoss', 'learningRate', 'metric'] as const) if (f.raw(opt) !== undefined) rec[opt] = numOrNaN(f, opt);
    return rec;
  });
}

function numOrNaN(f: MetaFields, key: string): number {
  return f.raw(key) === null ? NaN : f.num(key);
}

/** bestEpoch when meta has one. */
export function readBestEpoch(meta: MetaFields): number | undefined {
  return meta.has('bestEpoch') ? meta.int('bestEpoch', 0) : undefined;
}
