/**
 * Loads parquet-wasm (arrow-rs compiled to WebAssembly) once per worker or process, and runs
 * its calls so that a Rust panic on damaged data cannot poison later calls.
 *
 * A panic aborts the wasm call with a trap (`RuntimeError: unreachable`) and leaves the module's
 * shadow-stack pointer where the dead frames had moved it; a few hundred traps later the stack
 * runs into the heap and every call fails. The module does not export that pointer, so before
 * compiling we add an export for it to the binary, read it before each call, and put it back
 * after a trap. (The heap the dead call had allocated stays leaked: memory, not correctness.)
 *
 * Only the synchronous entry points are used: a trap inside the async reader happens in a
 * microtask the caller cannot catch, and leaves its promise pending for ever.
 */
import { Compression, initSync, readParquet, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm/esm';
import type { ReaderOptions } from 'parquet-wasm/esm';

const WASM_SPECIFIER = 'parquet-wasm/esm/parquet_wasm_bg.wasm';
const STACK_EXPORT = '__benchtop_stack_pointer';

interface Loaded {
  stackPointer: WebAssembly.Global | undefined;
}

let loading: Promise<Loaded> | undefined;

/** The module, compiled and instantiated on first use. */
function load(): Promise<Loaded> {
  loading ??= (async () => {
    const bytes = await wasmBytes();
    const module = await WebAssembly.compile(exportStackPointer(bytes) ?? bytes);
    const exports = initSync({ module }) as unknown as Record<string, unknown>;
    const sp = exports[STACK_EXPORT];
    return { stackPointer: sp instanceof WebAssembly.Global ? sp : undefined };
  })();
  // A failed load (no network for the asset, say) may succeed on a later import.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

interface NodeLike {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

async function wasmBytes(): Promise<Uint8Array<ArrayBuffer>> {
  const proc = (globalThis as { process?: NodeLike }).process;
  if (proc?.versions?.node && proc.getBuiltinModule) {
    // Node (CLI, tests): read the file next to the package; fetch() cannot read file: URLs here.
    const fs = proc.getBuiltinModule('node:fs') as { readFileSync(path: string): Uint8Array };
    const mod = proc.getBuiltinModule('node:module') as { createRequire(from: string): { resolve(id: string): string } };
    const bytes = fs.readFileSync(mod.createRequire(import.meta.url).resolve(WASM_SPECIFIER));
    return new Uint8Array(bytes);
  }
  // Browser: Vite emits the .wasm as an asset of this build and rewrites the URL to it (same origin).
  const response = await fetch(new URL('parquet-wasm/esm/parquet_wasm_bg.wasm', import.meta.url));
  if (!response.ok) throw new Error(`could not load the Parquet decoder (HTTP ${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Reads row groups `rowGroups` of a Parquet file into Arrow IPC stream bytes (one record batch
 * per `batchSize` rows). Throws `fail(reason)` for anything the decoder rejects, traps included.
 */
export async function decodeRowGroups(
  file: Uint8Array,
  rowGroups: number[],
  batchSize: number,
  fail: (reason: string) => Error,
): Promise<Uint8Array> {
  let loaded: Loaded;
  try {
    loaded = await load();
  } catch (e) {
    throw fail(`the Parquet decoder could not start (${reasonOf(e)})`);
  }
  const sp = loaded.stackPointer?.value as number | undefined;
  try {
    const options: ReaderOptions = { rowGroups, batchSize };
    return readParquet(file, options).intoIPCStream();
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError && loaded.stackPointer && sp !== undefined) loaded.stackPointer.value = sp;
    throw fail(reasonOf(e));
  }
}

/**
 * Arrow IPC stream bytes -> a Parquet file (Snappy; the Arrow schema, its metadata included, kept
 * in the file as arrow-rs does), plus `metadata` as the file's own key-value metadata.
 */
export async function encodeParquet(ipcStream: Uint8Array, metadata: Record<string, string>, fail: (reason: string) => Error): Promise<Uint8Array> {
  let loaded: Loaded;
  try {
    loaded = await load();
  } catch (e) {
    throw fail(`the Parquet encoder could not start (${reasonOf(e)})`);
  }
  const sp = loaded.stackPointer?.value as number | undefined;
  try {
    const props = new WriterPropertiesBuilder().setCompression(Compression.SNAPPY).setCreatedBy('benchtop').setKeyValueMetadata(new Map(Object.entries(metadata))).build();
    return writeParquet(WasmTable.fromIPCStream(ipcStream), props);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError && loaded.stackPointer && sp !== undefined) loaded.stackPointer.value = sp;
    throw fail(reasonOf(e));
  }
}

function reasonOf(e: unknown): string {
  if (e instanceof WebAssembly.RuntimeError) return `the decoder stopped on damaged data (${e.message})`;
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/^Parquet error: /, '').trim() || 'unknown decoder error';
}

/**
 * The wasm binary with one more export: the module's first global, which rustc makes the
 * mutable i32 shadow-stack pointer. Returns undefined (no recovery, still usable) when the
 * binary does not have that shape.
 */
export function exportStackPointer(bytes: Uint8Array): Uint8Array<ArrayBuffer> | undefined {
  let pos = 8;
  const u32 = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++];
      if (b === undefined || shift > 28) throw new Error('bad LEB128');
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  };
  try {
    let stackIsGlobal0 = false;
    let importedGlobals = 0;
    while (pos < bytes.length) {
      const sectionStart = pos;
      const id = bytes[pos++]!;
      const size = u32();
      const body = pos;
      if (id === 2) importedGlobals = countGlobalImports(bytes, body);
      if (id === 6) {
        const count = u32();
        // valtype i32 (0x7f), mutable (0x01)
        stackIsGlobal0 = importedGlobals === 0 && count > 0 && bytes[pos] === 0x7f && bytes[pos + 1] === 0x01;
      }
      if (id === 7) {
        if (!stackIsGlobal0) return undefined;
        pos = body;
        const count = u32();
        const entries = bytes.subarray(pos, body + size);
        const name = new TextEncoder().encode(STACK_EXPORT);
        const added = [...leb(name.length), ...name, 0x03, 0x00];
        const content = concat([new Uint8Array(leb(count + 1)), entries, new Uint8Array(added)]);
        return concat([
          bytes.subarray(0, sectionStart),
          new Uint8Array([7, ...leb(content.length)]),
          content,
          bytes.subarray(body + size),
        ]);
      }
      pos = body + size;
    }
  } catch {
    return undefined;
  }
  return undefined;

  function countGlobalImports(b: Uint8Array, start: number): number {
    const save = pos;
    pos = start;
    let globals = 0;
    const count = u32();
    for (let i = 0; i < count; i++) {
      // (`pos += u32()` would add to pos as it was before the length was read)
      const moduleName = u32();
      pos += moduleName;
      const fieldName = u32();
      pos += fieldName;
      const kind = b[pos++];
      if (kind === 0) u32();
      else if (kind === 1) {
        pos++; // reftype
        const flags = u32();
        u32();
        if (flags & 1) u32();
      } else if (kind === 2) {
        const flags = u32();
        u32();
        if (flags & 1) u32();
      } else if (kind === 3) {
        globals++;
        pos += 2;
      } else throw new Error('unknown import kind');
    }
    pos = save;
    return globals;
  }
}

function leb(value: number): number[] {
  const out: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 0x80;
    out.push(byte);
  } while (v > 0);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
