import { benchtopError, isBenchtopError } from '../errors.ts';
import { throwIfCancelled, yieldToEventLoop } from '../jobs.ts';
import type { CancelToken, ProgressFn } from '../jobs.ts';

/** Default read size: big enough to amortise the per-chunk await, small enough for smooth progress. */
export const DEFAULT_CHUNK_SIZE = 1 << 20;

export interface ReadTextOptions {
  /** Bytes per Blob read (characters per slice for a string source). */
  chunkSize?: number;
  onProgress?: ProgressFn;
  cancel?: CancelToken;
  /** File name for read-failure messages. */
  name?: string;
  /** Progress phase name; 'parse' unless told. */
  phase?: string;
}

/**
 * The text of a string or Blob in chunks, BOM removed. A Blob is read with `slice().arrayBuffer()`
 * (no FileReader: this runs in workers and Node) and decoded with a streaming decoder, so a
 * multi-byte character split across chunks decodes correctly. After each chunk has been consumed
 * it reports {phase, fraction} and yields to the event loop so a cancel request can arrive.
 */
export async function* readTextChunks(source: string | Blob, opts: ReadTextOptions = {}): AsyncGenerator<string> {
  const chunkSize = Math.max(1, Math.floor(opts.chunkSize ?? DEFAULT_CHUNK_SIZE));
  const phase = opts.phase ?? 'parse';
  const report = (fraction: number): void => opts.onProgress?.({ phase, fraction });
  throwIfCancelled(opts.cancel);

  if (typeof source === 'string') {
    const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    for (let pos = 0; pos < text.length; pos += chunkSize) {
      yield text.slice(pos, pos + chunkSize);
      report(Math.min(pos + chunkSize, text.length) / text.length);
      await yieldToEventLoop();
      throwIfCancelled(opts.cancel);
    }
    if (text.length === 0) report(1);
    return;
  }

  // fatal: a Latin-1 file decoded leniently would import with silently mangled labels.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const size = source.size;
  for (let pos = 0; pos < size; pos += chunkSize) {
    let bytes: ArrayBuffer;
    try {
      bytes = await source.slice(pos, pos + chunkSize).arrayBuffer();
    } catch (e) {
      throw benchtopError('file_read_failed', { name: opts.name ?? 'the file', reason: e instanceof Error ? e.message : String(e) });
    }
    const last = pos + chunkSize >= size;
    const text = decode(decoder, bytes, !last, pos);
    if (text.length > 0) yield text;
    report(Math.min(pos + chunkSize, size) / size);
    await yieldToEventLoop();
    throwIfCancelled(opts.cancel);
  }
  if (size === 0) report(1);
}

function decode(decoder: TextDecoder, bytes: ArrayBuffer, stream: boolean, offset: number): string {
  try {
    return decoder.decode(bytes, { stream });
  } catch (e) {
    if (isBenchtopError(e)) throw e;
    throw benchtopError('file_not_utf8', { offset });
  }
}

/** The whole text (for formats that must be parsed at once, like a JSON array), read with progress and cancel. */
export async function readText(source: string | Blob, opts: ReadTextOptions = {}): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of readTextChunks(source, opts)) parts.push(chunk);
  return parts.join('');
}
