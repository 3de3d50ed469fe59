import type { CancelToken, ProgressFn } from '../jobs.ts';
import { InvalidUtf8, readHead, utf8Chunks } from './read-source.ts';
import type { DataSource } from './read-source.ts';
import { detectEncoding } from './text-encoding.ts';
import type { DetectedEncoding, TextEncodingName } from './text-encoding.ts';

/** Bytes looked at to detect the encoding. */
const HEAD_BYTES = 64 * 1024;

/** The encoding to read `source` in: detected from its head, or forced (a matching BOM is still skipped). */
export async function sourceEncoding(source: DataSource, name: string, forced?: TextEncodingName): Promise<DetectedEncoding> {
  if (typeof source === 'string') return { encoding: 'utf-8', bomLength: 0 };
  const head = await readHead(source, HEAD_BYTES, name);
  if (!forced) return detectEncoding(head, name);
  const [a, b, c] = head;
  if (forced === 'utf-8' && a === 0xef && b === 0xbb && c === 0xbf) return { encoding: forced, bomLength: 3 };
  if (forced === 'utf-16le' && a === 0xff && b === 0xfe) return { encoding: forced, bomLength: 2 };
  if (forced === 'utf-16be' && a === 0xfe && b === 0xff) return { encoding: forced, bomLength: 2 };
  return { encoding: forced, bomLength: 0 };
}

/** What to tell a person about how the bytes were decoded (nothing for plain UTF-8). */
export function encodingNotes(detected: DetectedEncoding, invalidAt: number | undefined): string[] {
  if (detected.encoding === 'windows-1252' && (detected.guessed || invalidAt !== undefined))
    return [
      `The file is not valid UTF-8${invalidAt === undefined ? '' : ` (first bad byte at offset ${invalidAt.toLocaleString('en-US')})`}, so it was read as Windows-1252 (Western European, a superset of Latin-1). If accented letters look wrong, save the file as UTF-8 and import again.`,
    ];
  if (detected.guessed) return [`The file has no byte-order mark but looks like ${detected.encoding.toUpperCase()} text; it was read as such.`];
  return [];
}

/**
 * Run `pass` over the source's UTF-8 bytes; when the bytes turn out not to be UTF-8 part-way,
 * run it again reading them as Windows-1252. Returns the pass result, the encoding used and notes.
 */
export async function withEncoding<T>(
  source: DataSource,
  name: string,
  forced: TextEncodingName | undefined,
  pass: (detected: DetectedEncoding) => Promise<T>,
): Promise<{ result: T; detected: DetectedEncoding; notes: string[] }> {
  let detected = await sourceEncoding(source, name, forced);
  try {
    return { result: await pass(detected), detected, notes: encodingNotes(detected, undefined) };
  } catch (e) {
    if (!(e instanceof InvalidUtf8)) throw e;
    detected = { encoding: 'windows-1252', bomLength: 0 };
    return { result: await pass(detected), detected, notes: encodingNotes(detected, e.offset) };
  }
}

export interface ReadTextOptions {
  name?: string;
  encoding?: TextEncodingName;
  chunkSize?: number;
  onProgress?: ProgressFn;
  cancel?: CancelToken;
}

/** The whole text (for formats parsed at once, like a JSON array), read with progress ('parse') and cancel. */
export async function readText(source: DataSource, opts: ReadTextOptions = {}): Promise<{ text: string; encoding: TextEncodingName; notes: string[] }> {
  const name = opts.name ?? 'the file';
  const { result, detected, notes } = await withEncoding(source, name, opts.encoding, async (detected) => {
    const decoder = new TextDecoder();
    const parts: string[] = [];
    for await (const chunk of utf8Chunks(source, { ...detected, chunkSize: opts.chunkSize, onProgress: opts.onProgress, cancel: opts.cancel, name }))
      parts.push(decoder.decode(chunk, { stream: true }));
    parts.push(decoder.decode());
    return parts.join('');
  });
  return { text: result, encoding: detected.encoding, notes };
}
