import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../../src/core/share/base64url.ts';
import { buildShareLink } from '../../../src/core/share/build-share-link.ts';
import { checkSharedData } from '../../../src/core/share/check-shared-data.ts';
import { decodeShareLink, inflateCapped, readShareLink } from '../../../src/core/share/decode-share-link.ts';
import { LINK_BUDGET, encodeShareLink, fragmentOf, shareLinkOutput, shareUrl } from '../../../src/core/share/encode-share-link.ts';
import { isBenchtopError } from '../../../src/core/errors.ts';
import { penguinsLink } from './fixture.ts';

/** Encode any JSON value the way a link does, to hand-craft hostile payloads. */
const craft = (value: unknown, tag = 'b1.'): string => tag + toBase64url(deflateSync(new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value))));

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isBenchtopError(e)) return `${e.code}${e.location.field ? `@${e.location.field}` : ''}`;
    throw e;
  }
  return 'ok';
}

describe('share links: round trip', () => {
  it('decodes exactly what was encoded, deterministically, behind a version prefix', async () => {
    const { link, spec } = await penguinsLink();
    const fragment = encodeShareLink(link);
    expect(fragment.startsWith('b1.')).toBe(true);
    expect(fragment).toMatch(/^b1\.[A-Za-z0-9_-]+$/);
    expect(encodeShareLink(link)).toBe(fragment);
    const back = decodeShareLink(fragment);
    expect(back).toEqual(link);
    expect(back.spec.model).toEqual(spec.model);
    expect(back.spec.pipeline).toEqual(spec.pipeline);
    // Metrics survive bit for bit; non-finite ones (no JSON form) are left out.
    expect(back.expected?.metrics.log_loss).toBe(0.1234567890123);
    expect(back.expected?.metrics).not.toHaveProperty('roc_auc');
    expect(back.spec.data.fingerprint).toBe(spec.data.fingerprint);
  });

  it('keeps only the columns the spec reads in the contract', async () => {
    const { link, dataset } = await penguinsLink();
    const names = link.contract.map((c) => c.name);
    expect(names).toContain('Species');
    expect(names.length).toBeLessThanOrEqual(dataset.columns.length);
    for (const c of link.contract) expect(dataset.columns.find((d) => d.name === c.name)?.kind).toBe(c.kind);
  });

  it('drops a search and refuses a spec without a fingerprint', async () => {
    const { spec, dataset } = await penguinsLink();
    const withSearch = { ...spec, search: { strategy: 'random', trials: 3, space: { 'model.rounds': { kind: 'int', low: 2, high: 4 } } } };
    const link = buildShareLink({ spec: withSearch as never, columns: dataset.columns, source: { kind: 'file' } });
    expect(link.spec).not.toHaveProperty('search');
    expect(link.expected).toBeUndefined();
    expect(codeOf(() => buildShareLink({ spec: { ...spec, data: {} }, columns: [], source: { kind: 'file' } }))).toBe('link_invalid@spec.data.fingerprint');
  });

  it('accepts a whole URL, a fragment or the bare payload', async () => {
    const { link } = await penguinsLink();
    const fragment = encodeShareLink(link);
    const url = shareUrl('https://example.org/benchtop/index.html#/runs/abc', fragment);
    expect(url).toBe(`https://example.org/benchtop/index.html#/link/${fragment}`);
    expect(fragmentOf(url)).toBe(fragment);
    expect(decodeShareLink(url)).toEqual(link);
    expect(decodeShareLink(`#/link/${fragment}`)).toEqual(link);
  });

  it('reports tooLong past the budget and still offers the JSON', async () => {
    const { link } = await penguinsLink();
    const ok = shareLinkOutput(link);
    expect(ok.tooLong).toBe(false);
    expect(ok.fragment?.length).toBe(ok.length);
    const small = shareLinkOutput(link, 20);
    expect(small.tooLong).toBe(true);
    expect(small.fragment).toBeUndefined();
    expect(JSON.parse(small.json)).toEqual(link);
  });
});

describe('share links: hostile input', () => {
  it('refuses corrupt encodings with link_corrupt', () => {
    expect(codeOf(() => decodeShareLink(''))).toBe('link_corrupt');
    expect(codeOf(() => decodeShareLink('hello'))).toBe('link_corrupt');
    expect(codeOf(() => decodeShareLink('b1.@@@@'))).toBe('link_corrupt');
    expect(codeOf(() => decodeShareLink('b1.AAAA'))).toBe('link_corrupt');
    expect(codeOf(() => decodeShareLink(craft('{"format": 1,'))) ).toBe('link_corrupt');
    expect(codeOf(() => decodeShareLink('b1.' + toBase64url(new Uint8Array([0xff, 0xfe, 0x00]))))).toBe('link_corrupt');
  });

  it('refuses a cut-short link', async () => {
    const { link } = await penguinsLink();
    const fragment = encodeShareLink(link);
    expect(codeOf(() => decodeShareLink(fragment.slice(0, Math.floor(fragment.length / 2))))).toMatch(/^link_(corrupt|invalid)/);
  });

  it('refuses unknown format versions', () => {
    expect(codeOf(() => decodeShareLink(craft({ format: 1 }, 'b2.')))).toBe('link_version_unsupported');
  });

  it('refuses oversized links before decoding them', () => {
    expect(codeOf(() => decodeShareLink('b1.' + 'A'.repeat(LINK_BUDGET)))).toBe('link_too_large');
  });

  it('stops inflating a decompression bomb at the cap', () => {
    const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024).fill(32), { level: 9 });
    const fragment = 'b1.' + toBase64url(bomb);
    expect(fragment.length).toBeLessThan(LINK_BUDGET * 20);
    expect(codeOf(() => inflateCapped(bomb, 1024))).toBe('link_too_large');
    // A bomb small enough to fit the character budget: ~4 MB of spaces.
    const small = deflateSync(new Uint8Array(4 * 1024 * 1024).fill(32), { level: 9 });
    const smallFragment = 'b1.' + toBase64url(small);
    expect(smallFragment.length).toBeLessThanOrEqual(LINK_BUDGET);
    expect(codeOf(() => decodeShareLink(smallFragment))).toBe('link_too_large');
  });

  it('refuses __proto__, constructor and unknown keys anywhere, without polluting prototypes', async () => {
    const { link } = await penguinsLink();
    const text = JSON.stringify(link);
    const proto = text.replace('"format":1', '"format":1,"__proto__":{"polluted":true}');
    expect(codeOf(() => decodeShareLink(craft(proto)))).toBe('link_invalid@__proto__');
    const nested = text.replace('"seed":', '"__proto__":{"polluted":true},"seed":');
    expect(codeOf(() => decodeShareLink(craft(nested)))).toBe('link_invalid@spec.__proto__');
    const ctor = text.replace('"backend":"cpu"', '"backend":"cpu","constructor":{"prototype":{"polluted":true}}');
    expect(codeOf(() => decodeShareLink(craft(ctor)))).toBe('link_invalid@expected.constructor');
    expect(codeOf(() => decodeShareLink(craft({ ...link, extra: 1 })))).toBe('link_invalid@extra');
    expect(codeOf(() => decodeShareLink(craft({ ...link, spec: { ...link.spec, evil: 1 } })))).toMatch(/^link_invalid@spec/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses wrong types with the field path', async () => {
    const { link } = await penguinsLink();
    expect(codeOf(() => decodeShareLink(craft([link])))).toBe('link_invalid@(root)');
    expect(codeOf(() => decodeShareLink(craft({ ...link, format: '1' })))).toBe('link_invalid@format');
    expect(codeOf(() => decodeShareLink(craft({ ...link, spec: { ...link.spec, seed: 'x' } })))).toMatch(/^link_invalid@spec\.seed/);
    expect(codeOf(() => decodeShareLink(craft({ ...link, spec: { ...link.spec, data: { fingerprint: 'abc' } } })))).toBe('link_invalid@spec.data.fingerprint');
    expect(codeOf(() => decodeShareLink(craft({ ...link, source: { kind: 'url', url: 'javascript:alert(1)' } })))).toBe('link_invalid@source.url');
    expect(codeOf(() => decodeShareLink(craft({ ...link, source: { kind: 'sample', id: '../etc' } })))).toBe('link_invalid@source.id');
    expect(codeOf(() => decodeShareLink(craft({ ...link, contract: [{ name: 'a', kind: 'blob' }] })))).toBe('link_invalid@contract.0.kind');
    expect(codeOf(() => decodeShareLink(craft({ ...link, expected: { backend: 'cpu', metrics: { accuracy: '1' } } })))).toBe('link_invalid@expected.metrics.accuracy');
    expect(codeOf(() => decodeShareLink(craft({ ...link, expected: { backend: 'quantum', metrics: {} } })))).toBe('link_invalid@expected.backend');
    expect(codeOf(() => decodeShareLink(craft({ ...link, expected: { backend: 'cpu', metrics: {}, runtime: 'deno' } })))).toBe('link_invalid@expected.runtime');
    expect(codeOf(() => decodeShareLink(craft({ ...link, expected: { backend: 'cpu', metrics: {}, adapter: '<script>\u0000' } })))).toBe('link_invalid@expected.adapter');
    expect(decodeShareLink(craft({ ...link, expected: { backend: 'webgpu', metrics: {}, adapter: 'google / swiftshader', runtime: 'browser' } })).expected).toEqual({
      backend: 'webgpu',
      metrics: {},
      adapter: 'google / swiftshader',
      runtime: 'browser',
    });
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    expect(codeOf(() => decodeShareLink(craft({ ...link, contract: deep })))).toMatch(/^link_invalid/);
  });
});

describe('checkSharedData', () => {
  it('passes the same data and refuses a different file, saying how it differs', async () => {
    const { link, dataset } = await penguinsLink();
    expect(() => checkSharedData(link, dataset)).not.toThrow();
    const other = { name: 'other.csv', fingerprint: 'f'.repeat(64), columns: dataset.columns.filter((c) => c.name !== 'Island').map((c) => (c.name === 'Sex' ? { ...c, kind: 'text' } : c)) };
    try {
      checkSharedData(link, other);
      expect.unreachable();
    } catch (e) {
      expect(isBenchtopError(e) && e.code).toBe('link_data_mismatch');
      const message = (e as Error).message;
      expect(message).toContain('other.csv');
      expect(message).toContain(link.spec.data.fingerprint.slice(0, 12));
      if (link.contract.some((c) => c.name === 'Island')) expect(message).toContain('no column "Island"');
    }
  });
});

describe('readShareLink: a link or a shared spec file', () => {
  it('reads both forms to the same payload, and refuses a hostile file like a hostile link', async () => {
    const { link } = await penguinsLink();
    const fragment = encodeShareLink(link);
    expect(readShareLink(fragment)).toEqual(link);
    expect(readShareLink(`  \n${JSON.stringify(link, null, 2)}`)).toEqual(link);
    expect(codeOf(() => readShareLink('{"format":1,')).split('@')[0]).toBe('link_corrupt');
    expect(codeOf(() => readShareLink(JSON.stringify({ ...link, extra: 1 })))).toMatch(/^link_invalid/);
    expect(codeOf(() => readShareLink('{"format":1,"__proto__":{"x":1}}'))).toMatch(/^link_invalid/);
  });
});
