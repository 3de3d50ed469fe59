/**
 * Fetch a data file the user named by URL: https only (http for localhost, for tests and local
 * servers), streamed with progress, cancellable, size-capped, and named the way a download
 * would be. Nothing is sent but the request itself: no cookies, no referrer.
 */
import { benchtopError } from '../errors.ts';
import { throwIfCancelled } from '../jobs.ts';
import type { CancelToken, ProgressFn } from '../jobs.ts';

export interface FetchUrlOptions {
  cancel?: CancelToken;
  /** Phase 'fetch': received / Content-Length, or -1 while the length is unknown. */
  onProgress?: ProgressFn;
  /** The fetch to use (tests inject one); default globalThis.fetch. */
  fetch?: typeof fetch;
  /** Refuse bodies larger than this many bytes (url_too_large). Default 2 GiB. */
  maxBytes?: number;
}

export interface FetchedFile {
  bytes: Uint8Array;
  /** File name from Content-Disposition, else the URL's last path segment, else 'download' + extension. */
  name: string;
  /** Media type of the response, lowercased, without parameters ('text/csv'). */
  contentType?: string;
}

export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
/** How often a pending request checks the cancel token (it has no event to wait on). */
const CANCEL_POLL_MS = 100;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const EXTENSIONS: Record<string, string> = {
  'text/csv': '.csv',
  'application/csv': '.csv',
  'text/tab-separated-values': '.tsv',
  'application/json': '.json',
  'application/x-ndjson': '.ndjson',
  'application/jsonl': '.jsonl',
  'application/vnd.apache.parquet': '.parquet',
  'application/x-parquet': '.parquet',
  'application/vnd.apache.arrow.file': '.arrow',
  'application/vnd.apache.arrow.stream': '.arrows',
  'text/plain': '.txt',
};

/** Checks the URL (url_invalid says why not) and returns it parsed. */
export function checkUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw benchtopError('url_invalid', { url, reason: 'it is not a complete web address; it should start with https://' });
  }
  const local = LOCAL_HOSTS.has(parsed.hostname);
  if (parsed.protocol === 'http:' && !local)
    throw benchtopError('url_invalid', { url, reason: 'only https:// addresses are fetched (plain http:// only from this computer, localhost)' });
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw benchtopError('url_invalid', { url, reason: `"${parsed.protocol}" addresses are not fetched; use an https:// address` });
  if (parsed.username || parsed.password)
    throw benchtopError('url_invalid', { url, reason: 'addresses with a user name or password in them are not fetched' });
  return parsed;
}

export async function fetchUrl(url: string, opts: FetchUrlOptions = {}): Promise<FetchedFile> {
  const target = checkUrl(url);
  const shown = target.href;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  throwIfCancelled(opts.cancel);
  const controller = new AbortController();
  const cancel = opts.cancel;
  const poll = cancel
    ? setInterval(() => {
        if (cancel.cancelled) controller.abort();
      }, CANCEL_POLL_MS)
    : undefined;
  const failed = (reason: string): Error => benchtopError('url_fetch_failed', { url: shown, reason });
  try {
    let response: Response;
    try {
      response = await (opts.fetch ?? globalThis.fetch)(target.href, {
        signal: controller.signal,
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
    } catch (e) {
      throwIfCancelled(opts.cancel);
      throw failed(
        `the server could not be reached, or it does not let other sites read the file (CORS: the server must send ` +
          `Access-Control-Allow-Origin). Download the file and drop it into Benchtop instead` +
          (e instanceof Error && e.message ? ` (${e.message})` : ''),
      );
    }
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      throw failed(`the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    const length = Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined;
    if (length !== undefined && length > maxBytes) {
      void response.body?.cancel().catch(() => undefined);
      throw benchtopError('url_too_large', { url: shown, max: maxBytes });
    }
    const bytes = await readBody(response, length, maxBytes, opts, controller, shown, failed);
    const contentType = mediaType(response.headers.get('content-type'));
    const name = fileName(response.headers.get('content-disposition'), response.url || target.href, contentType);
    return contentType === undefined ? { bytes, name } : { bytes, name, contentType };
  } finally {
    if (poll !== undefined) clearInterval(poll);
  }
}

async function readBody(
  response: Response,
  length: number | undefined,
  maxBytes: number,
  opts: FetchUrlOptions,
  controller: AbortController,
  url: string,
  failed: (reason: string) => Error,
): Promise<Uint8Array> {
  const progress = (received: number): void =>
    opts.onProgress?.({ phase: 'fetch', fraction: length ? Math.min(1, received / length) : -1 });
  progress(0);
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > maxBytes) throw benchtopError('url_too_large', { url, max: maxBytes });
    progress(bytes.byteLength);
    return bytes;
  }
  const reader = response.body.getReader();
  // With a declared length the body goes straight into one buffer; otherwise chunks are joined at the end.
  let whole = length !== undefined ? new Uint8Array(length) : undefined;
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (e) {
        throwIfCancelled(opts.cancel);
        throw failed(`the download broke off after ${received} bytes (${e instanceof Error ? e.message : String(e)})`);
      }
      if (step.done) break;
      const chunk = step.value;
      if (received + chunk.byteLength > maxBytes) throw benchtopError('url_too_large', { url, max: maxBytes });
      if (whole && received + chunk.byteLength <= whole.length) whole.set(chunk, received);
      else {
        // More than declared: fall back to collecting chunks.
        if (whole) chunks.push(whole.subarray(0, received));
        whole = undefined;
        chunks.push(chunk);
      }
      received += chunk.byteLength;
      progress(received);
      if (opts.cancel?.cancelled) {
        controller.abort();
        throwIfCancelled(opts.cancel);
      }
    }
  } catch (e) {
    controller.abort();
    void reader.cancel().catch(() => undefined);
    throw e;
  }
  if (whole) {
    if (received < whole.length) throw failed(`the server sent ${received} of the ${whole.length} bytes it announced`);
    return whole;
  }
  const out = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function mediaType(header: string | null): string | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}

/** A safe file name: Content-Disposition (filename* first), else the URL path's last segment. */
export function fileName(disposition: string | null, url: string, contentType?: string): string {
  let name = fromDisposition(disposition);
  if (!name) {
    let path = '';
    try {
      path = new URL(url).pathname;
    } catch {
      // keep ''
    }
    const last = path.split('/').filter(Boolean).pop() ?? '';
    name = decode(last);
  }
  // No folders, no control characters, no leading dots (hidden files).
  name = name.replace(/[\\/]/g, '_').replace(/[\u0000-\u001f\u007f]/g, '').replace(/^\.+/, '').trim();
  const ext = contentType ? EXTENSIONS[contentType] : undefined;
  if (!name) return `download${ext ?? ''}`;
  if (ext && !/\.[A-Za-z0-9]{1,8}$/.test(name)) return name + ext;
  return name;
}

function fromDisposition(header: string | null): string | undefined {
  if (!header) return undefined;
  // RFC 6266 / 5987: filename*=UTF-8''na%C3%AFve.csv wins over filename="naive.csv".
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended?.[2]) {
    const charset = extended[1]?.trim().toLowerCase();
    const value = extended[2].trim().replace(/^"|"$/g, '');
    if (!charset || charset === 'utf-8') {
      const decoded = decode(value);
      if (decoded) return decoded;
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
  const value = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2]?.trim();
  return value || undefined;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
