/**
 * A bounds check of Arrow IPC bytes before Arrow JS reads them. Arrow JS trusts the flatbuffer
 * metadata: a damaged vector length (one flipped byte in a schema) makes it loop over a billion
 * phantom fields until the worker runs out of memory, which no try/catch can stop. So every
 * message's metadata is walked here first: each table, vtable, string and vector must lie inside
 * the bytes, and each body inside the file. Values are not checked; Arrow JS and the
 * normalizer's buffer checks handle those.
 */

type Spec = Record<number, FieldSpec>;
type FieldSpec =
  | { kind: 'scalar'; size: number }
  | { kind: 'string' }
  | { kind: 'table'; spec: () => Spec }
  | { kind: 'tables'; spec: () => Spec }
  | { kind: 'structs'; size: number }
  | { kind: 'union'; typeField: number; specs: Record<number, () => Spec> };

const scalar = (size: number): FieldSpec => ({ kind: 'scalar', size });
const STRING: FieldSpec = { kind: 'string' };
const ANY: () => Spec = () => ({});

// Field numbers follow Arrow's Schema.fbs, Message.fbs and File.fbs.
const KEY_VALUE: () => Spec = () => ({ 0: STRING, 1: STRING });
const DICTIONARY_ENCODING: () => Spec = () => ({ 0: scalar(8), 1: { kind: 'table', spec: ANY }, 2: scalar(1), 3: scalar(2) });
const FIELD: () => Spec = () => ({
  0: STRING,
  1: scalar(1),
  2: scalar(1),
  3: { kind: 'union', typeField: 2, specs: {} },
  4: { kind: 'table', spec: DICTIONARY_ENCODING },
  5: { kind: 'tables', spec: FIELD },
  6: { kind: 'tables', spec: KEY_VALUE },
});
const SCHEMA: () => Spec = () => ({ 0: scalar(2), 1: { kind: 'tables', spec: FIELD }, 2: { kind: 'tables', spec: KEY_VALUE }, 3: { kind: 'structs', size: 8 } });
const RECORD_BATCH: () => Spec = () => ({
  0: scalar(8),
  1: { kind: 'structs', size: 16 },
  2: { kind: 'structs', size: 16 },
  3: { kind: 'table', spec: ANY },
  4: { kind: 'structs', size: 8 },
});
const DICTIONARY_BATCH: () => Spec = () => ({ 0: scalar(8), 1: { kind: 'table', spec: RECORD_BATCH }, 2: scalar(1) });
const MESSAGE: () => Spec = () => ({
  0: scalar(2),
  1: scalar(1),
  2: { kind: 'union', typeField: 1, specs: { 1: SCHEMA, 2: DICTIONARY_BATCH, 3: RECORD_BATCH } },
  3: scalar(8),
  4: { kind: 'tables', spec: KEY_VALUE },
});
const FOOTER: () => Spec = () => ({
  0: scalar(2),
  1: { kind: 'table', spec: SCHEMA },
  2: { kind: 'structs', size: 24 },
  3: { kind: 'structs', size: 24 },
  4: { kind: 'tables', spec: KEY_VALUE },
});

/** Most tables one check visits: bounds the work on metadata crafted to revisit shared tables. */
const MAX_VISITS = 1_000_000;
const MAX_DEPTH = 64;
const MAGIC = 'ARROW1';
/** Message header types (Message.fbs MessageHeader). */
const DICTIONARY_BATCH_TYPE = 2;
const RECORD_BATCH_TYPE = 3;

class Flatbuffer {
  readonly #view: DataView;
  #visits = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly start: number,
    readonly end: number,
  ) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  #need(at: number, size: number, what: string): void {
    if (!(at >= this.start && at + size <= this.end)) throw new Error(`its metadata points outside itself (${what})`);
  }
  u8(at: number): number {
    this.#need(at, 1, 'byte');
    return this.#view.getUint8(at);
  }
  u16(at: number): number {
    this.#need(at, 2, 'short');
    return this.#view.getUint16(at, true);
  }
  u32(at: number): number {
    this.#need(at, 4, 'offset');
    return this.#view.getUint32(at, true);
  }
  i32(at: number): number {
    this.#need(at, 4, 'offset');
    return this.#view.getInt32(at, true);
  }

  root(spec: () => Spec): number {
    const table = this.start + this.u32(this.start);
    this.table(table, spec(), 0);
    return table;
  }

  /** Offset of field `index` inside the table at `table`, or 0 when absent. */
  field(table: number, index: number): number {
    const vtable = table - this.i32(table);
    const size = this.u16(vtable);
    return 4 + 2 * index < size ? this.u16(vtable + 4 + 2 * index) : 0;
  }

  table(at: number, spec: Spec, depth: number): void {
    if (++this.#visits > MAX_VISITS || depth > MAX_DEPTH) throw new Error('its metadata is nested too deeply');
    const vtable = at - this.i32(at);
    const vsize = this.u16(vtable);
    const tsize = this.u16(vtable + 2);
    if (vsize < 4 || vsize % 2 !== 0) throw new Error('its metadata has a malformed table');
    this.#need(vtable, vsize, 'vtable');
    this.#need(at, Math.max(4, tsize), 'table');
    for (const [key, f] of Object.entries(spec)) {
      const index = Number(key);
      const off = this.field(at, index);
      if (off === 0) continue;
      if (f.kind === 'scalar') {
        if (off + f.size > tsize) throw new Error('its metadata has a field outside its table');
        continue;
      }
      if (off + 4 > tsize) throw new Error('its metadata has a field outside its table');
      const ref = at + off + this.u32(at + off);
      switch (f.kind) {
        case 'string':
          this.#need(ref + 4, this.u32(ref), 'string');
          break;
        case 'table':
          this.table(ref, f.spec(), depth + 1);
          break;
        case 'union': {
          const typeOff = this.field(at, f.typeField);
          const type = typeOff === 0 ? 0 : this.u8(at + typeOff);
          this.table(ref, (f.specs[type] ?? ANY)(), depth + 1);
          break;
        }
        case 'structs':
          this.#need(ref + 4, this.u32(ref) * f.size, 'vector');
          break;
        case 'tables': {
          const n = this.u32(ref);
          this.#need(ref + 4, n * 4, 'vector');
          const inner = f.spec();
          for (let k = 0; k < n; k++) {
            const el = ref + 4 + 4 * k;
            this.table(el + this.u32(el), inner, depth + 1);
          }
          break;
        }
      }
    }
  }
}

/** Throws an Error saying what is wrong when `bytes` are not well-framed Arrow IPC (file or stream). */
export function checkArrowIpc(bytes: Uint8Array): void {
  const isFile = startsWith(bytes, 0, MAGIC);
  if (isFile) {
    if (bytes.length < 18 || !startsWith(bytes, bytes.length - 6, MAGIC)) throw new Error('it does not end with the Arrow file signature; the file may be cut short');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const footerLength = view.getInt32(bytes.length - 10, true);
    const footerStart = bytes.length - 10 - footerLength;
    if (footerLength <= 0 || footerStart < 8) throw new Error('its footer length is impossible');
    const footer = new Flatbuffer(bytes, footerStart, bytes.length - 10);
    const root = footer.root(FOOTER);
    // Every block (offset, metadata length, body length) must hold a sound message of its kind:
    // Arrow JS re-reads a record-batch block that holds another kind of message for ever.
    const vectors: [field: number, kind: number][] = [
      [2, DICTIONARY_BATCH_TYPE],
      [3, RECORD_BATCH_TYPE],
    ];
    for (const [index, kind] of vectors) {
      const off = footer.field(root, index);
      if (off === 0) continue;
      const ref = root + off + footer.u32(root + off);
      const n = footer.u32(ref);
      for (let k = 0; k < n; k++) {
        const block = ref + 4 + 24 * k;
        const offset = Number(view.getBigInt64(block, true));
        const metaLength = view.getInt32(block + 8, true);
        const bodyLength = Number(view.getBigInt64(block + 16, true));
        if (!(offset >= 8 && metaLength > 0 && bodyLength >= 0 && offset + metaLength + bodyLength <= footerStart))
          throw new Error('its footer points outside the file');
        checkMessages(bytes, offset, offset + metaLength + bodyLength, 1, kind);
      }
    }
    return;
  }
  checkMessages(bytes, 0, bytes.length, Infinity);
}

/** Walks up to `limit` messages in [start, end): framing, metadata, body lengths, and (if given) header type. */
function checkMessages(bytes: Uint8Array, start: number, end: number, limit: number, kind?: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = start;
  for (let count = 0; count < limit && at + 4 <= end; count++) {
    let length = view.getInt32(at, true);
    at += 4;
    if (length === -1) {
      // 0xFFFFFFFF continuation marker, then the length.
      if (at + 4 > end) throw new Error('it ends inside a message header');
      length = view.getInt32(at, true);
      at += 4;
    }
    if (length === 0) return; // end-of-stream marker
    if (length < 0 || at + length > end) throw new Error('a message claims more bytes than the file holds');
    const metadata = new Flatbuffer(bytes, at, at + length);
    const root = metadata.root(MESSAGE);
    if (kind !== undefined) {
      const typeOff = metadata.field(root, 1);
      if ((typeOff === 0 ? 0 : metadata.u8(root + typeOff)) !== kind) throw new Error('its footer points at the wrong kind of message');
    }
    const bodyOff = metadata.field(root, 3);
    const body = bodyOff === 0 ? 0 : Number(view.getBigInt64(root + bodyOff, true));
    at += length;
    if (!(body >= 0 && at + body <= end)) throw new Error('a message body runs past the end of the file');
    at += body;
  }
}

function startsWith(bytes: Uint8Array, at: number, magic: string): boolean {
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic.charCodeAt(i)) return false;
  return true;
}
