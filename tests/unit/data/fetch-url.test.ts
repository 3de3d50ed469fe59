import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUrl, fetchUrl, fileName } from '../../../src/core/data/fetch-url.ts';
import { CancelSource } from '../../../src/core/jobs.ts';
import type { Progress } from '../../../src/core/jobs.ts';

/** A fetch that answers every request with `make()` and records what it was asked. */
function fakeFetch(make: () => Response): typeof fetch & { calls: { url: string; init: RequestInit | undefined }[] } {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    return make();
  }) as typeof fetch & { calls: typeof calls };
  f.calls = calls;
  return f;
}

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

const failure = async (p: Promise<unknown>): Promise<{ code?: string; message: string }> => {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message: string };
  }
  throw new Error('expected a failure');
};

describe('checkUrl', () => {
  it.each([
    ['ftp://example.com/a.csv', /"ftp:" addresses are not fetched/],
    ['file:///etc/passwd', /"file:" addresses are not fetched/],
    ['javascript:alert(1)', /"javascript:" addresses are not fetched/],
    ['http://example.com/a.csv', /only https:\/\/ addresses/],
    ['example.com/a.csv', /not a complete web address/],
    ['https://user:secret@example.com/a.csv', /user name or password/],
  ])('%s -> url_invalid', (url, reason) => {
    let err: unknown;
    try {
      checkUrl(url);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'url_invalid' });
    expect((err as Error).message).toMatch(reason);
  });

  it('accepts https anywhere and http on this computer only', () => {
    expect(checkUrl(' https://example.com/data.csv ').href).toBe('https://example.com/data.csv');
    expect(checkUrl('http://localhost:8080/a.csv').hostname).toBe('localhost');
    expect(checkUrl('http://127.0.0.1/a.csv').hostname).toBe('127.0.0.1');
    expect(checkUrl('http://[::1]/a.csv').hostname).toBe('[::1]');
  });
});

describe('fileName', () => {
  it.each([
    ['attachment; filename="report 2024.csv"', 'https://x.org/download?id=3', undefined, 'report 2024.csv'],
    ["attachment; filename=\"plain.csv\"; filename*=UTF-8''na%C3%AFve%20%E2%82%AC.csv", 'https://x.org/a', undefined, 'naïve €.csv'],
    ['attachment; filename=bare.tsv', 'https://x.org/a', undefined, 'bare.tsv'],
    [null, 'https://x.org/dir/my%20data.parquet?x=1#frag', undefined, 'my data.parquet'],
    [null, 'https://x.org/', 'text/csv', 'download.csv'],
    [null, 'https://x.org/', undefined, 'download'],
    [null, 'https://x.org/api/data', 'application/json', 'data.json'],
    [null, 'https://x.org/rows', 'application/x-ndjson', 'rows.ndjson'],
    ['attachment; filename="../../etc/passwd"', 'https://x.org/a', undefined, '_.._etc_passwd'],
    [null, 'https://x.org/%E0%A4%A.csv', undefined, '%E0%A4%A.csv'],
  ])('%s + %s -> %s', (disposition, url, type, want) => {
    expect(fileName(disposition, url, type)).toBe(want);
  });
});

describe('fetchUrl with an injected fetch', () => {
  it('returns the body, name and media type, without cookies or referrer', async () => {
    const f = fakeFetch(() => new Response('a,b\n1,2\n', { headers: { 'content-type': 'text/csv; charset=utf-8' } }));
    const got = await fetchUrl('https://example.com/files/tiny.csv', { fetch: f });
    expect(new TextDecoder().decode(got.bytes)).toBe('a,b\n1,2\n');
    expect(got.name).toBe('tiny.csv');
    expect(got.contentType).toBe('text/csv');
    expect(f.calls[0]!.url).toBe('https://example.com/files/tiny.csv');
    expect(f.calls[0]!.init).toMatchObject({ credentials: 'omit', referrerPolicy: 'no-referrer' });
  });

  it('turns HTTP errors into url_fetch_failed with the status', async () => {
    const f = fakeFetch(() => new Response('nope', { status: 404, statusText: 'Not Found' }));
    const err = await failure(fetchUrl('https://example.com/missing.csv', { fetch: f }));
    expect(err.code).toBe('url_fetch_failed');
    expect(err.message).toBe('Fetching https://example.com/missing.csv failed: the server answered HTTP 404 Not Found.');
  });

  it('explains a network or CORS failure and suggests dropping the file in', async () => {
    const f = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const err = await failure(fetchUrl('https://elsewhere.org/a.csv', { fetch: f }));
    expect(err.code).toBe('url_fetch_failed');
    expect(err.message).toMatch(/CORS/);
    expect(err.message).toMatch(/Access-Control-Allow-Origin/);
    expect(err.message).toMatch(/Download the file and drop it into Benchtop/);
    expect(err.message).toMatch(/\(Failed to fetch\)/);
  });

  it('refuses bodies over maxBytes, by Content-Length or while streaming', async () => {
    const declared = fakeFetch(() => new Response('x'.repeat(100), { headers: { 'content-length': '100' } }));
    expect((await failure(fetchUrl('https://e.org/a.csv', { fetch: declared, maxBytes: 50 }))).code).toBe('url_too_large');
    const undeclared = fakeFetch(
      () =>
        new Response(
          new ReadableStream({
            start(c) {
              for (let i = 0; i < 10; i++) c.enqueue(new Uint8Array(10));
              c.close();
            },
          }),
        ),
    );
    const err = await failure(fetchUrl('https://e.org/a.csv', { fetch: undeclared, maxBytes: 50 }));
    expect(err.code).toBe('url_too_large');
    expect(err.message).toMatch(/larger than 50 bytes/);
    expect((await fetchUrl('https://e.org/a.csv', { fetch: undeclared, maxBytes: 100 })).bytes.length).toBe(100);
  });

  it("reports 'fetch' progress: fractions with a Content-Length, -1 without", async () => {
    const body = (): ReadableStream<Uint8Array> =>
      new ReadableStream({
        start(c) {
          for (let i = 0; i < 4; i++) c.enqueue(new Uint8Array(25).fill(i));
          c.close();
        },
      });
    const seen: Progress[] = [];
    const sized = await fetchUrl('https://e.org/a.bin', {
      fetch: fakeFetch(() => new Response(body(), { headers: { 'content-length': '100' } })),
      onProgress: (p) => seen.push(p),
    });
    expect(sized.bytes[99]).toBe(3);
    expect(seen.map((p) => [p.phase, p.fraction])).toEqual([
      ['fetch', 0],
      ['fetch', 0.25],
      ['fetch', 0.5],
      ['fetch', 0.75],
      ['fetch', 1],
    ]);
    seen.length = 0;
    await fetchUrl('https://e.org/a.bin', { fetch: fakeFetch(() => new Response(body())), onProgress: (p) => seen.push(p) });
    expect(new Set(seen.map((p) => p.fraction))).toEqual(new Set([-1]));
  });

  it('fails when the server sends less than it announced', async () => {
    const f = fakeFetch(
      () =>
        new Response(
          new ReadableStream({
            start(c) {
              c.enqueue(bytesOf('short'));
              c.close();
            },
          }),
          { headers: { 'content-length': '10' } },
        ),
    );
    const err = await failure(fetchUrl('https://e.org/a.csv', { fetch: f }));
    expect(err.code).toBe('url_fetch_failed');
    expect(err.message).toMatch(/sent 5 of the 10 bytes/);
  });

  it('rejects a bad URL before fetching anything', async () => {
    const f = fakeFetch(() => new Response('x'));
    expect((await failure(fetchUrl('http://example.com/a.csv', { fetch: f }))).code).toBe('url_invalid');
    expect(f.calls).toHaveLength(0);
  });
});

describe('fetchUrl against a local HTTP server', () => {
  let server: Server;
  let base: string;
  const closed: string[] = [];
  const payload = new Uint8Array(300_000).map((_, i) => (i * 31) & 0xff);

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      res.on('close', () => closed.push(req.url ?? ''));
      if (req.url === '/file.parquet') {
        res.writeHead(200, { 'content-type': 'application/vnd.apache.parquet', 'content-length': String(payload.length) });
        // Several writes, so the client sees several chunks.
        let at = 0;
        const next = (): void => {
          if (at >= payload.length) return void res.end();
          res.write(payload.subarray(at, at + 50_000), next);
          at += 50_000;
        };
        next();
      } else if (req.url === '/slow.csv') {
        // Sends a first chunk, then nothing until the client gives up.
        res.writeHead(200, { 'content-type': 'text/csv', 'content-length': '1000000' });
        res.write('a,b\n');
      } else if (req.url === '/hang') {
        // Never answers (the client must cancel while waiting for headers).
      } else if (req.url === '/named') {
        res.writeHead(200, { 'content-disposition': 'attachment; filename="from-server.json"', 'content-type': 'application/json' });
        res.end('[{"a":1}]');
      } else {
        res.writeHead(500);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('streams a file with progress and names it from the URL', async () => {
    const fractions: number[] = [];
    const got = await fetchUrl(`${base}/file.parquet`, { onProgress: (p) => fractions.push(p.fraction) });
    expect(got.name).toBe('file.parquet');
    expect(got.contentType).toBe('application/vnd.apache.parquet');
    expect(got.bytes).toEqual(payload);
    expect(fractions.length).toBeGreaterThan(2);
    expect(fractions.at(-1)).toBe(1);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  });

  it('takes the name from Content-Disposition', async () => {
    const got = await fetchUrl(`${base}/named`);
    expect(got.name).toBe('from-server.json');
    expect(new TextDecoder().decode(got.bytes)).toBe('[{"a":1}]');
  });

  it('reports a server error as url_fetch_failed', async () => {
    expect(await failure(fetchUrl(`${base}/broken`))).toMatchObject({ code: 'url_fetch_failed', message: expect.stringMatching(/HTTP 500/) });
  });

  it('cancels mid-download and closes the connection', async () => {
    const cancel = new CancelSource();
    const started = Date.now();
    const err = await failure(fetchUrl(`${base}/slow.csv`, { cancel, onProgress: (p) => p.fraction > 0 && cancel.cancel() }));
    expect(err.code).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(5000);
    await expect.poll(() => closed.includes('/slow.csv')).toBe(true);
  });

  it('cancels while waiting for the response headers', async () => {
    const cancel = new CancelSource();
    setTimeout(() => cancel.cancel(), 150);
    const err = await failure(fetchUrl(`${base}/hang`, { cancel }));
    expect(err.code).toBe('cancelled');
    await expect.poll(() => closed.includes('/hang')).toBe(true);
  });
});
