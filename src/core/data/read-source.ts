import { benchtopError } from '../errors.ts';
import { throwIfCancelled, yieldToEventLoop } from '../jobs.ts';
import type { CancelToken, ProgressFn } from '../jobs.ts';
import { Utf16ToUtf8, Utf8Validator, windows1252ToUtf8 } from './text-encoding.ts';
import type { TextEncodingName } from './text-encoding.ts';

/** What the readers accept: text already decoded, a Blob/File, or raw bytes. */
export type DataSource = string | Blob | Uint8Array;

/** Default read size: big enough to amortise the per-chunk await, small enough for smooth progress. */
export const DEFAULT_CHUNK_SIZE = 1 << 20;

/** Thrown inside a UTF-8 read when the bytes are not UTF-8; the reader then starts over as Windows-1252. */
export class InvalidUtf8 extends Error {
  constructor(readonly offset: number) {
    super(`invalid UTF-8 at byte ${offset}`);
  }
}

/** The first `n` bytes (a string source: the UTF-8 bytes of its first `n` characters). */
export async function readHead(source: DataSource, n: number, name: string): Promise<Uint8Array> {
  if (typeof source === 'string') return new TextEncoder().encode(source.slice(0, n));
  if (source instanceof Uint8Array) return source.subarray(0, n);
  return readBlob(source, 0, n, name);
}

async function readBlob(blob: Blob, start: number, end: number, name: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await blob.slice(start, end).arrayBuffer());
  } catch (e) {
    throw benchtopError('file_read_failed', { name, reason: e instanceof Error ? e.message : String(e) });
  }
}

export interface Utf8ChunkOptions {
  encoding: TextEncodingName;
  /** Byte-order mark bytes to skip at the start of a byte source. */
  bomLength: number;
  /** Bytes per read (characters per slice for a string). */
  chunkSize?: number;
  onProgress?: ProgressFn;
  cancel?: CancelToken;
  /** Progress phase name. */
  phase?: string;
  /** File name for messages. */
  name?: string;
}

/**
 * The source as UTF-8 bytes, chunk by chunk: a string is encoded slice by slice (never cutting a
 * surrogate pair; a leading BOM dropped), bytes are checked as UTF-8 (InvalidUtf8 when they are
 * not) or transcoded from Windows-1252 or UTF-16. A Blob is read with `slice().arrayBuffer()`
 * (no FileReader: this runs in workers and Node). After each chunk has been consumed it reports
 * {phase, fraction} and yields to the event loop, so a cancel request can arrive; a cancelled
 * read rejects with code 'cancelled'. Chunks may be views the caller must copy to keep.
 */
export async function* utf8Chunks(source: DataSource, opts: Utf8ChunkOptions): AsyncGenerator<Uint8Array> {
  const chunkSize = Math.max(1, Math.floor(opts.chunkSize ?? DEFAULT_CHUNK_SIZE));
  const phase = opts.phase ?? 'parse';
  const name = opts.name ?? 'the file';
  const report = (fraction: number): void => opts.onProgress?.({ phase, fraction });
  const settle = async (fraction: number): Promise<void> => {
    report(fraction);
    await yieldToEventLoop();
    throwIfCancelled(opts.cancel);
  };
  throwIfCancelled(opts.cancel);

  if (typeof source === 'string') {
    const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    const encoder = new TextEncoder();
    const scratch = new Uint8Array(chunkSize * 3 + 4);
    let pos = 0;
    while (pos < text.length) {
      let end = Math.min(pos + chunkSize, text.length);
      // Keep a surrogate pair together (a lone half would encode as U+FFFD).
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end = end - 1 > pos ? end - 1 : end + 1;
      const { written } = encoder.encodeInto(text.slice(pos, end), scratch);
      yield scratch.subarray(0, written);
      pos = end;
      await settle(pos / text.length);
    }
    if (text.length === 0) report(1);
    return;
  }

  const size = source instanceof Uint8Array ? source.length : source.size;
  const start = Math.min(opts.bomLength, size);
  const validator = opts.encoding === 'utf-8' ? new Utf8Validator() : undefined;
  const utf16 = opts.encoding === 'utf-16le' || opts.encoding === 'utf-16be' ? new Utf16ToUtf8(opts.encoding, name) : undefined;
  for (let pos = start; pos < size; pos += chunkSize) {
    const end = Math.min(pos + chunkSize, size);
    const raw = source instanceof Uint8Array ? source.subarray(pos, end) : await readBlob(source, pos, end, name);
    const last = end >= size;
    if (validator) {
      let bad = validator.push(raw);
      if (bad < 0 && last) bad = validator.finish();
      if (bad >= 0) throw new InvalidUtf8(bad + start);
      yield raw;
    } else if (utf16) yield utf16.push(raw, last);
    else yield windows1252ToUtf8(raw);
    await settle((end - start) / (size - start));
  }
  if (size <= start) report(1);
}
