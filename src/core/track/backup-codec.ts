/**
 * Lossless record encoding for workspace backups: what IndexedDB stores (structured-clone
 * values) as JSON text plus one binary blob per part.
 *
 * JSON alone would lose typed arrays, NaN, Infinity, -0, undefined, Dates, Maps and Sets, and
 * base64 would bloat table chunks by a third. So every such value becomes a tagged object
 * {"$": tag, ...}: binary data is copied into the part's blob and referenced by byte offset and
 * element count ({"$":"bin","t":"Float64Array","o":0,"n":12}); a plain object that itself has
 * a "$" key is wrapped ({"$":"obj","v":{...}}) so no record can be mistaken for a tag.
 * Typed arrays are stored in the platform's byte order, which the manifest names ('little');
 * restore refuses another.
 *
 * Decoding trusts nothing: unknown tags, wrong fields, offsets outside the blob and lengths
 * that do not fit are BackupDecodeErrors naming the path, which restore turns into backup_invalid.
 */
import { benchtopError } from '../errors.ts';

const TYPED = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedName = keyof typeof TYPED;
const TYPED_NAMES = new Set<string>(Object.keys(TYPED));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Collects binary payloads into one blob, each at an 8-byte-aligned offset. */
export class BinWriter {
  #parts: Uint8Array[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  add(bytes: Uint8Array): number {
    const pad = (8 - (this.#size % 8)) % 8;
    if (pad) this.#parts.push(new Uint8Array(pad));
    const offset = this.#size + pad;
    this.#parts.push(bytes);
    this.#size = offset + bytes.byteLength;
    return offset;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.#size);
    let at = 0;
    for (const p of this.#parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  }
}

const fail = (path: string, reason: string) => benchtopError('backup_failed', { reason: `${path}: ${reason}` });

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A stored value as JSON-compatible data, its binary parts appended to `bin`. */
export function encodeValue(value: unknown, bin: BinWriter, path = '$'): Json {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isNaN(value)) return { $: 'num', v: 'NaN' };
      if (value === Infinity) return { $: 'num', v: 'Infinity' };
      if (value === -Infinity) return { $: 'num', v: '-Infinity' };
      if (Object.is(value, -0)) return { $: 'num', v: '-0' };
      return value;
    case 'undefined':
      return { $: 'undef' };
    case 'bigint':
      return { $: 'bigint', v: value.toString() };
    case 'object':
      break;
    default:
      throw fail(path, `a ${typeof value} cannot be stored`);
  }
  if (value === null) return null;
  if (ArrayBuffer.isView(value)) {
    // instanceof, not constructor names: subclasses (Node's Buffer) are stored as their base type.
    const name = (Object.keys(TYPED) as TypedName[]).find((k) => value instanceof TYPED[k]);
    if (!name) throw fail(path, `a ${value.constructor.name} cannot be stored`);
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    const n = (value as unknown as { length: number }).length;
    return { $: 'bin', t: name, o: bin.add(bytes), n };
  }
  if (value instanceof ArrayBuffer) return { $: 'bin', t: 'ArrayBuffer', o: bin.add(new Uint8Array(value)), n: value.byteLength };
  if (value instanceof Date) return { $: 'date', v: encodeValue(value.getTime(), bin, path) };
  if (value instanceof Map) return { $: 'map', v: [...value].map(([k, v], i) => [encodeValue(k, bin, `${path}<key ${i}>`), encodeValue(v, bin, `${path}<value ${i}>`)]) };
  if (value instanceof Set) return { $: 'set', v: [...value].map((v, i) => encodeValue(v, bin, `${path}<item ${i}>`)) };
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (let i = 0; i < value.length; i++) out.push(encodeValue(value[i], bin, `${path}[${i}]`));
    return out;
  }
  if (!isPlainObject(value)) throw fail(path, `a ${value.constructor?.name ?? 'non-plain object'} cannot be stored`);
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(value)) out[k] = encodeValue(v, bin, `${path}.${k}`);
  return Object.hasOwn(out, '$') ? { $: 'obj', v: out } : out;
}

export class BackupDecodeError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

const NUMBERS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

function keysAre(o: Record<string, unknown>, keys: string[]): boolean {
  const own = Object.keys(o);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(o, k));
}

/** The stored value `json` encodes, reading binary parts from `bin`. */
export function decodeValue(json: unknown, bin: Uint8Array, path = '$', depth = 0): unknown {
  if (depth > 200) throw new BackupDecodeError(path, 'values are nested too deeply');
  if (json === null || typeof json === 'string' || typeof json === 'boolean' || typeof json === 'number') return json;
  if (Array.isArray(json)) return json.map((v, i) => decodeValue(v, bin, `${path}[${i}]`, depth + 1));
  if (typeof json !== 'object') throw new BackupDecodeError(path, 'not a JSON value');
  const o = json as Record<string, unknown>;
  if (!Object.hasOwn(o, '$')) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = decodeValue(v, bin, `${path}.${k}`, depth + 1);
    return out;
  }
  const tag = o.$;
  const bad = (reason: string) => new BackupDecodeError(path, reason);
  switch (tag) {
    case 'num':
      if (!keysAre(o, ['$', 'v']) || typeof o.v !== 'string' || !(o.v in NUMBERS)) throw bad('a malformed special number');
      return NUMBERS[o.v];
    case 'undef':
      if (!keysAre(o, ['$'])) throw bad('a malformed undefined');
      return undefined;
    case 'bigint':
      if (!keysAre(o, ['$', 'v']) || typeof o.v !== 'string' || !/^-?[0-9]{1,400}$/.test(o.v)) throw bad('a malformed bigint');
      return BigInt(o.v);
    case 'date': {
      if (!keysAre(o, ['$', 'v'])) throw bad('a malformed date');
      const ms = decodeValue(o.v, bin, path, depth + 1);
      if (typeof ms !== 'number') throw bad('a malformed date');
      return new Date(ms);
    }
    case 'map':
      if (!keysAre(o, ['$', 'v']) || !Array.isArray(o.v)) throw bad('a malformed map');
      return new Map(
        o.v.map((pair: unknown, i) => {
          if (!Array.isArray(pair) || pair.length !== 2) throw bad(`map entry ${i} is not a [key, value] pair`);
          return [decodeValue(pair[0], bin, `${path}<key ${i}>`, depth + 1), decodeValue(pair[1], bin, `${path}<value ${i}>`, depth + 1)];
        }),
      );
    case 'set':
      if (!keysAre(o, ['$', 'v']) || !Array.isArray(o.v)) throw bad('a malformed set');
      return new Set(o.v.map((v: unknown, i) => decodeValue(v, bin, `${path}<item ${i}>`, depth + 1)));
    case 'obj': {
      if (!keysAre(o, ['$', 'v']) || !o.v || typeof o.v !== 'object' || Array.isArray(o.v)) throw bad('a malformed escaped object');
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(o.v as Record<string, unknown>)) out[k] = decodeValue(v, bin, `${path}.${k}`, depth + 1);
      return out;
    }
    case 'bin':
      return decodeBinary(o, bin, bad);
    default:
      throw bad(`unknown value tag ${JSON.stringify(tag)}`);
  }
}

function decodeBinary(o: Record<string, unknown>, bin: Uint8Array, bad: (reason: string) => BackupDecodeError): ArrayBuffer | ArrayBufferView {
  const { t, o: offset, n } = o;
  if (!keysAre(o, ['$', 't', 'o', 'n']) || typeof t !== 'string') throw bad('a malformed binary reference');
  if (t !== 'ArrayBuffer' && !TYPED_NAMES.has(t)) throw bad(`unknown binary type ${JSON.stringify(t)}`);
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(n) || (offset as number) < 0 || (n as number) < 0) throw bad('a binary reference with an invalid offset or length');
  const per = t === 'ArrayBuffer' ? 1 : TYPED[t as TypedName].BYTES_PER_ELEMENT;
  const start = offset as number;
  const end = start + (n as number) * per;
  if (end > bin.byteLength) throw bad(`binary data at bytes ${start}-${end} lies outside the part's ${bin.byteLength} bytes`);
  // A copy: each value owns its buffer, aligned, as IndexedDB would hand it back.
  const copy = bin.slice(start, end).buffer;
  return t === 'ArrayBuffer' ? copy : new TYPED[t as TypedName](copy);
}

/** 'little' on every platform Benchtop runs on; recorded so a file is never read with the wrong byte order. */
export const ENDIANNESS: 'little' | 'big' = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 'little' : 'big';
